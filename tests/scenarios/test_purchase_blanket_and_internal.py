"""Blanket orders with call-offs, internal orders between branches, and the overdue list.

Huber agrees 1,000 m pipe for the year at 3.95; the buyer calls off 300 m and 500 m, and a
third call-off of 201 m is refused (only 200 left). The branch in Graz sends 30 valves at
cost. On 20 March the overdue list shows what Huber and Graz owe, with the days late.
"""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.models import Document
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.orders import (
    call_off,
    called_off,
    cancel_order,
    create_purchase_order,
)
from kontor.core.purchasing.queries import OnOrder, on_order, overdue_list
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.schemas import (
    CallOffCreate,
    CallOffLine,
    GoodsReceiptCreate,
    PurchaseLineInput,
    PurchaseOrderCreate,
    ReceiptLineInput,
)
from kontor.errors import Invalid
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


@pytest.fixture
def world(company):
    return purchase_world(company)


def test_call_offs_draw_from_the_blanket_order_and_never_beyond_it(company, world):
    with company.write() as (session, ctx):
        blanket = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], kind="blanket_order", doc_date=date(2026, 1, 5),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1000"), unit_price=D("3.95"))]))
        frame_line = lines_of(session, blanket.id)[0].id
        assert blanket.number == "RB000001" and on_order(session, ctx.tenant_id) == {}
        first = call_off(session, ctx, blanket.id, CallOffCreate(doc_date=date(2026, 2, 1), delivery_date=date(2026, 2, 10),
                                                                 lines=[CallOffLine(blanket_line_id=frame_line, quantity=D("300"))]))
        second = call_off(session, ctx, blanket.id, CallOffCreate(doc_date=date(2026, 3, 1), lines=[
            CallOffLine(blanket_line_id=frame_line, quantity=D("500"), delivery_date=date(2026, 3, 15))]))
        assert (first.kind, first.variant, first.number) == ("purchase_order", "call_off", "BE000001")
        assert [(l.unit_price, l.source_line_id) for l in lines_of(session, second.id)] == [(D("3.9500"), frame_line)]
        assert on_order(session, ctx.tenant_id) == {world["pipe"]: OnOrder(D("800"), date(2026, 2, 10))}
        blanket_id = blanket.id
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            call_off(session, ctx, blanket_id, CallOffCreate(lines=[CallOffLine(blanket_line_id=frame_line,
                                                                                 quantity=D("201"))]))
    problem = refused.value.problems[0]
    assert (problem.field, problem.rule) == ("lines.0.quantity", "not_above_open")
    assert "only 200 left" in problem.message
    with company.write() as (session, ctx):
        call_off(session, ctx, blanket_id, CallOffCreate(lines=[CallOffLine(blanket_line_id=frame_line,
                                                                            quantity=D("200"))]))
        assert session.get(Document, blanket_id).state == "called_off"
        # goods come against the call-off, not the frame
        receive_goods(session, ctx, GoodsReceiptCreate(source_document_ids=[first.id]))
        assert on_order(session, ctx.tenant_id)[world["pipe"]].quantity == D("700")
        # of the second call-off 120 m come, then the rest is cancelled: 380 m are free again
        second_line = lines_of(session, second.id)[0].id
        receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=second_line,
                                                                               quantity=D("120"))]))
        cancel_order(session, ctx, second.id)
        assert called_off(session, [frame_line])[frame_line] == D("620")
        assert on_order(session, ctx.tenant_id)[world["pipe"]].quantity == D("200")
        assert session.get(Document, blanket_id).state == "partly_called_off"
        call_off(session, ctx, blanket_id, CallOffCreate(lines=[CallOffLine(blanket_line_id=frame_line,
                                                                            quantity=D("380"))]))
    assert_ledger_holds(company)


def test_an_internal_order_from_another_branch_is_priced_at_cost(company, world):
    with company.write() as (session, ctx):
        internal = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["graz"], kind="internal_order", doc_date=date(2026, 3, 2),
            delivery_date=date(2026, 3, 4), lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("30"))]))
        assert (internal.number, internal.kind) == ("IB000001", "internal_order")
        assert [(l.unit_price, l.price_source) for l in lines_of(session, internal.id)] == [(D("4.0000"), "average_cost")]
        assert on_order(session, ctx.tenant_id) == {world["pipe"]: OnOrder(D("30"), date(2026, 3, 4))}
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(source_document_ids=[internal.id]))
        assert receipt.supplier_id == world["graz"] and session.get(Document, internal.id).state == "received"
        assert on_order(session, ctx.tenant_id) == {}
    assert_ledger_holds(company)


def test_the_overdue_list_names_late_lines_per_supplier_with_days_late(company, world):
    with company.write() as (session, ctx):
        huber = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),      # lead time: 7 March
                   PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))  # lead time: 12 March
        create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 18),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("10"))]))    # due 23 March: not late
        create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["graz"], kind="internal_order", delivery_date=date(2026, 3, 19),
            lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("4"))]))
        pipe_line = lines_of(session, huber.id)[0].id
        receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=pipe_line,
                                                                               quantity=D("70"))]))
    with company.read() as (session, ctx):
        overdue = overdue_list(session, ctx, on=date(2026, 3, 20))
        assert [(s.supplier_number, [(l.article_number, l.ordered, l.received, l.open, l.days_late) for l in s.lines])
                for s in overdue] == [
            ("70001", [("CU-15", D("100"), D("70"), D("30"), 13), ("HV-12", D("20"), D("0"), D("20"), 8)]),
            ("79001", [("HV-12", D("4"), D("0"), D("4"), 1)])]
        assert [s.supplier_number for s in overdue_list(session, ctx, on=date(2026, 3, 20),
                                                        supplier_id=world["graz"])] == ["79001"]
        assert overdue_list(session, ctx, on=date(2026, 3, 7)) == []
