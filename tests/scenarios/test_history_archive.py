"""The year-end clean-up: finished documents up to a day move to the history, where they are
still read and found, and never change."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.conversion import convert
from kontor.core.documents.history import archive_documents
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.services import (
    create_document, delete_document, list_documents, read_document, set_done, update_document,
)
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict, PermissionDenied

D = Decimal


@pytest.fixture
def year(company):
    """Documents of 2025 in every condition, and one of 2026."""
    def hours(n="1"):
        return [LineInput(description="Monteurstunde", article_type="L", quantity=D(n), unit_price=D("58.50"))]

    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        session.add(customer)
        session.flush()

        def new(kind, on, n="1"):
            return create_document(session, ctx, DocumentCreate(kind=kind, customer_id=customer.id, doc_date=on,
                                                                 lines=hours(n)))

        done_quote = new("quote", date(2025, 5, 1))
        set_done(session, ctx, done_quote.id, True)
        open_quote = new("quote", date(2025, 5, 2))
        invoiced_order = new("order", date(2025, 6, 1), "2")
        invoice = convert(session, ctx, "invoice", source_document_ids=[invoiced_order.id], doc_date=date(2025, 6, 2))
        post_document(session, ctx, invoice.id)
        open_order = new("order", date(2025, 7, 1))
        draft_invoice = new("invoice", date(2025, 8, 1))
        late_invoice = new("invoice", date(2026, 1, 2))
        post_document(session, ctx, late_invoice.id)
        return {"done_quote": done_quote.id, "open_quote": open_quote.id, "invoiced_order": invoiced_order.id,
                "invoice": invoice.id, "open_order": open_order.id, "draft_invoice": draft_invoice.id,
                "late_invoice": late_invoice.id}


def test_finished_documents_move_to_the_history_once(company, year):
    with company.write() as (session, ctx):
        assert archive_documents(session, ctx, date(2026, 1, 1)) == 3
    with company.read() as (session, ctx):
        moved = {year[k] for k in ("done_quote", "invoiced_order", "invoice")}
        working, total = list_documents(session, ctx, include_done=True)
        assert total == 4 and moved.isdisjoint({d.id for d in working})
        history, total = list_documents(session, ctx, history=True)
        assert total == 3 and {d.id for d in history} == moved
        found, total = list_documents(session, ctx, history=True, q="RE0000")
        assert [d.number for d in found] == ["RE000001"]
        invoice = read_document(session, ctx, year["invoice"])
        assert invoice["archived_at"] is not None and invoice["number"] == "RE000001"
        assert [l["net_amount"] for l in invoice["lines"]] == [D("117.00")]
        entries = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                        AuditEntry.action == "archive")).all()
        assert sorted(e.record_id for e in entries) == sorted(moved)
    with company.write() as (session, ctx):
        assert archive_documents(session, ctx, date(2026, 1, 1)) == 0


def test_documents_in_the_history_never_change(company, year):
    with company.write() as (session, ctx):
        archive_documents(session, ctx, date(2026, 1, 1))
    with pytest.raises(Conflict, match="order AB000001 is in the history since .* and never changes"):
        with company.write() as (session, ctx):
            update_document(session, ctx, year["invoiced_order"], DocumentUpdate(header_text="anders"))
    with pytest.raises(Conflict, match="quote AN000001 is in the history"):
        with company.write() as (session, ctx):
            delete_document(session, ctx, year["done_quote"])
    with company.read() as (session, ctx):
        assert read_document(session, ctx, year["invoiced_order"])["header_text"] == ""


def test_only_an_admin_of_sales_moves_documents_to_the_history(company, year):
    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied, match="lacks admin permission on 'sales'"):
        with company.write(clerk) as (session, ctx):
            archive_documents(session, ctx, date(2026, 1, 1))
    with company.read() as (session, ctx):
        assert list_documents(session, ctx, history=True)[1] == 0
