"""Warehouses, locations and transfers; the warehouse and location chosen at delivery."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.api import (
    Conflict, DocumentCreate, DocumentUpdate, GoodsReceiptCreate, Invalid, LineInput, PurchaseLineInput,
    PurchaseOrderCreate, ReleaseRequest, StockMove, Supplier, Take, Warehouse, convert, create_document,
    create_purchase_order, create_record, lines_of, receive_goods, release_receipt, update_document, update_record,
)

from multi_warehouse_world import DAY, assert_ledger_holds, levels, make_world, moves_of

from kontor_multi_warehouse.choices import LineStockChoice, StockChoice, choose_for_document, choose_for_line
from kontor_multi_warehouse.models import LineChoice
from kontor_multi_warehouse.resources import ARTICLE_PLACES, LOCATIONS, WAREHOUSES
from kontor_multi_warehouse.transfers import TransferRequest, location_stock, transfer_stock

D = Decimal


def _transfer(company, w, **values):
    with company.write() as (session, ctx):
        return transfer_stock(session, ctx, TransferRequest(article_id=w["pump"], moved_on=DAY, **values)).number


def test_a_new_default_warehouse_takes_the_mark_and_locations_are_unique_per_warehouse(company):
    """The clerk makes NORD the default warehouse: HL loses the mark. Taking the mark off NORD
    is refused, as is a second location A-01 in NORD; an article place must name a location
    of its warehouse."""
    w = make_world(company)
    with company.write() as (session, ctx):
        update_record(session, ctx, WAREHOUSES, w["nord"], WAREHOUSES.update_schema(is_default=True))
    with company.read() as (session, ctx):
        defaults = session.exec(select(Warehouse.code).where(Warehouse.tenant_id == ctx.tenant_id,
                                                             Warehouse.is_default.is_(True))).all()
        assert defaults == ["NORD"]
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        update_record(session, ctx, WAREHOUSES, w["nord"], WAREHOUSES.update_schema(is_default=False))
    assert [(p.field, p.rule) for p in refused.value.problems] == [("is_default", "default_required")]
    with pytest.raises(Conflict, match="location 'A-01' already"), company.write() as (session, ctx):
        create_record(session, ctx, LOCATIONS, LOCATIONS.create_schema(warehouse_id=w["nord"], code="A-01"))
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        create_record(session, ctx, ARTICLE_PLACES, ARTICLE_PLACES.create_schema(
            article_id=w["pump"], warehouse_id=w["nord"], location="Z-99"))
    assert [(p.field, p.rule) for p in refused.value.problems] == [("location", "exists")]


def test_a_transfer_moves_stock_between_warehouses_and_locations_and_never_more_than_is_free(company):
    """Five pumps go from HL to NORD A-02, then two of them to A-01: each transfer is two UB
    movements under its number. Taking six from A-02 (three are there) or 16 from HL (15 are
    there) is refused and writes nothing; so is a transfer to the place it comes from."""
    w = make_world(company)
    first = _transfer(company, w, quantity=D("5"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"],
                      to_location="A-02")
    _transfer(company, w, quantity=D("2"), from_warehouse_id=w["nord"], from_location="A-02",
              to_warehouse_id=w["nord"], to_location="A-01")
    assert levels(company, w["pump"]) == {w["hl"]: D("15"), w["nord"]: D("5")}
    with company.read() as (session, ctx):
        assert location_stock(session, ctx, w["pump"], w["nord"], "A-02") == D("3")
        assert location_stock(session, ctx, w["pump"], w["nord"], "A-01") == D("2")
        ub = session.exec(select(StockMove.warehouse_id, StockMove.location, StockMove.quantity).where(
            StockMove.tenant_id == ctx.tenant_id, StockMove.document_number == first)).all()
        assert sorted(ub) == sorted([(w["hl"], "", D("-5")), (w["nord"], "A-02", D("5"))])

    with pytest.raises(Conflict, match="only 3 free in warehouse .* location A-02, 6 to transfer"):
        _transfer(company, w, quantity=D("6"), from_warehouse_id=w["nord"], from_location="A-02",
                  to_warehouse_id=w["hl"])
    with pytest.raises(Conflict, match="only 15 free"):
        _transfer(company, w, quantity=D("16"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"])
    with pytest.raises(Invalid) as refused:
        _transfer(company, w, quantity=D("1"), from_warehouse_id=w["hl"], to_warehouse_id=w["hl"])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("to_location", "different")]
    with pytest.raises(Invalid) as refused:
        _transfer(company, w, quantity=D("1"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"],
                  to_location="B-07")
    assert [(p.field, p.rule) for p in refused.value.problems] == [("to_location", "exists")]
    assert levels(company, w["pump"]) == {w["hl"]: D("15"), w["nord"]: D("5")}
    assert_ledger_holds(company)


def test_an_order_shipped_from_nord_delivers_from_its_location_and_a_line_can_be_moved_back(company):
    """The order is marked to ship from NORD: its delivery note takes the pumps from NORD's
    default location A-01. The clerk then moves the valve line to HL: its movement follows at
    once. A changed quantity keeps the line's place; the ledger holds throughout."""
    w = make_world(company)
    _transfer(company, w, quantity=D("6"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"], to_location="A-01")
    with company.write() as (session, ctx):
        create_record(session, ctx, ARTICLE_PLACES, ARTICLE_PLACES.create_schema(
            article_id=w["valve"], warehouse_id=w["nord"], location="A-02"))
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=w["bau"], doc_date=DAY, lines=[
            LineInput(article_id=w["pump"], quantity=D("4")), LineInput(article_id=w["valve"], quantity=D("3")),
            LineInput(article_id=w["hours"], quantity=D("2"))]))
        order_id = order.id
        choose_for_document(session, ctx, order_id, StockChoice(warehouse_id=w["nord"]))
    # valves are all in HL: NORD has none, so the delivery must leave them where they are
    with pytest.raises(Conflict, match="V-1.*only 0 on hand in warehouse NORD"), company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=DAY)
    with company.write() as (session, ctx):
        valve_line = lines_of(session, order_id)[1]
        choose_for_line(session, ctx, order_id, valve_line.id, LineStockChoice(warehouse_id=w["hl"]))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=DAY)
        note_id = note.id
        note_lines = lines_of(session, note_id)
    assert moves_of(company, note_id) == [(w["nord"], "A-01", D("-4"), "LS"), (w["hl"], "", D("-3"), "LS")]

    with company.write() as (session, ctx):
        choose_for_line(session, ctx, note_id, note_lines[0].id, LineStockChoice(warehouse_id=w["hl"]))
    assert moves_of(company, note_id) == [(w["hl"], "", D("-3"), "LS"), (w["hl"], "", D("-4"), "LS")]
    with company.write() as (session, ctx):
        update_document(session, ctx, note_id, DocumentUpdate(lines=[
            LineInput(id=note_lines[0].id, quantity=D("1")), LineInput(id=note_lines[1].id, quantity=D("3")),
            LineInput(id=note_lines[2].id, quantity=D("2"))]))
    assert sorted(moves_of(company, note_id)) == sorted([(w["hl"], "", D("-3"), "LS"), (w["hl"], "", D("-1"), "LS")])
    assert levels(company, w["pump"]) == {w["hl"]: D("13"), w["nord"]: D("6")}
    # the pump line goes, with its movement and its choice
    with company.write() as (session, ctx):
        update_document(session, ctx, note_id, DocumentUpdate(lines=[
            LineInput(id=note_lines[1].id, quantity=D("3")), LineInput(id=note_lines[2].id, quantity=D("2"))]))
    with company.read() as (session, ctx):
        assert session.exec(select(LineChoice).where(LineChoice.document_line_id == note_lines[0].id)).all() == []
    assert moves_of(company, note_id) == [(w["hl"], "", D("-3"), "LS")]
    assert_ledger_holds(company)


