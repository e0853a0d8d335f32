"""Work reports (Rapport): actual consumption per order; extra material moves stock, what the
delivery note moved already does not move twice."""

from datetime import date
from decimal import Decimal

from kontor.core.documents.conversion import convert
from kontor.core.documents.schemas import DocumentUpdate, LineInput
from kontor.core.documents.services import lines_of, update_document
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.core.documents.schemas import DocumentCreate
from kontor.core.documents.services import create_document

D = Decimal


def test_a_work_report_from_a_delivery_note_books_only_the_extra_pipe(company):
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="1", short_name="K", name1="K GmbH")
        pipe = Article(tenant_id=ctx.tenant_id, number="R-1", description="Kupferrohr", sales_price_1=D("8.40"))
        session.add_all([customer, pipe])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pipe.id, quantity=D("50"), moved_on=date(2026, 1, 1), symbol="AB")])
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer.id,
                                                             lines=[LineInput(article_id=pipe.id, quantity=D("10"))]))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id])
        assert on_hand(session, ctx, pipe.id) == D("40")

        report = convert(session, ctx, "work_report", source_document_ids=[note.id])
        assert on_hand(session, ctx, pipe.id) == D("40")  # the delivery moved it already
        line = lines_of(session, report.id)[0]
        update_document(session, ctx, report.id, DocumentUpdate(lines=[LineInput(id=line.id, quantity=D("12"))]))
        assert on_hand(session, ctx, pipe.id) == D("38")  # two metres more were used on site
        status = document_status(session, ctx, order)
        assert [(s.ordered, s.delivered, s.reported) for s in status.lines] == [(D("10"), D("10"), D("12"))]
        assert verify_ledger(session, ctx.tenant_id) == []
