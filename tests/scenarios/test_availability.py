"""The availability query: a customer rings and asks about pumps. The clerk sees on hand,
reserved and for whom, available, on order and when, the stock of the other warehouse,
list and purchase price, the quantity breaks and the customer's price, and what the pump
sold in a period; then puts pumps in the basket and makes an order of it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.articles.models import ArticleQuantityBreak
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.availability import availability
from kontor.core.stock.basket import Basket, BasketLine, create_from_basket
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import Warehouse
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import ReservationInput, reserve, verify_reservations
from kontor.errors import Invalid, NotFound
from tests.scenarios.planning_shop import build_shop, order_for, purchase_order

D = Decimal
TODAY = date.today()


@pytest.fixture
def shop(company):
    shop = build_shop(company)
    with company.write() as (session, ctx):
        outer = Warehouse(tenant_id=ctx.tenant_id, code="AL", name="Außenlager")
        session.add(outer)
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=shop["pump"], quantity=D("7"), moved_on=date(2026, 1, 2),
                                           symbol="AB", warehouse_id=outer.id)])
        session.add(ArticleQuantityBreak(tenant_id=ctx.tenant_id, article_id=shop["pump"], min_quantity=D("10"),
                                         discount_percent=D("5")))
        customer = session.get(Customer, shop["customer"])
        customer.price_class = 2
        session.add(customer)
        from kontor.core.masterdata.articles.models import Article

        pump = session.get(Article, shop["pump"])
        pump.sales_price_2 = D("175.00")
        valve = session.get(Article, shop["valve"])
        valve.sales_price_2 = D("22.00")
        session.add_all([pump, valve])
        shop["outer"] = outer.id
    return shop


def test_the_clerk_answers_a_customer_about_pumps(company, shop):
    """Hauptlager 20 and Außenlager 7 pumps; 4 reserved for Huber's order, 10 on order at Nord
    for next week. Huber asks for 10: price class 2 = 175.00, quantity break 5 % from 10."""
    _, (line_id,) = order_for(company, shop, [("pump", "4")])
    purchase_order(company, shop, "nord", [("pump", "10")], TODAY + timedelta(days=7))
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("4")))
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["pump"], customer_id=shop["customer"], quantity=D("10"))
        assert (info.on_hand, info.reserved, info.available) == (D("27"), D("4"), D("23"))
        assert (info.on_order, info.expected_on) == (D("10"), TODAY + timedelta(days=7))
        assert [(w.code, w.on_hand, w.available) for w in info.warehouses] == [("AL", D("7"), D("7")),
                                                                               ("HL", D("20"), D("16"))]
        (held,) = info.reservations
        assert (held.customer_name, held.quantity, held.source) == ("Sanitär Huber KG", D("4"), "stock")
        assert held.document_number.startswith("AB")
        prices = info.prices
        assert (prices.list_price, prices.purchase_price) == (D("189.00"), D("95.00"))
        assert (prices.customer_unit_price, prices.customer_discount_percent, prices.customer_net_price) == (
            D("175.00"), D("5"), D("166.25"))
        assert [(d.kind, d.percent, d.applies) for d in prices.discounts if d.kind == "quantity_break"] == [
            ("quantity_break", D("5"), True)]
        only_outer = availability(session, ctx, shop["pump"], warehouse_id=shop["outer"], with_prices=False)
        assert (only_outer.on_hand, only_outer.available, len(only_outer.warehouses)) == (D("7"), D("7"), 2)


def test_sales_of_a_chosen_period(company, shop):
    """Two invoices: 3 pumps in March, 2 in this period; 1 credited. The period's sales are
    2 - 1 = 1 pump."""
    with company.write() as (session, ctx):
        for doc_date, quantity, kind in ((date(2026, 3, 5), "3", "invoice"), (TODAY, "2", "invoice"),
                                         (TODAY, "1", "credit_note")):
            document = create_document(session, ctx, DocumentCreate(
                kind=kind, customer_id=shop["customer"], doc_date=doc_date,
                lines=[LineInput(article_id=shop["pump"], quantity=D(quantity), unit_price=D("175.00"))]))
            post_document(session, ctx, document.id)
    with company.read() as (session, ctx):
        sales = availability(session, ctx, shop["pump"], with_prices=False,
                             sales_since=TODAY - timedelta(days=30), sales_until=TODAY).sales
        assert (sales.quantity, sales.net_amount) == (D("1"), D("175.00"))
        assert availability(session, ctx, shop["pump"], with_prices=False).sales is None
        with pytest.raises(Invalid) as error:
            availability(session, ctx, shop["pump"], sales_since=TODAY, sales_until=TODAY - timedelta(days=1))
        assert error.value.problems[0].rule == "before_until"


def test_the_query_reads_the_levels_and_never_sums_the_ledger(company, shop):
    """Every statement the availability query sends is recorded: none reads the ledger."""
    statements = []
    engine = company.kontor.db.engine

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with company.read() as (session, ctx):
            statements.clear()
            info = availability(session, ctx, shop["pump"], customer_id=shop["customer"], quantity=D("1"))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert info.on_hand == D("27")
    assert statements and not any("stock_move" in s for s in statements)
    assert len(statements) <= 15


def test_the_basket_becomes_an_order_and_a_delivery_note(company, shop):
    """Huber takes 10 pumps and 2 valves: an order at his prices; 1 valve he takes along at
    once on a free delivery note, which moves stock."""
    with company.write() as (session, ctx):
        order = create_from_basket(session, ctx, Basket(customer_id=shop["customer"], kind="order", lines=[
            BasketLine(article_id=shop["pump"], quantity=D("10")), BasketLine(article_id=shop["valve"], quantity=D("2"))]))
        assert order.kind == "order" and order.number.startswith("AB")
        assert [(l.article_number, l.quantity, l.unit_price, l.discount_percent) for l in lines_of(session, order.id)] == [
            ("UP-25", D("10"), D("175.00"), D("5")), ("TV-12", D("2"), D("22.00"), D("0"))]
        note = create_from_basket(session, ctx, Basket(customer_id=shop["customer"], kind="delivery_note",
                                                       lines=[BasketLine(article_id=shop["valve"], quantity=D("1"))]))
        assert note.kind == "delivery_note"
    with company.read() as (session, ctx):
        assert availability(session, ctx, shop["valve"], with_prices=False).on_hand == D("4")
        assert verify_ledger(session, ctx.tenant_id) == [] and verify_reservations(session, ctx.tenant_id) == []


def test_unknown_article_and_foreign_company(company, other_company, shop):
    with company.read() as (session, ctx):
        with pytest.raises(NotFound):
            availability(session, ctx, 999999)
    with other_company.read() as (session, ctx):
        with pytest.raises(NotFound):
            availability(session, ctx, shop["pump"])


def test_availability_at_a_delivery_date(company, shop):
    """Huber needs radiators in 14 days: none in stock, 6 come from Süd in 10 days (2 of them
    promised to a trade-fair plan), 5 more in 30 days. By day 14: 4 available; by day 40: 9."""
    from kontor.core.stock.incoming import open_purchase_lines

    _, (first,) = purchase_order(company, shop, "sued", [("radiator", "6")], TODAY + timedelta(days=10))
    purchase_order(company, shop, "sued", [("radiator", "5")], TODAY + timedelta(days=30))
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(article_id=shop["radiator"], quantity=D("2"), source="purchase_order",
                                               purchase_line_id=first, note="Messe"))
    with company.read() as (session, ctx):
        soon = availability(session, ctx, shop["radiator"], with_prices=False, on=TODAY + timedelta(days=14))
        assert (soon.available, soon.available_on, soon.on_order) == (D("0"), D("4"), D("11"))
        assert [(p.open_quantity, p.reserved, p.expected_on) for p in soon.incoming] == [
            (D("6"), D("2"), TODAY + timedelta(days=10)), (D("5"), D("0"), TODAY + timedelta(days=30))]
        assert availability(session, ctx, shop["radiator"], with_prices=False,
                            on=TODAY + timedelta(days=40)).available_on == D("9")
        assert len(open_purchase_lines(session, ctx.tenant_id, [shop["radiator"]])) == 2
