"""Reserving a whole order for its delivery dates: free stock first, then purchase orders
that arrive in time; what is missing gets the earliest date it could come and a reorder
proposal. Material planning without order shows what the company will lack."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from kontor.core.purchasing.proposals import order_proposal, proposal_for_order, proposal_from_plan, proposal_lines
from kontor.core.stock.planning import material_plan, reserve_order
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import ReservationInput, reserve, verify_reservations
from kontor.errors import Conflict
from tests.scenarios.planning_shop import build_shop, order_for, purchase_order

D = Decimal
TODAY = date.today()


@pytest.fixture
def shop(company):
    return build_shop(company)


def test_an_order_is_reserved_from_stock_then_from_purchase_orders_in_time(company, shop):
    """Huber wants 25 pumps and 8 radiators in 14 days. 20 pumps are in stock; 10 pumps come
    from Nord in 7 days (in time), 6 radiators from Süd in 20 days (too late). So: pumps 20
    from stock + 5 from the purchase order; radiators all missing, earliest in 20 days for 6,
    for 8 only with a new order at Süd's lead time of 10 days."""
    purchase_order(company, shop, "nord", [("pump", "10")], TODAY + timedelta(days=7))
    purchase_order(company, shop, "sued", [("radiator", "6")], TODAY + timedelta(days=20))
    order_id, (pump_line, radiator_line) = order_for(company, shop, [("pump", "25"), ("radiator", "8")],
                                                     delivery_date=TODAY + timedelta(days=14))
    with company.read() as (session, ctx):
        check = reserve_order(session, ctx, order_id, check_only=True)
        assert [(l.from_stock, l.from_purchase_orders, l.missing) for l in check.lines] == [
            (D("20"), D("5"), D("0")), (D("0"), D("0"), D("8"))]
    with company.write() as (session, ctx):
        done = reserve_order(session, ctx, order_id)
        pump, radiator = done.lines
        assert (pump.from_stock, pump.from_purchase_orders, pump.missing) == (D("20"), D("5"), D("0"))
        assert pump.earliest_on == TODAY + timedelta(days=7)
        assert (radiator.missing, radiator.earliest_on) == (D("8"), TODAY + timedelta(days=10))
        assert done.missing
    with company.write() as (session, ctx):
        again = reserve_order(session, ctx, order_id)  # nothing doubles on a second run
        assert [(l.reserved_before, l.from_stock, l.from_purchase_orders) for l in again.lines] == [
            (D("25"), D("0"), D("0")), (D("0"), D("0"), D("0"))]
        assert verify_ledger(session, ctx.tenant_id) == [] and verify_reservations(session, ctx.tenant_id) == []


def test_a_line_date_later_than_the_order_date_takes_the_late_purchase_order(company, shop):
    """The radiators may come later: their line gets its own date, 25 days ahead, so the 6 from
    Süd (20 days) are reserved for it and 2 stay missing, earliest at Süd's lead time."""
    purchase_order(company, shop, "sued", [("radiator", "6")], TODAY + timedelta(days=20))
    order_id, (radiator_line,) = order_for(company, shop, [("radiator", "8")], delivery_date=TODAY + timedelta(days=14))
    with company.write() as (session, ctx):
        line = reserve_order(session, ctx, order_id, line_dates={radiator_line: TODAY + timedelta(days=25)}).lines[0]
        assert (line.needed_on, line.from_purchase_orders, line.missing) == (TODAY + timedelta(days=25), D("6"), D("2"))
        assert line.earliest_on == TODAY + timedelta(days=10)


def test_what_an_order_misses_becomes_a_reorder_proposal_and_purchase_orders(company, shop):
    """Huber's 8 radiators are missing; the proposal orders them from Süd (main supplier) for
    the delivery date, and one action makes the purchase order. Run twice, nothing doubles."""
    order_id, _ = order_for(company, shop, [("radiator", "8"), ("pump", "3")], delivery_date=TODAY + timedelta(days=14))
    with company.write() as (session, ctx):
        proposal = proposal_for_order(session, ctx, order_id)
        lines = proposal_lines(session, ctx, proposal.id)
        assert [(l["article_number"], l["quantity"], l["supplier_name"], l["customer_order_id"], l["delivery_date"])
                for l in lines] == [("HK-600", D("8"), "Pumpen Süd GmbH", order_id, TODAY + timedelta(days=14))]
        orders = order_proposal(session, ctx, proposal.id)
        assert len(orders) == 1 and orders[0].supplier_id == shop["sued"] and orders[0].order_id == order_id
        proposal_id = proposal.id
    with pytest.raises(Conflict, match="has nothing left to order"):
        with company.write() as (session, ctx):
            order_proposal(session, ctx, proposal_id)
    with company.write() as (session, ctx):
        line = reserve_order(session, ctx, order_id).lines[0]  # now the purchase order covers the radiators
        assert (line.from_purchase_orders, line.missing) == (D("8"), D("0"))
    with pytest.raises(Conflict, match="misses nothing"):
        with company.write() as (session, ctx):
            proposal_for_order(session, ctx, order_id)


def test_material_planning_without_an_order(company, shop):
    """Overall plan: 12 pumps wait for Huber (not reserved), 18 are planned for a project
    without order; 20 on hand. The pump is 10 short of its safety stock of 4 minus nothing:
    free 2 - demand 12 = -10, keep 4 -> 14 missing. The plan becomes a reorder proposal."""
    order_for(company, shop, [("pump", "12")])
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(article_id=shop["pump"], quantity=D("18"), note="Neubau Schule"))
    with company.read() as (session, ctx):
        rows = {r.article_number: r for r in material_plan(session, ctx)}
        pump = rows["UP-25"]
        assert (pump.on_hand, pump.reserved, pump.open_demand, pump.projected, pump.missing) == (
            D("20"), D("18"), D("12"), D("-10"), D("14"))
        assert "TV-12" in rows and rows["TV-12"].missing == D("5")  # 5 on hand, minimum 10, no safety stock
    with company.write() as (session, ctx):
        proposal = proposal_from_plan(session, ctx)
        quantities = {l["article_number"]: (l["quantity"], l["supplier_name"]) for l in proposal_lines(session, ctx, proposal.id)}
        # valve: the supplier's minimum order quantity is 25
        assert quantities == {"UP-25": (D("14"), "Heizungsgroßhandel Nord"), "TV-12": (D("25"), "Heizungsgroßhandel Nord")}


def test_the_supplier_named_on_the_customer_order_gets_the_shortage(company, shop):
    """The order names Heizungsgroßhandel Nord as the supplier for its goods: the shortage of
    radiators is proposed from Nord although Süd is their main supplier."""
    from kontor.core.documents.models import Document

    order_id, _ = order_for(company, shop, [("radiator", "3")], delivery_date=TODAY + timedelta(days=2))
    with company.write() as (session, ctx):
        order = session.get(Document, order_id)
        order.supplier_id = shop["nord"]
        session.add(order)
    with company.write() as (session, ctx):
        proposal = proposal_for_order(session, ctx, order_id)
        (line,) = proposal_lines(session, ctx, proposal.id)
        assert (line["supplier_name"], line["quantity"], line["unit_price"]) == (
            "Heizungsgroßhandel Nord", D("3"), D("130.00"))