def test_an_article_without_a_choice_leaves_its_preferred_warehouse_from_its_default_location(company):
    """Valves are kept in NORD at A-02 (their preferred place): a free delivery note without
    any choice takes them from there; an invalid choice is refused naming field and rule."""
    w = make_world(company)
    with company.write() as (session, ctx):
        create_record(session, ctx, ARTICLE_PLACES, ARTICLE_PLACES.create_schema(
            article_id=w["valve"], warehouse_id=w["nord"], location="A-02", preferred=True))
        transfer_stock(session, ctx, TransferRequest(article_id=w["valve"], quantity=D("5"), from_warehouse_id=w["hl"],
                                                     to_warehouse_id=w["nord"], to_location="A-02"))
        note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=w["holz"], doc_date=DAY,
                                                            lines=[LineInput(article_id=w["valve"], quantity=D("2"))]))
    assert moves_of(company, note.id) == [(w["nord"], "A-02", D("-2"), "LS")]
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        choose_for_document(session, ctx, note.id, StockChoice(warehouse_id=w["nord"], location="Q-1", mode="gift"))
    assert [(p.field, p.rule) for p in refused.value.problems] == [("location", "exists"), ("mode", "one_of")]
    assert moves_of(company, note.id) == [(w["nord"], "A-02", D("-2"), "LS")]
    assert_ledger_holds(company)


@pytest.mark.hook("kontor_plan_stock_moves")
def test_another_plugin_planning_the_moves_sets_their_location(company):
    """The test plugin of the stock-planning hook books documents marked BIN-TEST into the
    location TEST-BIN; without multi_warehouse the core's warehouse stays."""
    w = make_world(company, enable=False)
    company.enable("test_events")
    with company.write() as (session, ctx):
        note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=w["bau"], doc_date=DAY,
                                                            customer_order_number="BIN-TEST",
                                                            lines=[LineInput(article_id=w["pump"], quantity=D("1"))]))
    assert moves_of(company, note.id) == [(w["hl"], "TEST-BIN", D("-1"), "LS")]
    assert_ledger_holds(company)


