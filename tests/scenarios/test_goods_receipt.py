"""Goods arrive at the ramp: receipts copied from purchase orders (partly, then the rest) or
entered freely go into blocked stock; the technical release moves them to free stock, never
more than is blocked for the receipt line; the ledger holds after every step."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import func, select

from kontor.core.documents.models import Document
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.orders import cancel_order, create_purchase_order
from kontor.core.purchasing.queries import OnOrder, on_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    GoodsReceiptCreate,
    PurchaseLineInput,
    PurchaseOrderCreate,
    ReceiptLineInput,
    ReleaseLine,
    ReleaseRequest,
)
from kontor.core.stock.models import StockLevel, StockMove
from kontor.errors import Conflict, Invalid
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


@pytest.fixture
def world(company):
    return purchase_world(company)


@pytest.fixture
def ordered(company, world):
    """Huber is to deliver 100 m pipe and 20 valves, ordered on 2 March."""
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))
        return order.id, [line.id for line in lines_of(session, order.id)]


def level(session, article_id):
    row = session.exec(select(StockLevel).where(StockLevel.article_id == article_id)).first()
    return (row.on_hand, row.blocked) if row else (D("0"), D("0"))


def test_partial_receipts_go_to_blocked_stock_and_fill_the_order(company, world, ordered):
    """On 9 March 60 m pipe and all valves arrive; they sit in blocked stock, nothing is free,
    40 m stay on order. On 12 March the rest comes, taken from the order as a whole."""
    order_id, (pipe_line, valve_line) = ordered
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(
            doc_date=date(2026, 3, 9), delivery_note_number="LS-4711",
            lines=[ReceiptLineInput(source_line_id=pipe_line, quantity=D("60")),
                   ReceiptLineInput(source_line_id=valve_line)]))
        assert (receipt.number, receipt.state, receipt.supplier_id) == ("WE000001", "blocked", world["huber"])
        assert receipt.customer_order_number == "LS-4711"
        assert [(l.quantity, l.unit_price, l.source_line_id) for l in lines_of(session, receipt.id)] == [
            (D("60"), D("4.2000"), pipe_line), (D("20"), D("12.5000"), valve_line)]
        assert level(session, world["pipe"]) == (D("0"), D("60"))
        moves = session.exec(select(StockMove).where(StockMove.document_id == receipt.id)).all()
        assert {(m.symbol, m.blocked, m.quantity) for m in moves} == {("WE", True, D("60")), ("WE", True, D("20"))}
        assert session.get(Document, order_id).state == "partly_received"
        assert on_order(session, ctx.tenant_id) == {world["pipe"]: OnOrder(D("40"), date(2026, 3, 7))}
    assert_ledger_holds(company)
    with company.write() as (session, ctx):
        rest = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 12),
                                                              source_document_ids=[order_id]))
        assert [l.quantity for l in lines_of(session, rest.id)] == [D("40")]
        assert session.get(Document, order_id).state == "received"
        assert on_order(session, ctx.tenant_id) == {}
        assert level(session, world["pipe"]) == (D("0"), D("100"))
    assert_ledger_holds(company)


def test_technical_release_moves_blocked_to_free_stock_and_refuses_more(company, world, ordered):
    """Of 60 m pipe received, the inspector releases 50; asking for 11 more is refused naming
    the line's quantity, and nothing moves; releasing the rest finishes the receipt."""
    order_id, (pipe_line, _) = ordered
    with company.write() as (session, ctx):
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(
            doc_date=date(2026, 3, 9), lines=[ReceiptLineInput(source_line_id=pipe_line, quantity=D("60"))]))
        receipt_id, line_id = receipt.id, lines_of(session, receipt.id)[0].id
    with company.write() as (session, ctx):
        released = release_receipt(session, ctx, receipt_id, ReleaseRequest(
            on=date(2026, 3, 10), lines=[ReleaseLine(line_id=line_id, quantity=D("50"))]))
        assert released.state == "partly_released"
        assert level(session, world["pipe"]) == (D("50"), D("10"))
    assert_ledger_holds(company)
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            release_receipt(session, ctx, receipt_id, ReleaseRequest(lines=[ReleaseLine(line_id=line_id,
                                                                                         quantity=D("11"))]))
    problem = refused.value.problems[0]
    assert (problem.field, problem.rule) == ("lines.0.quantity", "not_above_blocked")
    assert "only 10 blocked" in problem.message
    with company.write() as (session, ctx):
        assert level(session, world["pipe"]) == (D("50"), D("10"))
        assert session.exec(select(func.count()).select_from(StockMove).where(
            StockMove.document_id == receipt_id)).one() == 3
        assert release_receipt(session, ctx, receipt_id, ReleaseRequest(on=date(2026, 3, 11))).state == "released"
        assert level(session, world["pipe"]) == (D("60"), D("0"))
    with pytest.raises(Conflict, match="nothing of goods receipt WE000001 is blocked"):
        with company.write() as (session, ctx):
            release_receipt(session, ctx, receipt_id, ReleaseRequest())
    assert_ledger_holds(company)


def test_free_receipts_and_bad_receipts(company, world, ordered):
    """A free receipt of 5 valves from Kurz is priced at Kurz's gross price less 10 %. Taking
    more than is open, lines of a cancelled order, or a line of a sales document is refused,
    and nothing is written."""
    order_id, (pipe_line, valve_line) = ordered
    with company.write() as (session, ctx):
        free = receive_goods(session, ctx, GoodsReceiptCreate(
            supplier_id=world["kurz"], lines=[ReceiptLineInput(article_id=world["valve"], quantity=D("5"))]))
        assert [(l.unit_price, l.net_amount) for l in lines_of(session, free.id)] == [(D("13.5000"), D("67.5000"))]
        assert level(session, world["valve"]) == (D("0"), D("5"))
    bad = [
        (GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=pipe_line, quantity=D("100.5"))]),
         "lines.0.quantity"),
        (GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=999999)]), "lines.0.source_line_id"),
        (GoodsReceiptCreate(lines=[ReceiptLineInput(quantity=D("1"))]), "lines.0.article_id"),
        (GoodsReceiptCreate(supplier_id=world["kurz"], lines=[ReceiptLineInput(source_line_id=pipe_line)]),
         "supplier_id"),
        (GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=pipe_line, warehouse_id=999999)]),
         "lines.0.warehouse_id"),
    ]
    for data, field in bad:
        with pytest.raises(Invalid) as refused:
            with company.write() as (session, ctx):
                receive_goods(session, ctx, data)
        assert refused.value.problems[0].field == field
    with company.write() as (session, ctx):
        cancel_order(session, ctx, order_id)
    with pytest.raises(Conflict, match="cancelled"):
        with company.write() as (session, ctx):
            receive_goods(session, ctx, GoodsReceiptCreate(source_document_ids=[order_id]))
    with company.read() as (session, ctx):
        assert session.exec(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "goods_receipt")).one() == 1
        assert level(session, world["valve"]) == (D("0"), D("5"))
    assert_ledger_holds(company)
