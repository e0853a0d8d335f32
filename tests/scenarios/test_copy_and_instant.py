"""Copies of documents as templates, instant and cash invoices, maintenance invoices."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.copying import copy_document
from kontor.core.documents.instant import instant_invoice, instant_invoice_from_delivery_note, maintenance_invoice
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of, read_document
from kontor.core.documents.status import document_status
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import on_hand, verify_ledger
from kontor.errors import Conflict, Invalid
from tests.scenarios.test_returns import count, shop  # noqa: F401  (fixture)

D = Decimal


def make_order(session, ctx, shop, customer="bau", on=date(2026, 3, 2)):  # noqa: F811
    return create_document(session, ctx, DocumentCreate(
        kind="order", customer_id=shop[customer], doc_date=on,
        lines=[LineInput(article_id=shop["pump"], quantity=D("3")),
               LineInput(article_id=shop["hours"], quantity=D("2"), unit_price=D("52.00")),
               LineInput(description="Sonderflansch", article_type="M", quantity=D("1"), unit_price=D("12.34"))],
        charges=[ChargeInput(kind="freight", text="Fracht", amount=D("15.00"))],
        footer_text="Danke für Ihren Auftrag", end_discount_percent=D("2")))


def test_a_copy_for_another_customer_finds_prices_anew_but_keeps_typed_ones(company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=shop["bau"], doc_date=date(2026, 3, 2),
            lines=[LineInput(article_id=shop["pump"], quantity=D("3")),
                   LineInput(article_id=shop["hours"], quantity=D("2"), unit_price=D("52.00"))]))
        copy = copy_document(session, ctx, quote.id, kind="order", customer_id=shop["other"], on=date(2026, 3, 5))
        assert (copy.kind, copy.number, copy.variant, copy.customer_id) == ("order", "AB000001", "template copy", shop["other"])
        assert (copy.bill_name1, copy.doc_date) == ("Haus KG", date(2026, 3, 5))
        lines = lines_of(session, copy.id)
        # the pump at the other customer's price class 1 (120.00, not 99.99); the typed 52.00 stays
        assert [(l.unit_price, l.price_source, l.source_line_id) for l in lines] == [
            (D("120.00"), "price class 1", None), (D("52.00"), "manual", None)]
        assert copy.net_total == D("464.00")
        assert read_document(session, ctx, quote.id)["state"] == "open"  # a copy is no conversion


def test_a_copy_for_the_same_customer_keeps_texts_charges_and_temporary_articles(company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        order = make_order(session, ctx, shop)
        copy = copy_document(session, ctx, order.id)
        assert (copy.kind, copy.number, copy.footer_text, copy.end_discount_percent) == (
            "order", "AB000002", "Danke für Ihren Auftrag", D("2"))
        assert [(l.description, l.unit_price, l.quantity) for l in lines_of(session, copy.id)] == [
            ("Umwälzpumpe", D("99.99"), D("3")), ("Monteurstunde", D("52.00"), D("2")), ("Sonderflansch", D("12.34"), D("1"))]
        assert (copy.charges_net, copy.gross_total) == (order.charges_net, order.gross_total)
        assert read_document(session, ctx, order.id)["state"] == "open"
        with pytest.raises(Invalid, match="a copy is one of inquiry, quote, order, invoice; 'delivery_note' is not made"):
            copy_document(session, ctx, order.id, kind="delivery_note")


def test_an_instant_invoice_delivers_and_bills_an_order_in_one_step(company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        order_id = make_order(session, ctx, shop).id
    with company.write() as (session, ctx):
        invoice = instant_invoice(session, ctx, order_id, on=date(2026, 3, 2))
        assert (invoice.kind, invoice.number, invoice.state, invoice.variant, invoice.cash) == (
            "invoice", "RE000001", "posted", "instant", False)
        # 299.97 + 104.00 + 12.34 = 416.31; end discount 2 % = 8.33; freight 15.00 -> 422.98; VAT 80.37
        assert (invoice.net_total, invoice.tax_total, invoice.gross_total) == (D("422.98"), D("80.37"), D("503.35"))
        note = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind == "delivery_note")).one()
        assert (note.number, note.variant, note.state) == ("LS000001", "instant", "invoiced")
        assert [l.source_line_id for l in lines_of(session, invoice.id)] == [l.id for l in lines_of(session, note.id)]
        assert on_hand(session, ctx, shop["pump"]) == D("7")
        assert read_document(session, ctx, order_id)["state"] == "invoiced"
        assert verify_ledger(session, ctx.tenant_id) == []
    with pytest.raises(Conflict, match="nothing is open to take over"):
        with company.write() as (session, ctx):
            instant_invoice(session, ctx, order_id)
    with company.read() as (session, ctx):
        assert (count(session, ctx, "delivery_note"), count(session, ctx, "invoice")) == (1, 1)


def test_a_cash_invoice_and_an_instant_invoice_of_a_delivery_note(company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        cash = instant_invoice(session, ctx, make_order(session, ctx, shop).id, cash=True)
        assert (cash.cash, cash.variant, cash.number) == (True, "cash", "RE000001")
        note = convert(session, ctx, "delivery_note", source_document_ids=[make_order(session, ctx, shop).id])
        invoice = instant_invoice_from_delivery_note(session, ctx, note.id)
        assert (invoice.number, invoice.variant, invoice.cash, invoice.state) == ("RE000002", "instant", False, "posted")
        assert on_hand(session, ctx, shop["pump"]) == D("4")
        with pytest.raises(Conflict, match="is no order; an instant invoice is made from an order"):
            instant_invoice(session, ctx, note.id)
        with pytest.raises(Conflict, match="is no delivery note"):
            instant_invoice_from_delivery_note(session, ctx, invoice.id)


def test_a_maintenance_invoice_copies_an_order_and_takes_nothing_of_it(company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        order = make_order(session, ctx, shop)
        order.customer_order_number = "WV-2026"
        session.add(order)
        session.flush()
        moves_before = len(session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id)).all())
        first = maintenance_invoice(session, ctx, order.id, on=date(2026, 4, 1))
        second = maintenance_invoice(session, ctx, order.id, on=date(2026, 5, 1))
        for invoice in (first, second):
            assert (invoice.kind, invoice.variant, invoice.state, invoice.number) == ("invoice", "maintenance", "draft", None)
            assert invoice.customer_order_number == "WV-2026"
            assert [(l.unit_price, l.source_line_id) for l in lines_of(session, invoice.id)] == [
                (D("99.99"), None), (D("52.00"), None), (D("12.34"), None)]
            assert invoice.gross_total == order.gross_total
        status = document_status(session, ctx, order)
        assert [s.open_to_invoice for s in status.lines] == [D("3"), D("2"), D("1")]
        assert read_document(session, ctx, order.id)["state"] == "open"
        assert len(session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id)).all()) == moves_before
        assert post_document(session, ctx, first.id).number == "RE000001"
        with pytest.raises(Conflict, match="is no order or delivery note"):
            maintenance_invoice(session, ctx, first.id)
