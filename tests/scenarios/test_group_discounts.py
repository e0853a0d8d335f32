"""Subtotals with a group discount or a round group price, to the cent (kontor.core.documents.groups)."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.services import create_document, lines_of, read_document, update_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.errors import Invalid

D = Decimal


@pytest.fixture
def shop(company):
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH",
                            street="Hauptstr. 1", postal_code="80331", city="München", price_class=2)
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Umwälzpumpe", article_type="M",
                       sales_price_1=D("120.00"), sales_price_2=D("99.99"), tax_code_id=codes["U19"])
        hours = Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L",
                        sales_price_1=D("58.50"), sales_price_2=D("58.50"), tax_code_id=codes["U19"])
        book = Article(tenant_id=ctx.tenant_id, number="B-1", description="Handbuch", article_type="M",
                       sales_price_1=D("19.90"), sales_price_2=D("19.90"), tax_code_id=codes["U7"])
        session.add_all([customer, pump, hours, book])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pump.id, quantity=D("20"), moved_on=date(2026, 1, 1), symbol="AB"),
                                  MoveSpec(article_id=book.id, quantity=D("30"), moved_on=date(2026, 1, 1), symbol="AB")])
        return {"customer": customer.id, "pump": pump.id, "hours": hours.id, "book": book.id}


def two_groups(shop, group_discount=D("5"), group_price=D("1000.00")) -> list[LineInput]:
    return [
        LineInput(article_id=shop["pump"], quantity=D("3")),                            # 299.97
        LineInput(article_id=shop["hours"], quantity=D("2.5"), discount_percent=D("10")),  # 146.25 - 10 % = 131.63
        LineInput(line_kind="subtotal", description="Gruppe 1", group_discount_percent=group_discount),
        LineInput(article_id=shop["pump"], quantity=D("6")),                            # 599.94 (19 %)
        LineInput(article_id=shop["book"], quantity=D("20"), discount_percent=D("5")),   # 398.00 - 5 % = 378.10 (7 %)
        LineInput(article_id=shop["hours"], quantity=D("1")),                           # 58.50 (19 %)
        LineInput(line_kind="subtotal", description="Gruppe 2", group_net_price=group_price),
    ]


def as_inputs(lines, **subtotal_changes) -> list[LineInput]:
    """The stored lines as the clerk's screen sends them back (ids keep lines)."""
    inputs = []
    for line in lines:
        if line.line_kind == "subtotal":
            values = {"group_discount_percent": line.group_discount_percent, "group_net_price": line.group_net_price}
            values.update(subtotal_changes.get(line.description, {}))
            inputs.append(LineInput(id=line.id, line_kind="subtotal", description=line.description, **values))
        else:
            # the screen sends back the discount it shows (own discount plus the group's share)
            inputs.append(LineInput(id=line.id, quantity=line.quantity, discount_percent=line.discount_percent))
    return inputs


def nets(session, document_id):
    return [(line.line_kind, line.net_amount) for line in lines_of(session, document_id)]


def test_two_groups_to_the_cent_and_the_order_keeps_the_prices(company, shop):
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(kind="quote", customer_id=shop["customer"],
                                                             doc_date=date(2026, 3, 2), lines=two_groups(shop)))
        # group 1, 5 % on top: 299.97 x 0.95 = 284.97; 146.25 x 0.90 x 0.95 = 125.04 -> 410.01
        # group 2 scaled from 1036.54 to 1000.00: 599.94 -> 578.79, 378.10 -> 364.77,
        #   58.50 -> 56.44, remainder on the largest line: 1000.00 - 364.77 - 56.44 = 578.79
        assert nets(session, quote.id) == [
            ("item", D("284.97")), ("item", D("125.04")), ("subtotal", D("410.01")),
            ("item", D("578.79")), ("item", D("364.77")), ("item", D("56.44")), ("subtotal", D("1000.00"))]
        lines = lines_of(session, quote.id)
        assert [(l.discount_percent, l.own_discount_percent) for l in lines if l.line_kind == "item"] == [
            (D("5"), D("0")), (D("14.5"), D("10")), (D("3.5254"), D("0")), (D("8.3492"), D("5")), (D("3.5214"), D("0"))]
        # 19 %: 284.97 + 125.04 + 578.79 + 56.44 = 1045.24 -> VAT 198.60; 7 %: 364.77 -> VAT 25.53
        taxes = read_document(session, ctx, quote.id)["taxes"]
        assert [(t["rate"], t["net"], t["tax"]) for t in taxes] == [
            (D("7"), D("364.77"), D("25.53")), (D("19"), D("1045.24"), D("198.60"))]
        assert (quote.lines_net, quote.net_total, quote.tax_total, quote.gross_total) == (
            D("1410.01"), D("1410.01"), D("224.13"), D("1634.14"))

        order = convert(session, ctx, "order", source_document_ids=[quote.id], doc_date=date(2026, 3, 3))
        assert (order.net_total, order.tax_total, order.gross_total) == (D("1410.01"), D("224.13"), D("1634.14"))
        order_lines = lines_of(session, order.id)
        # Subtotals stay on the quote; the order's lines carry the group prices as their discounts.
        assert [(l.line_kind, l.net_amount) for l in order_lines] == [
            ("item", D("284.97")), ("item", D("125.04")), ("item", D("578.79")), ("item", D("364.77")),
            ("item", D("56.44"))]
        assert all(l.own_discount_percent is None for l in order_lines)
        order_id = order.id

    with company.write() as (session, ctx):
        # Changing an order line's quantity keeps the group price's discount of the others.
        lines = lines_of(session, order_id)
        update_document(session, ctx, order_id, DocumentUpdate(lines=[LineInput(id=l.id, quantity=l.quantity)
                                                                      for l in lines]))
        assert read_document(session, ctx, order_id)["gross_total"] == D("1634.14")


