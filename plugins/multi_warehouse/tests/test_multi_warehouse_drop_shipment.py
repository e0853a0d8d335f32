"""Drop shipments: the supplier ships straight to our customer; we deliver and bill on paper."""

from __future__ import annotations

from decimal import Decimal

from kontor.api import (
    Document, DocumentCreate, DocumentLine, LineInput, Supplier, convert, create_document, on_hand, post_document,
    read_document,
)

from multi_warehouse_world import DAY, assert_ledger_holds, make_world, moves_of

from kontor_multi_warehouse.choices import ConvertWithChoice, StockChoice, choose_for_document, convert_with_choice

D = Decimal


def _order(session, ctx, w, quantity="30"):
    return create_document(session, ctx, DocumentCreate(kind="order", customer_id=w["bau"], doc_date=DAY, lines=[
        LineInput(article_id=w["pump"], quantity=D(quantity)), LineInput(article_id=w["hours"], quantity=D("1"))]))


def test_a_drop_shipped_order_is_delivered_and_invoiced_without_touching_our_stock(company):
    """Bau orders 30 pumps - more than the 20 we have - that the manufacturer sends straight
    to the site. The drop-shipment delivery note takes the whole order, moves nothing, and
    the order counts as delivered; the invoice from it is posted as usual."""
    w = make_world(company)
    with company.write() as (session, ctx):
        order = _order(session, ctx, w)
        note = convert_with_choice(session, ctx, order.id, ConvertWithChoice(mode="drop_shipment", doc_date=DAY))
        note_id, variant, order_id = note.id, note.variant, order.id
    assert variant == "drop_shipment" and moves_of(company, note_id) == []
    with company.write() as (session, ctx):
        assert read_document(session, ctx, order_id)["state"] == "delivered"
        invoice = convert(session, ctx, "invoice", source_document_ids=[note_id], doc_date=DAY)
        invoice = post_document(session, ctx, invoice.id)
        assert invoice.number and invoice.net_total == D("3658.50")
        assert on_hand(session, ctx, w["pump"]) == D("20")
    assert_ledger_holds(company)


def test_an_order_marked_drop_shipment_gives_every_delivery_note_made_from_it_no_movement(company):
    """The order itself is marked as a drop shipment, so a plain conversion (or the batch
    delivery run) makes delivery notes without movements; unmarking a delivery note later
    books its goods out of our stock after all."""
    w = make_world(company)
    with company.write() as (session, ctx):
        order = _order(session, ctx, w, quantity="5")
        choose_for_document(session, ctx, order.id, StockChoice(mode="drop_shipment"))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=DAY)
        note_id = note.id
    assert moves_of(company, note_id) == []
    with company.write() as (session, ctx):
        choose_for_document(session, ctx, note_id, StockChoice(mode=""))
        assert read_document(session, ctx, note_id)["variant"] == ""
    assert moves_of(company, note_id) == [(w["hl"], "", D("-5"), "LS")]
    assert_ledger_holds(company)


def test_a_drop_shipment_with_a_supplier_orders_the_goods_delivered_to_the_customer(company):
    """With the supplier named, the drop shipment also orders the 30 pumps from him - a
    purchase order serving Bau's order, to be delivered to Bau's site - in the same
    transaction; the labour line is not ordered and our stock stays as it was."""
    from sqlmodel import select

    from kontor_multi_warehouse.drop_shipment import DropShipmentRequest, ship_direct

    w = make_world(company)
    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="WILO", name1="Pumpenwerk")
        session.add(supplier)
        session.flush()
        order = _order(session, ctx, w)
        order.ship_street, order.ship_city = "Baustelle 7", "Erding"
        session.add(order)
        note = ship_direct(session, ctx, order.id, DropShipmentRequest(doc_date=DAY, supplier_id=supplier.id))
        note_id, order_id = note.id, order.id
    with company.read() as (session, ctx):
        purchase = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                       Document.kind == "purchase_order")).one()
        assert (purchase.order_id, purchase.ship_street, purchase.ship_city) == (order_id, "Baustelle 7", "Erding")
        ordered = session.exec(select(DocumentLine.article_id, DocumentLine.quantity)
                               .where(DocumentLine.document_id == purchase.id)).all()
        assert ordered == [(w["pump"], D("30"))]
        assert on_hand(session, ctx, w["pump"]) == D("20")
    assert moves_of(company, note_id) == []
    assert_ledger_holds(company)
