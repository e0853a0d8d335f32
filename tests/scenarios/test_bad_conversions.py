"""Bad conversions are refused with a clear error and write nothing."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.conversion import convert
from kontor.core.documents.history import archive_documents
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.schemas import DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of, set_done
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.models import StockMove
from kontor.core.stock.services import book_opening_stock
from kontor.errors import Conflict, Invalid

D = Decimal


@pytest.fixture
def flow(company):
    with company.write() as (session, ctx):
        customers = [Customer(tenant_id=ctx.tenant_id, number=n, short_name=n, name1=f"Kunde {n}") for n in ("1", "2")]
        pump = Article(tenant_id=ctx.tenant_id, number="P", description="Pumpe", sales_price_1=D("100"))
        session.add_all([*customers, pump])
        session.flush()
        book_opening_stock(session, ctx, pump.id, D("10"), date(2026, 1, 1))
        orders = [create_document(session, ctx, DocumentCreate(kind="order", customer_id=c.id, doc_date=date(2026, 2, 1),
                                                               lines=[LineInput(article_id=pump.id, quantity=D("3"))]))
                  for c in customers]
        invoice = create_document(session, ctx, DocumentCreate(kind="invoice", customer_id=customers[0].id,
                                                               lines=[LineInput(article_id=pump.id, quantity=D("1"))]))
        return {"orders": [o.id for o in orders], "line": lines_of(session, orders[0].id)[0].id,
                "customer": customers[0].id, "draft_invoice": invoice.id}


def counts(company):
    with company.read() as (session, ctx):
        return tuple(session.exec(select(func.count()).select_from(model).where(model.tenant_id == ctx.tenant_id)).one()
                     for model in (Document, DocumentLine, StockMove, AuditEntry))


def refused(company, error, match, call):
    before = counts(company)
    with pytest.raises(error, match=match):
        with company.write() as (session, ctx):
            call(session, ctx)
    assert counts(company) == before


def test_more_than_is_open(company, flow):
    refused(company, Invalid, "has only 3 open, 4 asked for",
            lambda s, c: convert(s, c, "delivery_note", [Take(source_line_id=flow["line"], quantity=D("4"))]))


def test_lines_of_two_customers(company, flow):
    refused(company, Conflict, "different customers",
            lambda s, c: convert(s, c, "delivery_note", source_document_ids=flow["orders"]))


def test_a_blocked_customer(company, flow):
    with company.write() as (session, ctx):
        customer = session.get(Customer, flow["customer"])
        customer.blocked = True
        session.add(customer)
    refused(company, Conflict, "is blocked",
            lambda s, c: convert(s, c, "delivery_note", source_document_ids=[flow["orders"][0]]))


def test_a_done_order(company, flow):
    with company.write() as (session, ctx):
        set_done(session, ctx, flow["orders"][0], True)
    refused(company, Conflict, "is done",
            lambda s, c: convert(s, c, "delivery_note", source_document_ids=[flow["orders"][0]]))


def test_a_document_of_the_wrong_kind(company, flow):
    refused(company, Conflict, "a credit note cannot be made from order AB000001",
            lambda s, c: convert(s, c, "credit_note", source_document_ids=[flow["orders"][0]]))


def test_an_unposted_invoice_as_the_source_of_a_credit_note(company, flow):
    refused(company, Conflict, "is not posted yet",
            lambda s, c: convert(s, c, "credit_note", source_document_ids=[flow["draft_invoice"]]))


def test_an_archived_order(company, flow):
    with company.write() as (session, ctx):
        set_done(session, ctx, flow["orders"][0], True)
        assert archive_documents(session, ctx, date(2026, 3, 1)) >= 1
    refused(company, Conflict, "history|is done",
            lambda s, c: convert(s, c, "delivery_note", source_document_ids=[flow["orders"][0]]))


def test_a_line_that_does_not_exist(company, flow):
    refused(company, Invalid, "no line with id",
            lambda s, c: convert(s, c, "delivery_note", [Take(source_line_id=flow["line"] + 99999)]))
