"""Posting an invoice opens its item in the same transaction; a credit note opens a negative one.
Blocked stock (goods received, not yet released) is kept apart from free stock in ledger and level."""

from datetime import date
from decimal import Decimal

from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockLevel
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.errors import Conflict

D = Decimal


def test_posted_invoice_and_credit_note_become_open_items_with_due_and_discount_dates(company):
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        term = PaymentTerm(tenant_id=ctx.tenant_id, code="14-2-30", name="14 days 2 %, 30 net", net_days=30,
                           discount1_days=14, discount1_percent=D("2"))
        session.add(term)
        session.flush()
        customer = Customer(tenant_id=ctx.tenant_id, number="20001", short_name="BAU", name1="Bau GmbH",
                            payment_term_id=term.id)
        service = Article(tenant_id=ctx.tenant_id, number="S-1", description="Wartung", article_type="L",
                          sales_price_1=D("100.00"), tax_code_id=tax.id)
        session.add_all([customer, service])
        session.flush()
        invoice = create_document(session, ctx, DocumentCreate(kind="invoice", customer_id=customer.id,
                                                               doc_date=date(2026, 3, 2),
                                                               lines=[LineInput(article_id=service.id, quantity=D("3"))]))
        ids = (invoice.id, customer.id)
    with company.write() as (session, ctx):
        post_document(session, ctx, ids[0])
        item = session.exec(select(OpenItem).where(OpenItem.document_id == ids[0])).one()
        assert (item.amount, item.open_amount, item.state) == (D("357.00"), D("357.00"), "open")
        assert (item.due_date, item.cash_discount1_date, item.cash_discount1_percent) == (
            date(2026, 4, 1), date(2026, 3, 16), D("2"))
        assert item.number == session.get(type(invoice), ids[0]).number
    with company.write() as (session, ctx):
        credit = convert(session, ctx, "credit_note", source_document_ids=[ids[0]], doc_date=date(2026, 3, 5))
        post_document(session, ctx, credit.id)
        credit_item = session.exec(select(OpenItem).where(OpenItem.document_id == credit.id)).one()
        assert (credit_item.amount, credit_item.cash_discount1_date) == (D("-357.00"), None)


def test_blocked_stock_is_kept_apart_and_never_goes_below_zero(company):
    with company.write() as (session, ctx):
        screw = Article(tenant_id=ctx.tenant_id, number="SCR", description="Schraube", article_type="M")
        session.add(screw)
        session.flush()
        post_moves(session, ctx, [MoveSpec(screw.id, D("10"), date(2026, 5, 1), "WE", blocked=True)])
        assert on_hand(session, ctx, screw.id) == D("0")
        post_moves(session, ctx, [MoveSpec(screw.id, D("-4"), date(2026, 5, 2), "WE", blocked=True),
                                  MoveSpec(screw.id, D("4"), date(2026, 5, 2), "WE")])
        level = session.exec(select(StockLevel).where(StockLevel.article_id == screw.id)).one()
        assert (level.on_hand, level.blocked) == (D("4"), D("6"))
        assert verify_ledger(session, ctx.tenant_id) == []
        screw_id = screw.id
    try:
        with company.write() as (session, ctx):
            post_moves(session, ctx, [MoveSpec(screw_id, D("-7"), date(2026, 5, 3), "WE", blocked=True)])
        raise AssertionError("releasing more than is blocked must be refused")
    except Conflict as refused:
        assert "only 6 in blocked stock" in str(refused)