def test_changing_and_removing_the_group_discount_restores_the_line_discounts(company, shop):
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(kind="quote", customer_id=shop["customer"],
                                                             lines=two_groups(shop)))
        quote_id = quote.id
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(lines=as_inputs(
            lines_of(session, quote_id), **{"Gruppe 1": {"group_discount_percent": D("10")}})))
        # 299.97 x 0.90 = 269.973 -> 269.97; 146.25 x 0.90 x 0.90 = 118.4625 -> 118.46
        assert nets(session, quote_id)[:3] == [("item", D("269.97")), ("item", D("118.46")), ("subtotal", D("388.43"))]
        assert read_document(session, ctx, quote_id)["net_total"] == D("1388.43")
    with company.write() as (session, ctx):
        update_document(session, ctx, quote_id, DocumentUpdate(lines=as_inputs(
            lines_of(session, quote_id), **{"Gruppe 1": {"group_discount_percent": None},
                                            "Gruppe 2": {"group_net_price": None}})))
        lines = lines_of(session, quote_id)
        assert [(l.discount_percent, l.own_discount_percent, l.net_amount) for l in lines if l.line_kind == "item"] == [
            (D("0"), None, D("299.97")), (D("10"), None, D("131.63")), (D("0"), None, D("599.94")),
            (D("5"), None, D("378.10")), (D("0"), None, D("58.50"))]
        assert [l.net_amount for l in lines if l.line_kind == "subtotal"] == [D("431.60"), D("1036.54")]
        assert read_document(session, ctx, quote_id)["net_total"] == D("1468.14")
    with company.write() as (session, ctx):
        # A group price again, then the subtotal removed: the lines get their own discounts back.
        update_document(session, ctx, quote_id, DocumentUpdate(lines=as_inputs(
            lines_of(session, quote_id), **{"Gruppe 2": {"group_net_price": D("1000.00")}})))
        assert read_document(session, ctx, quote_id)["net_total"] == D("1431.60")
        inputs = as_inputs(lines_of(session, quote_id))
        update_document(session, ctx, quote_id, DocumentUpdate(lines=inputs[:-1]))
        assert read_document(session, ctx, quote_id)["net_total"] == D("1468.14")


def test_delivering_an_order_skips_the_subtotal_lines(company, shop):
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"],
                                                             lines=two_groups(shop)))
        assert order.net_total == D("1410.01")
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id])
        assert [(l.line_kind, l.net_amount) for l in lines_of(session, note.id)] == [
            ("item", D("284.97")), ("item", D("125.04")), ("item", D("578.79")), ("item", D("364.77")),
            ("item", D("56.44"))]
        assert note.net_total == D("1410.01")
        assert read_document(session, ctx, order.id)["state"] == "delivered"


@pytest.mark.parametrize("lines, field, rule", [
    ([LineInput(line_kind="subtotal", group_discount_percent=D("5"), group_net_price=D("100"))],
     "lines.1.group_net_price", "one_of"),
    ([LineInput(line_kind="subtotal", group_discount_percent=D("100.5"))], "lines.1.group_discount_percent",
     "between_0_and_100"),
    ([LineInput(line_kind="subtotal", group_net_price=D("-1.00"))], "lines.1.group_net_price", "not_negative"),
    ([LineInput(line_kind="subtotal"), LineInput(line_kind="subtotal")], "lines.2.line_kind", "items_above"),
])
def test_bad_subtotals_are_refused(company, shop, lines, field, rule):
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(
                kind="quote", customer_id=shop["customer"],
                lines=[LineInput(article_id=shop["hours"], quantity=D("1")), *lines]))
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (field, rule)


def test_a_subtotal_with_no_item_lines_above_is_refused_over_http(api):
    customer = api.post("/api/customers", json={"short_name": "BAU", "name1": "Bau GmbH"}).json()
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": customer["id"],
                                              "lines": [{"line_kind": "subtotal", "group_discount_percent": "5"}]})
    assert answer.status_code == 422, answer.text
    assert (answer.json()["errors"][0]["field"], answer.json()["errors"][0]["rule"]) == ("lines.0.line_kind",
                                                                                         "items_above")
