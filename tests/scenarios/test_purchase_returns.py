"""Returns to the supplier: 20 valves arrive, 5 fail the inspection and go back straight from
blocked stock, 3 released ones turn out faulty later and go back from free stock (symbol RS);
the supplier sends 3 replacements, received from the return. More than received, or more
than is still blocked, is refused and writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from kontor.core.documents.models import Document
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    GoodsReceiptCreate,
    PurchaseLineInput,
    PurchaseOrderCreate,
    ReceiptLineInput,
    ReleaseLine,
    ReleaseRequest,
    ReturnLineInput,
    SupplierReturnCreate,
)
from kontor.core.purchasing.supplier_returns import return_to_supplier
from kontor.core.stock.models import StockLevel, StockMove
from kontor.errors import Invalid
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


def level(session, article_id):
    row = session.exec(select(StockLevel).where(StockLevel.article_id == article_id)).one()
    return row.on_hand, row.blocked


def test_goods_go_back_from_blocked_and_free_stock_and_come_again(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 9),
                                                                 source_document_ids=[order.id]))
        line_id = lines_of(session, receipt.id)[0].id
        release_receipt(session, ctx, receipt.id, ReleaseRequest(lines=[ReleaseLine(line_id=line_id, quantity=D("15"))]))
        assert level(session, world["valve"]) == (D("15"), D("5"))

    with company.write() as (session, ctx):
        refused_goods = return_to_supplier(session, ctx, SupplierReturnCreate(
            doc_date=date(2026, 3, 10), reason="Gewinde beschädigt",
            lines=[ReturnLineInput(receipt_line_id=line_id, quantity=D("5"), from_blocked=True)]))
        assert (refused_goods.number, refused_goods.supplier_id) == ("RS000001", world["huber"])
        assert level(session, world["valve"]) == (D("15"), D("0"))
        assert session.get(Document, receipt.id).state == "released"  # nothing of it is blocked any more
        faulty = return_to_supplier(session, ctx, SupplierReturnCreate(
            doc_date=date(2026, 3, 20), lines=[ReturnLineInput(receipt_line_id=line_id, quantity=D("3"))]))
        assert level(session, world["valve"]) == (D("12"), D("0"))
        moves = session.exec(select(StockMove.symbol, StockMove.quantity, StockMove.blocked).where(
            StockMove.document_id.in_([refused_goods.id, faulty.id])).order_by(StockMove.id)).all()
        assert moves == [("RS", D("-5"), True), ("RS", D("-3"), False)]
        faulty_line = lines_of(session, faulty.id)[0]
        assert (faulty_line.unit_price, faulty_line.source_line_id) == (D("12.5000"), line_id)
    assert_ledger_holds(company)

    for item, field, rule in [
        (ReturnLineInput(receipt_line_id=line_id, quantity=D("13")), "lines.0.quantity", "not_above_received"),
        (ReturnLineInput(receipt_line_id=line_id, quantity=D("1"), from_blocked=True), "lines.0.quantity",
         "not_above_blocked"),
        (ReturnLineInput(receipt_line_id=999999, quantity=D("1")), "lines.0.receipt_line_id", "exists"),
        (ReturnLineInput(quantity=D("1")), "lines.0.article_id", "required"),
    ]:
        with pytest.raises(Invalid) as refused:
            with company.write() as (session, ctx):
                return_to_supplier(session, ctx, SupplierReturnCreate(lines=[item]))
        assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (field, rule)
    with company.read() as (session, ctx):
        assert session.exec(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "supplier_return")).one() == 2
        assert level(session, world["valve"]) == (D("12"), D("0"))

    with company.write() as (session, ctx):  # the replacements come: received from the return
        again = receive_goods(session, ctx, GoodsReceiptCreate(source_document_ids=[faulty.id]))
        assert [(l.quantity, l.source_line_id) for l in lines_of(session, again.id)] == [(D("3"), faulty_line.id)]
        assert session.get(Document, faulty.id).state == "received"
        assert level(session, world["valve"]) == (D("12"), D("3"))
    with pytest.raises(Invalid):
        with company.write() as (session, ctx):
            receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=faulty_line.id)]))
    assert_ledger_holds(company)


def test_a_free_return_takes_goods_from_free_stock(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(
            supplier_id=world["kurz"], lines=[ReceiptLineInput(article_id=world["valve"], quantity=D("4"))]))
        release_receipt(session, ctx, receipt.id, ReleaseRequest())
        back = return_to_supplier(session, ctx, SupplierReturnCreate(
            supplier_id=world["kurz"], lines=[ReturnLineInput(article_id=world["valve"], quantity=D("1"))]))
        assert [l.unit_price for l in lines_of(session, back.id)] == [D("13.5000")]
        assert level(session, world["valve"]) == (D("3"), D("0"))
    assert_ledger_holds(company)
