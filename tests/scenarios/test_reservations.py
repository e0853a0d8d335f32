"""Reservations: a clerk promises pumps to Sanitär Huber's order from stock or from a
purchase order on its way, the levels carry the promise, and the delivery releases it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from kontor.core.documents.conversion import convert
from kontor.core.documents.schemas import Take
from kontor.core.stock.availability import availability
from kontor.core.stock.models import StockLevel
from kontor.core.stock.planning_models import Reservation
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import ReservationInput, release, reserve, verify_reservations
from kontor.errors import Conflict, Invalid
from tests.scenarios.planning_shop import build_shop, order_for, purchase_order

D = Decimal


@pytest.fixture
def shop(company):
    return build_shop(company)


def _levels_hold(session, ctx):
    assert verify_ledger(session, ctx.tenant_id) == []
    assert verify_reservations(session, ctx.tenant_id) == []


def test_reserving_from_stock_keeps_the_level_and_refuses_more_than_is_free(company, shop):
    """Huber orders 12 pumps for next week; the clerk reserves them from stock. 20 on hand,
    12 reserved, 8 free: a second order for 10 cannot be reserved from stock."""
    order_id, (line_id,) = order_for(company, shop, [("pump", "12")], delivery_date=date.today() + timedelta(days=7))
    with company.write() as (session, ctx):
        reservation = reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("12")))
        assert reservation.article_id == shop["pump"] and reservation.needed_on == date.today() + timedelta(days=7)
        assert reservation.customer_id == shop["customer"] and reservation.document_id == order_id
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["pump"], with_prices=False)
        assert (info.on_hand, info.reserved, info.available) == (D("20"), D("12"), D("8"))
        assert [(r.quantity, r.customer_name) for r in info.reservations] == [(D("12.0000"), "Sanitär Huber KG")]
        _levels_hold(session, ctx)

    second_id, (second_line,) = order_for(company, shop, [("pump", "10")])
    with pytest.raises(Conflict, match="only 8 free in warehouse HL, 10 asked to reserve"):
        with company.write() as (session, ctx):
            reserve(session, ctx, ReservationInput(order_line_id=second_line, quantity=D("10")))
    with pytest.raises(Conflict, match="order line 1 has 12 open, 12 reserved already"):
        with company.write() as (session, ctx):
            reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("1")))
    with company.read() as (session, ctx):
        assert session.exec(__import__("sqlmodel").select(Reservation).where(
            Reservation.tenant_id == ctx.tenant_id)).all().__len__() == 1
        _levels_hold(session, ctx)


def test_reserving_from_an_open_purchase_order_is_limited_by_what_is_still_open(company, shop):
    """No radiators in stock; 6 are ordered from Pumpen Süd. Huber's 4 are reserved from that
    purchase order; another customer's 3 do not fit into the 2 left on it."""
    po_id, (po_line,) = purchase_order(company, shop, "sued", [("radiator", "6")], date.today() + timedelta(days=10))
    _, (line_id,) = order_for(company, shop, [("radiator", "4")])
    with company.write() as (session, ctx):
        with pytest.raises(Conflict, match="only 0 free"):
            reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("4")))
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("4"), source="purchase_order",
                                               purchase_line_id=po_line))
    with pytest.raises(Conflict, match="only 2 on order and not promised yet, 3 asked to reserve"):
        with company.write() as (session, ctx):
            reserve(session, ctx, ReservationInput(article_id=shop["radiator"], quantity=D("3"),
                                                   source="purchase_order", purchase_line_id=po_line,
                                                   note="Musterhaus"))
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["radiator"], with_prices=False)
        assert (info.on_hand, info.reserved, info.on_order, info.reserved_on_order) == (D("0"), D("0"), D("6"), D("4"))
        assert info.expected_on == date.today() + timedelta(days=10)
        _levels_hold(session, ctx)


def test_bad_reservations_name_field_and_rule(company, shop):
    _, (line_id,) = order_for(company, shop, [("pump", "2")])
    cases = [
        (ReservationInput(article_id=shop["pump"], quantity=D("1")), "note", "required"),
        (ReservationInput(order_line_id=line_id, article_id=shop["valve"], quantity=D("1")), "article_id",
         "matches_order_line"),
        (ReservationInput(order_line_id=line_id, quantity=D("1"), source="purchase_order"), "purchase_line_id",
         "required"),
        (ReservationInput(order_line_id=999999, quantity=D("1")), "order_line_id", "exists"),
        (ReservationInput(order_line_id=line_id, quantity=D("1"), warehouse_id=999999), "warehouse_id", "exists"),
        (ReservationInput(order_line_id=line_id, quantity=D("1"), purchase_line_id=line_id), "purchase_line_id",
         "only_for_purchase_order"),
        (ReservationInput(order_line_id=line_id, quantity=D("1"), source="purchase_order", purchase_line_id=line_id),
         "purchase_line_id", "exists"),
    ]
    for data, field, rule in cases:
        with pytest.raises(Invalid) as error:
            with company.write() as (session, ctx):
                reserve(session, ctx, data)
        assert (error.value.problems[0].field, error.value.problems[0].rule) == (field, rule)


def test_delivering_a_reserved_line_releases_its_reservation(company, shop):
    """8 pumps reserved for Huber; 5 are delivered: 3 stay reserved. The rest is delivered:
    nothing stays reserved, and levels equal ledger and reservations after every step."""
    order_id, (line_id,) = order_for(company, shop, [("pump", "8")])
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("8")))
    with company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", [Take(source_line_id=line_id, quantity=D("5"))])
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["pump"], with_prices=False)
        assert (info.on_hand, info.reserved, info.available) == (D("15"), D("3"), D("12"))
        _levels_hold(session, ctx)
    with company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", source_document_ids=[order_id])
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["pump"], with_prices=False)
        assert (info.on_hand, info.reserved, info.reservations) == (D("12"), D("0"), [])
        _levels_hold(session, ctx)


