"""On PostgreSQL, plain SQL cannot change a posted invoice either (revision core_0003):
only the history (archived_at) and the working list (done) may still be set."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.partial import create_partial_invoice
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.parties.models import Customer

D = Decimal


@pytest.fixture
def documents(company):
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("the database guard exists on PostgreSQL only; SQLite relies on the services")
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        session.add(customer)
        session.flush()
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=customer.id, doc_date=date(2026, 3, 2),
            lines=[LineInput(description="Monteurstunde", article_type="L", quantity=D("4"), unit_price=D("58.50"))]))
        posted = convert(session, ctx, "invoice", source_document_ids=[order.id], doc_date=date(2026, 3, 3))
        post_document(session, ctx, posted.id)
        draft = create_document(session, ctx, DocumentCreate(
            kind="invoice", customer_id=customer.id, doc_date=date(2026, 3, 4),
            lines=[LineInput(description="Anfahrt", article_type="L", quantity=D("1"), unit_price=D("25.00"))]))
        partial = create_partial_invoice(session, ctx, order.id, amount=D("10.00"), on=date(2026, 3, 5))
        return {"posted": posted.id, "draft": draft.id, "partial": partial.id, "order": order.id,
                "line": lines_of(session, posted.id)[0].id}


def sql(company, statement: str, **params):
    with company.kontor.db.write() as session:
        return session.execute(text(statement), params).rowcount


@pytest.mark.parametrize("statement", [
    "UPDATE document SET net_total = 0 WHERE id = :id",
    "UPDATE document SET posted_at = NULL, number = NULL WHERE id = :id",
    "UPDATE document SET archived_at = now(), footer_text = 'anders' WHERE id = :id",
    "DELETE FROM document_line WHERE document_id = :id",
    "UPDATE document_line SET unit_price = 1 WHERE document_id = :id",
    ("INSERT INTO document_line (tenant_id, document_id, position, temporary, article_number, description, long_text,"
    " article_type, quantity, unit, unit_price, discount_percent, net_amount, tax_rate, cost_price, optional,"
    " price_source, restock) SELECT tenant_id, document_id, 9, true, '', 'mehr', '', 'L', 1, '', 1, 0, 1, 0, 0,"
    " false, '', true FROM document_line WHERE document_id = :id"),
    "DELETE FROM document WHERE id = :id",
])
def test_plain_sql_cannot_change_a_posted_invoice(company, documents, statement):
    for key in ("posted", "partial"):
        with pytest.raises(DBAPIError, match="posted .* (cannot change|cannot be deleted)"):
            sql(company, statement, id=documents[key])
    with company.read() as (session, ctx):
        invoice = session.get(Document, documents["posted"])
        assert (invoice.number, invoice.net_total, invoice.archived_at) == ("RE000001", D("234.00"), None)
        assert [l.unit_price for l in lines_of(session, invoice.id)] == [D("58.50")]


def test_history_and_working_list_may_still_be_set(company, documents):
    assert sql(company, "UPDATE document SET archived_at = now() WHERE id = :id", id=documents["posted"]) == 1
    assert sql(company, "UPDATE document SET done = true WHERE id = :id", id=documents["posted"]) == 1
    with company.read() as (session, ctx):
        invoice = session.get(Document, documents["posted"])
        assert invoice.archived_at is not None and invoice.done


def test_drafts_and_other_documents_stay_free(company, documents):
    assert sql(company, "UPDATE document SET footer_text = 'Entwurf' WHERE id = :id", id=documents["draft"]) == 1
    assert sql(company, "UPDATE document_line SET unit_price = 30, net_amount = 30 WHERE document_id = :id",
               id=documents["draft"]) == 1
    assert sql(company, "UPDATE document SET order_info = 'frei' WHERE id = :id", id=documents["order"]) == 1
    with company.read() as (session, ctx):
        assert session.exec(select(DocumentLine.unit_price).where(
            DocumentLine.document_id == documents["draft"])).one() == D("30")