def test_goods_received_for_a_purchase_order_marked_nord_go_into_nord(company):
    """The buyer marks the purchase order of 6 pumps for NORD: the goods receipt books them
    into NORD's blocked stock, and the technical release makes them free stock there."""
    w = make_world(company)
    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="HUBER", name1="Huber KG")
        session.add(supplier)
        session.flush()
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=supplier.id, doc_date=DAY,
            lines=[PurchaseLineInput(article_id=w["pump"], quantity=D("6"), unit_price=D("60"))]))
        choose_for_document(session, ctx, order.id, StockChoice(warehouse_id=w["nord"]))
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=DAY, source_document_ids=[order.id]))
        receipt_id = receipt.id
    assert [(wh, q) for wh, _, q, _ in moves_of(company, receipt_id)] == [(w["nord"], D("6"))]
    with company.write() as (session, ctx):
        release_receipt(session, ctx, receipt_id, ReleaseRequest())
    assert levels(company, w["pump"]) == {w["hl"]: D("20"), w["nord"]: D("6")}
    assert_ledger_holds(company)


def test_the_stock_list_shows_every_warehouse_and_location_today_and_on_a_key_date(company):
    """After 5 pumps went to NORD A-02 on 10 March, the list shows 15 in HL and 5 in NORD at
    A-02; on 5 March all 20 were still in HL."""
    from datetime import date

    from kontor_multi_warehouse.stock_lists import stock_by_warehouse

    w = make_world(company)
    with company.write() as (session, ctx):
        transfer_stock(session, ctx, TransferRequest(article_id=w["pump"], quantity=D("5"), moved_on=date(2026, 3, 10),
                                                     from_warehouse_id=w["hl"], to_warehouse_id=w["nord"],
                                                     to_location="A-02"))
    with company.read() as (session, ctx):
        today = stock_by_warehouse(session, ctx, q="P-1")
        before = stock_by_warehouse(session, ctx, article_id=w["pump"], on=date(2026, 3, 5))
    [pump] = today["items"]
    assert [(x["warehouse_code"], x["on_hand"], x["available"], [(p["location"], p["quantity"]) for p in x["locations"]])
            for x in pump["warehouses"]] == [("HL", D("15"), D("15"), [("", D("15"))]),
                                             ("NORD", D("5"), D("5"), [("A-02", D("5"))])]
    assert pump["on_hand"] == D("20")
    [then] = before["items"]
    assert [(x["warehouse_code"], x["on_hand"], x["reserved"]) for x in then["warehouses"]] == [("HL", D("20"), None)]


def test_a_delivery_from_a_chosen_location_takes_no_more_than_lies_there(company):
    """NORD holds 3 pumps at A-02 and 2 at A-01. A delivery of 4 from A-02, chosen on the
    line, is refused and nothing is written; 3 from A-02 go."""
    w = make_world(company)
    _transfer(company, w, quantity=D("3"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"], to_location="A-02")
    _transfer(company, w, quantity=D("2"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"], to_location="A-01")
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=w["bau"], doc_date=DAY,
                                                             lines=[LineInput(article_id=w["pump"], quantity=D("4"))]))
        order_id, line_id = order.id, lines_of(session, order.id)[0].id
        choose_for_line(session, ctx, order_id, line_id, LineStockChoice(warehouse_id=w["nord"], location="A-02"))
    with pytest.raises(Conflict, match="only 3 at location A-02"), company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=DAY)
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", [Take(source_line_id=line_id, quantity=D("3"))], doc_date=DAY)
    assert moves_of(company, note.id) == [(w["nord"], "A-02", D("-3"), "LS")]
    assert levels(company, w["pump"]) == {w["hl"]: D("15"), w["nord"]: D("2")}
    assert_ledger_holds(company)


def test_a_collective_delivery_note_takes_each_line_from_the_warehouse_of_its_own_order(company):
    """Two orders of Bau, one to ship from NORD and one from HL, go out on one delivery note:
    each line leaves the warehouse its order chose."""
    w = make_world(company)
    _transfer(company, w, quantity=D("5"), from_warehouse_id=w["hl"], to_warehouse_id=w["nord"], to_location="A-01")
    with company.write() as (session, ctx):
        orders = [create_document(session, ctx, DocumentCreate(kind="order", customer_id=w["bau"], doc_date=DAY,
                                                               lines=[LineInput(article_id=w["pump"], quantity=D(q))]))
                  for q in ("2", "3")]
        choose_for_document(session, ctx, orders[0].id, StockChoice(warehouse_id=w["nord"]))
        choose_for_document(session, ctx, orders[1].id, StockChoice(warehouse_id=w["hl"]))
        note = convert(session, ctx, "delivery_note", source_document_ids=[o.id for o in orders], doc_date=DAY)
    assert moves_of(company, note.id) == [(w["nord"], "A-01", D("-2"), "LS"), (w["hl"], "", D("-3"), "LS")]
    assert_ledger_holds(company)
