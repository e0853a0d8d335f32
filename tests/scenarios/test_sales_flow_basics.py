"""A clerk's day: quote, order, partial deliveries, invoice, with stock and amounts to the cent."""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of, read_document
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.errors import Conflict, Invalid

D = Decimal


@pytest.fixture
def shop(company):
    """A customer and three articles: a pump (material, 10 in stock), fitting hours (labour)
    and a book at the reduced VAT rate."""
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(__import__("sqlmodel").select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH",
                            street="Hauptstr. 1", postal_code="80331", city="München", price_class=2)
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Umwälzpumpe", article_type="M",
                       sales_price_1=D("120.00"), sales_price_2=D("99.99"), purchase_price=D("60"),
                       tax_code_id=codes["U19"])
        hours = Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L",
                        sales_price_1=D("58.50"), sales_price_2=D("58.50"), tax_code_id=codes["U19"])
        book = Article(tenant_id=ctx.tenant_id, number="B-1", description="Handbuch", article_type="M",
                       sales_price_1=D("19.90"), sales_price_2=D("19.90"), tax_code_id=codes["U7"])
        session.add_all([customer, pump, hours, book])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pump.id, quantity=D("10"), moved_on=date(2026, 1, 1), symbol="AB"),
                                  MoveSpec(article_id=book.id, quantity=D("5"), moved_on=date(2026, 1, 1), symbol="AB")])
        return {"customer": customer.id, "pump": pump.id, "hours": hours.id, "book": book.id}


def test_quote_to_order_to_two_deliveries_to_one_invoice(company, shop):
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=shop["customer"], doc_date=date(2026, 3, 2),
            lines=[LineInput(article_id=shop["pump"], quantity=D("3")),
                   LineInput(article_id=shop["hours"], quantity=D("2.5")),
                   LineInput(article_id=shop["book"], quantity=D("1"), discount_percent=D("10"))],
            charges=[ChargeInput(kind="freight", text="Fracht pauschal", amount=D("15.00"))],
            end_discount_percent=D("2")))
        assert quote.number == "AN000001"
        # lines: 3 x 99.99 = 299.97; 2.5 x 58.50 = 146.25; 19.90 - 10 % = 17.91
        # 19 %: lines 446.22, end discount 8.92, freight 15.00 -> net 452.30, VAT 85.94
        #  7 %: lines 17.91, end discount 0.36 -> net 17.55, VAT 1.23
        assert (quote.lines_net, quote.end_discount_amount, quote.charges_net) == (D("464.13"), D("9.28"), D("15.00"))
        assert (quote.net_total, quote.tax_total, quote.gross_total) == (D("469.85"), D("87.17"), D("557.02"))
        order = convert(session, ctx, "order", source_document_ids=[quote.id], doc_date=date(2026, 3, 3))
        assert order.number == "AB000001" and order.gross_total == quote.gross_total
        order_lines = lines_of(session, order.id)
        order_id = order.id

    with company.write() as (session, ctx):
        first = convert(session, ctx, "delivery_note", [Take(source_line_id=order_lines[0].id, quantity=D("2")),
                                                       Take(source_line_id=order_lines[2].id)])
        assert first.number == "LS000001"
        assert on_hand(session, ctx, shop["pump"]) == D("8") and on_hand(session, ctx, shop["book"]) == D("4")
        assert read_document(session, ctx, order_id)["state"] == "partly_delivered"

    with company.write() as (session, ctx):
        with pytest.raises(Invalid, match="has only 1 open, 2 asked for"):
            convert(session, ctx, "delivery_note", [Take(source_line_id=order_lines[0].id, quantity=D("2"))])

    with company.write() as (session, ctx):
        second = convert(session, ctx, "delivery_note", source_document_ids=[order_id])
        assert [l.quantity for l in lines_of(session, second.id)] == [D("1"), D("2.5")]
        assert on_hand(session, ctx, shop["pump"]) == D("7")
        status = document_status(session, ctx, session.get(type(order), order_id))
        assert [(s.ordered, s.delivered, s.open_to_deliver) for s in status.lines] == [
            (D("3"), D("3"), D("0")), (D("2.5"), D("2.5"), D("0")), (D("1"), D("1"), D("0"))]
        first_id, second_id = first.id, second.id

    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[first_id, second_id])
        assert invoice.number is None and invoice.state == "draft"
        posted = post_document(session, ctx, invoice.id)
        assert posted.number == "RE000001" and posted.state == "posted"
        assert read_document(session, ctx, order_id)["state"] == "invoiced"
        assert verify_ledger(session, ctx.tenant_id) == []


def test_a_posted_invoice_cannot_change_and_numbers_follow_each_other(company, shop):
    from kontor.core.documents.schemas import DocumentUpdate
    from kontor.core.documents.services import update_document

    numbers = []
    for _ in range(2):
        with company.write() as (session, ctx):
            invoice = create_document(session, ctx, DocumentCreate(
                kind="invoice", customer_id=shop["customer"], lines=[LineInput(article_id=shop["hours"], quantity=D("1"))]))
            numbers.append(post_document(session, ctx, invoice.id).number)
            invoice_id = invoice.id
    assert numbers == ["RE000001", "RE000002"]
    with pytest.raises(Conflict, match="is posted and cannot change"):
        with company.write() as (session, ctx):
            update_document(session, ctx, invoice_id, DocumentUpdate(footer_text="anders"))


def test_a_blocked_customer_gets_no_order(company, shop):
    with company.write() as (session, ctx):
        customer = session.get(Customer, shop["customer"])
        customer.blocked, customer.blocked_reason = True, "Insolvenz"
        session.add(customer)
    with pytest.raises(Conflict, match="customer 10001 \\(BAU\\) is blocked: Insolvenz; no new order"):
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"],
                                                         lines=[LineInput(article_id=shop["hours"], quantity=D("1"))]))


def test_delivering_more_than_is_on_hand_is_refused_and_nothing_is_written(company, shop):
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"],
                                                             lines=[LineInput(article_id=shop["pump"], quantity=D("11"))]))
        order_id = order.id
    with pytest.raises(Conflict, match="only 10 on hand in warehouse HL, 11 asked for"):
        with company.write() as (session, ctx):
            convert(session, ctx, "delivery_note", source_document_ids=[order_id])
    with company.read() as (session, ctx):
        assert on_hand(session, ctx, shop["pump"]) == D("10")
        assert read_document(session, ctx, order_id)["state"] == "open"
