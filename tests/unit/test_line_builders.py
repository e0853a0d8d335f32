"""Per-line builders name what a line carries forward; plugins change it through kontor_line_for."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents import builders
from kontor.core.documents.builders import (
    OWN, SALES_BUILDERS, credit_line_for, delivery_line_for, invoice_line_for, order_line_for,
)
from kontor.core.documents.conversion import convert
from kontor.core.documents.lineage import lines_of
from kontor.core.documents.models import DocumentLine
from kontor.core.documents.schemas import DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.schemas import GoodsReceiptCreate, PurchaseLineInput, PurchaseOrderCreate
from kontor.core.stock.ledger import MoveSpec, post_moves

D = Decimal
DAY = date(2026, 3, 2)
GROUPS = ("ARTICLE", "PRICE", "TAX", "GROUP_SHARE", "LAYOUT", "RETURNED")


def test_every_line_column_is_carried_by_a_named_group_or_owned_by_the_new_document():
    named = [name for group in GROUPS for name in getattr(builders, group)] + list(OWN)
    assert sorted(named) == sorted(DocumentLine.__table__.columns.keys()), (
        "a DocumentLine column is new or gone: decide in kontor.core.documents.builders whether lines carry it")
    assert len(named) == len(set(named))


def test_each_builder_says_what_it_carries():
    assert set(builders.OFFER) > set(builders.FOLLOW)  # quotes and orders also take optional lines and subtotals
    assert "returned_line_id" in builders.FOLLOW + builders.RETURNED
    assert "returned_line_id" not in builders.FOLLOW and "optional" not in builders.FOLLOW
    assert set(builders.PURCHASE) == set(builders.ARTICLE + builders.PRICE + builders.TAX)
    assert set(SALES_BUILDERS) == {"quote", "order", "picking_slip", "delivery_note", "work_report", "invoice",
                                   "credit_note"}


@pytest.fixture
def shop(company):
    with company.write() as (session, ctx):
        u19 = session.exec(select(TaxCode.id).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        articles = {number: Article(tenant_id=ctx.tenant_id, number=number, description=text, article_type="M",
                                    sales_price_1=D(price), purchase_price=D("10"), tax_code_id=u19)
                    for number, text, price in (("P-1", "Umwälzpumpe", "120.00"), ("MIET-1", "Bautrockner", "80.00"),
                                                ("GEPR-1", "Druckminderer", "45.00"), ("BAD-DOC", "Rohr", "5.00"),
                                                ("QTY-UP", "Muffe", "2.00"))}
        session.add_all([customer, *articles.values()])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=a.id, quantity=D("50"), moved_on=DAY, symbol="AB")
                                  for a in articles.values()])
        return {"customer": customer.id, **{number: a.id for number, a in articles.items()}}


def _order(company, shop, *numbers_and_quantities):
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=shop["customer"], doc_date=DAY,
            lines=[LineInput(article_id=shop[n], quantity=D(q)) for n, q in numbers_and_quantities]))


def test_the_builders_carry_article_price_tax_and_lineage_from_order_to_credit_note(company, shop):
    """The core's builders, called one by one: an order line becomes a delivery line of 2,
    that an invoice line, that a credit-note line; each names its source and the order line."""
    order = _order(company, shop, ("P-1", "3"))
    with company.write() as (session, ctx):
        order_line = lines_of(session, order.id)[0]
        delivery = delivery_line_for(ctx, session, order_line, D("2"))
        invoice = invoice_line_for(ctx, session, delivery, D("2"))
        credit = credit_line_for(ctx, session, invoice, D("1"), source_kind="invoice")
        copied = order_line_for(ctx, session, order_line, D("3"), source_kind="order")
    for line in (delivery, invoice, credit):
        assert (line.article_id, line.article_number, line.description, line.unit_price, line.tax_rate) == (
            shop["P-1"], "P-1", "Umwälzpumpe", D("120.0000"), D("19.0000"))
        assert line.order_line_id == order_line.id
    assert (delivery.source_line_id, delivery.quantity, delivery.net_amount) == (order_line.id, D("2"), D("240.00"))
    assert invoice.quantity == D("2") and credit.returned_line_id is None
    assert (credit.quantity, credit.net_amount) == (D("1"), D("120.00"))
    assert copied.order_line_id == order_line.id and copied.optional is False


@pytest.mark.hook("kontor_line_for")
def test_a_plugin_bills_a_rented_article_one_unit_per_invoice_and_the_rest_stays_open(company, shop):
    """Two Bautrockner are delivered; the rental plugin lets each invoice bill one. The first
    invoice bills one (and the pump in full), the order is partly invoiced, the second
    invoice bills the other one; a third finds nothing open."""
    company.enable("test_lines")
    order = _order(company, shop, ("MIET-1", "2"), ("P-1", "1"))
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=DAY)
    with company.write() as (session, ctx):
        first = convert(session, ctx, "invoice", source_document_ids=[note.id], doc_date=DAY)
        lines = lines_of(session, first.id)
        assert [(l.article_number, l.quantity, l.long_text) for l in lines] == [
            ("MIET-1", D("1"), "Miete aus delivery_note"), ("P-1", D("1"), "")]
        assert first.lines_net == D("200.0000")
        status = {row.article_number: row for row in document_status(session, ctx, order).lines}
        assert (status["MIET-1"].invoiced, status["MIET-1"].open_to_invoice) == (D("1"), D("1"))
    with company.write() as (session, ctx):
        second = convert(session, ctx, "invoice", source_document_ids=[note.id], doc_date=DAY)
        assert [(l.article_number, l.quantity) for l in lines_of(session, second.id)] == [("MIET-1", D("1"))]
    with pytest.raises(Exception, match="nothing is open to take over"):
        with company.write() as (session, ctx):
            convert(session, ctx, "invoice", source_document_ids=[note.id], doc_date=DAY)


def test_a_plugin_adds_a_note_to_delivery_lines_only_where_it_is_enabled(company, other_company, shop):
    order = _order(company, shop, ("GEPR-1", "1"))
    with company.write() as (session, ctx):
        plain = convert(session, ctx, "delivery_note", takes=[Take(source_line_id=lines_of(session, order.id)[0].id,
                                                                   quantity=D("0.5"))], doc_date=DAY)
        assert lines_of(session, plain.id)[0].long_text == ""
    company.enable("test_lines")
    with company.write() as (session, ctx):
        checked = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=DAY)
        assert [(l.quantity, l.long_text) for l in lines_of(session, checked.id)] == [(D("0.5000"), "geprüft")]


@pytest.mark.parametrize("number, message", [
    ("BAD-DOC", "plugin 'test_lines' answered kontor_line_for with field 'document_id'"),
    ("QTY-UP", "plugin 'test_lines' answered a quantity of 4.0000 for a delivery_note line; it may lower"),
])
def test_an_answer_the_core_refuses_names_the_plugin_and_writes_nothing(company, shop, number, message):
    company.enable("test_lines")
    order = _order(company, shop, (number, "3"))
    with pytest.raises(ValueError, match=message):
        with company.write() as (session, ctx):
            convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=DAY)
    with company.read() as (session, ctx):
        assert document_status(session, ctx, order).lines[0].delivered == 0


def test_the_purchase_builders_let_a_plugin_change_fields_but_not_the_quantity(company, shop):
    company.enable("test_lines")
    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="HUBER", name1="Huber KG")
        odd = Article(tenant_id=ctx.tenant_id, number="PURCHASE-QTY", description="Schelle", purchase_price=D("1"))
        session.add_all([supplier, odd])
        session.flush()
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=supplier.id, doc_date=DAY, lines=[PurchaseLineInput(article_id=shop["P-1"], quantity=D("4")),
                                                          PurchaseLineInput(article_id=odd.id, quantity=D("2"))]))
        pump_line, odd_line = lines_of(session, order.id)
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=DAY, lines=[
            {"source_line_id": pump_line.id, "quantity": D("3")}]))
        line = lines_of(session, receipt.id)[0]
        assert (line.quantity, line.long_text, line.source_line_id, line.order_line_id) == (
            D("3"), "Lieferung geprüft", pump_line.id, pump_line.id)
    with pytest.raises(ValueError, match="plugin 'test_lines' changed the quantity of a goods_receipt line"):
        with company.write() as (session, ctx):
            receive_goods(session, ctx, GoodsReceiptCreate(doc_date=DAY, lines=[{"source_line_id": odd_line.id}]))