def test_releasing_by_hand_and_planning_without_an_order(company, shop):
    """The workshop plans 3 valves for a trade fair without an order; later 1 is released."""
    with company.write() as (session, ctx):
        planned = reserve(session, ctx, ReservationInput(article_id=shop["valve"], quantity=D("3"),
                                                         needed_on=date(2026, 12, 1), note="Messe Augsburg"))
        planned_id = planned.id
    with company.write() as (session, ctx):
        left = release(session, ctx, planned_id, D("1"))
        assert left.quantity == D("2")
        with pytest.raises(Invalid, match="release between 0 and 2"):
            release(session, ctx, planned_id, D("5"))
    with company.write() as (session, ctx):
        assert release(session, ctx, planned_id) is None
    with company.read() as (session, ctx):
        level = session.exec(__import__("sqlmodel").select(StockLevel).where(
            StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id == shop["valve"])).one()
        assert (level.on_hand, level.reserved) == (D("5"), D("0"))
        _levels_hold(session, ctx)


def test_reservations_stay_in_their_company(company, other_company, shop):
    _, (line_id,) = order_for(company, shop, [("pump", "1")])
    with pytest.raises(Invalid):
        with other_company.write() as (session, ctx):
            reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("1")))


def test_released_goods_of_a_purchase_order_carry_its_reservations_into_stock(company, shop):
    """Huber's 4 radiators are reserved on Süd's purchase order of 6. 5 arrive (blocked until
    checked): the promise stays on the order. After the technical release of the 5 the 4 are
    reserved from stock in the warehouse they entered; on order is 1, counted as purchasing
    counts it."""
    from kontor.core.purchasing.queries import on_order
    from kontor.core.purchasing.receipts import receive_goods
    from kontor.core.purchasing.release import release_receipt
    from kontor.core.purchasing.schemas import GoodsReceiptCreate, ReceiptLineInput, ReleaseRequest

    _, (po_line,) = purchase_order(company, shop, "sued", [("radiator", "6")], date.today() + timedelta(days=3))
    _, (line_id,) = order_for(company, shop, [("radiator", "4")])
    with company.write() as (session, ctx):
        reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("4"), source="purchase_order",
                                               purchase_line_id=po_line))
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=po_line,
                                                                                         quantity=D("5"))]))
        receipt_id = receipt.id
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["radiator"], with_prices=False)
        assert (info.on_hand, info.blocked, info.reserved, info.on_order, info.reserved_on_order) == (
            D("0"), D("5"), D("0"), D("1"), D("4"))
        assert on_order(session, ctx.tenant_id, [shop["radiator"]])[shop["radiator"]].quantity == info.on_order
    with company.write() as (session, ctx):
        release_receipt(session, ctx, receipt_id, ReleaseRequest())
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["radiator"], with_prices=False)
        assert (info.on_hand, info.blocked, info.reserved, info.available, info.reserved_on_order) == (
            D("5"), D("0"), D("4"), D("1"), D("0"))
        assert [(r.source, r.quantity, r.customer_name) for r in info.reservations] == [
            ("stock", D("4"), "Sanitär Huber KG")]
        _levels_hold(session, ctx)


def test_the_check_finds_reserved_stock_without_reservations(company, shop):
    """Someone raises the reserved stock by plain SQL: the check names article and warehouse."""
    from sqlalchemy import text

    with company.write() as (session, ctx):
        session.execute(text("UPDATE stock_level SET reserved = on_hand WHERE tenant_id = :t AND article_id = :a"),
                        {"t": ctx.tenant_id, "a": shop["valve"]})
    with company.read() as (session, ctx):
        (mismatch,) = verify_reservations(session, ctx.tenant_id)
        assert (mismatch.article_id, mismatch.level, mismatch.reservations) == (shop["valve"], D("5"), D("0"))


def test_removing_a_reserved_order_line_leaves_the_reservation_to_release(company, shop):
    """The clerk removes the pump line from the order before anything was delivered: its
    reservation stays (reserved stock still equals the reservations) and shows without its
    line until it is released."""
    from kontor.core.documents.schemas import DocumentUpdate, LineInput
    from kontor.core.documents.services import update_document

    order_id, (pump_line, valve_line) = order_for(company, shop, [("pump", "3"), ("valve", "1")])
    with company.write() as (session, ctx):
        reservation_id = reserve(session, ctx, ReservationInput(order_line_id=pump_line, quantity=D("3"))).id
    with company.write() as (session, ctx):
        update_document(session, ctx, order_id, DocumentUpdate(lines=[
            LineInput(id=valve_line, article_id=shop["valve"], quantity=D("1"))]))
    with company.read() as (session, ctx):
        (held,) = availability(session, ctx, shop["pump"], with_prices=False).reservations
        assert (held.reservation_id, held.document_id, held.customer_name) == (reservation_id, order_id,
                                                                               "Sanitär Huber KG")
        assert session.get(Reservation, reservation_id).order_line_id is None
        _levels_hold(session, ctx)
    with company.write() as (session, ctx):
        release(session, ctx, reservation_id)
    with company.read() as (session, ctx):
        assert availability(session, ctx, shop["pump"], with_prices=False).reserved == D("0")
        _levels_hold(session, ctx)
