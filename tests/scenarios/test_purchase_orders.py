"""The buyer orders from suppliers: free purchase orders priced from the supplier's article
data, the quantities on order per article with their earliest date, and what cancelling does."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.models import Document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.purchasing.models import PurchaseLine
from kontor.core.purchasing.orders import cancel_order, create_purchase_order, update_purchase_order
from kontor.core.purchasing.queries import OnOrder, on_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.schemas import (
    GoodsReceiptCreate,
    OrderLineChange,
    PurchaseLineInput,
    PurchaseOrderCreate,
    PurchaseOrderUpdate,
    ReceiptLineInput,
)
from kontor.errors import Conflict, Invalid, PermissionDenied
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


@pytest.fixture
def world(company):
    return purchase_world(company)


def test_a_purchase_order_takes_the_suppliers_prices_and_lead_times(company, world):
    """For Bau GmbH's order the buyer orders 100 m pipe and 20 valves from Huber on 2 March: the
    prices are Huber's net prices, each line is expected after Huber's lead time, and the order
    is numbered BE... and names the customer order it serves."""
    with company.write() as (session, ctx):
        customer_order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=world["customer"], lines=[LineInput(article_id=world["pipe"], quantity=D("100"))]))
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2), customer_order_id=customer_order.id,
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))
        lines = lines_of(session, order.id)
        assert order.number == "BE000001" and order.kind == "purchase_order" and order.supplier_id == world["huber"]
        assert order.bill_name1 == "Sanitär Huber KG" and order.customer_id is None
        assert order.order_id == customer_order.id
        assert [(l.unit_price, l.net_amount, l.tax_rate) for l in lines] == [
            (D("4.2000"), D("420.0000"), D("19.0000")), (D("12.5000"), D("250.0000"), D("19.0000"))]
        assert (order.net_total, order.tax_total, order.gross_total) == (D("670.0000"), D("127.3000"), D("797.3000"))
        dates = dict(session.exec(select(PurchaseLine.document_line_id, PurchaseLine.expected_date)).all())
        assert [dates[l.id] for l in lines] == [date(2026, 3, 7), date(2026, 3, 12)]


def test_on_order_sums_open_lines_per_article_with_the_earliest_date(company, world):
    """Two orders for pipe and one valve order: on order are 150 m pipe, expected first on the
    date of the earlier order; a cancelled order and a blanket order do not count."""
    with company.write() as (session, ctx):
        create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2), delivery_date=date(2026, 3, 20),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("5"), delivery_date=date(2026, 3, 9))]))
        create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 4),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("50"))]))
        cancelled = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["kurz"], lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("7"))]))
        create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], kind="blanket_order",
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1000"))]))
        cancel_order(session, ctx, cancelled.id)
    with company.read() as (session, ctx):
        found = on_order(session, ctx.tenant_id)
        assert found[world["pipe"]] == OnOrder(D("150"), date(2026, 3, 9))
        assert found[world["valve"]] == OnOrder(D("5"), date(2026, 3, 9))
        assert on_order(session, ctx.tenant_id, [world["valve"]]) == {world["valve"]: OnOrder(D("5"), date(2026, 3, 9))}
        assert on_order(session, ctx.tenant_id, [world["hours"]]) == {}
    assert_ledger_holds(company)  # orders move no stock


def test_bad_orders_are_refused_and_nothing_is_written(company, world):
    """Unknown supplier or article, a text line without price, a blocked supplier, a clerk
    without purchasing permission: each refused, and no order exists afterwards."""
    cases = [
        (PurchaseOrderCreate(supplier_id=999999, lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1"))]),
         "supplier_id"),
        (PurchaseOrderCreate(supplier_id=world["huber"], lines=[PurchaseLineInput(article_id=999999, quantity=D("1"))]),
         "lines.0.article_id"),
        (PurchaseOrderCreate(supplier_id=world["huber"], lines=[
            PurchaseLineInput(article_id=world["pipe"], quantity=D("1")),
            PurchaseLineInput(article_id=None, quantity=D("1"), description="Sonderanfertigung")]),
         "lines.1.unit_price"),
    ]
    for data, field in cases:
        with pytest.raises(Invalid) as refused:
            with company.write() as (session, ctx):
                create_purchase_order(session, ctx, data)
        assert refused.value.problems[0].field == field
    with company.write() as (session, ctx):
        from kontor.core.masterdata.parties.models import Supplier

        kurz = session.get(Supplier, world["kurz"])
        kurz.blocked, kurz.blocked_reason = True, "Qualitätsmängel"
        session.add(kurz)
    with pytest.raises(Conflict, match="Qualitätsmängel"):
        with company.write() as (session, ctx):
            create_purchase_order(session, ctx, PurchaseOrderCreate(
                supplier_id=world["kurz"], lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("1"))]))
    viewer = company.add_user("viewer")
    with pytest.raises(PermissionDenied):
        with company.write(viewer) as (session, ctx):
            create_purchase_order(session, ctx, PurchaseOrderCreate(
                supplier_id=world["huber"], lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1"))]))
    with company.read() as (session, ctx):
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id)).all() == []


def test_the_customer_order_must_exist(company, world):
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            create_purchase_order(session, ctx, PurchaseOrderCreate(
                supplier_id=world["huber"], customer_order_id=999999,
                lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1"))]))
    assert refused.value.problems[0].field == "customer_order_id"


def test_the_supplier_confirms_another_date_and_quantity(company, world):
    """Huber confirms the valves for 20 March instead of the 12th and can ship only 15; 30 m
    pipe are received already, so the pipe line cannot go below 30; a fitting is added."""
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))
        pipe_line, valve_line = [line.id for line in lines_of(session, order.id)]
        receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=pipe_line,
                                                                               quantity=D("30"))]))
        changed = update_purchase_order(session, ctx, order.id, PurchaseOrderUpdate(
            lines=[OrderLineChange(line_id=valve_line, quantity=D("15"), delivery_date=date(2026, 3, 20))],
            add=[PurchaseLineInput(article_id=None, description="Pressfitting 15 mm", quantity=D("10"),
                                   unit_price=D("1.10"))]))
        assert [(l.position, l.quantity, l.net_amount) for l in lines_of(session, order.id)] == [
            (1, D("100"), D("420.0000")), (2, D("15"), D("187.5000")), (3, D("10"), D("11.0000"))]
        assert changed.net_total == D("618.5000") and changed.state == "partly_received"
        assert on_order(session, ctx.tenant_id)[world["valve"]] == OnOrder(D("15"), date(2026, 3, 20))
        order_id = order.id
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            update_purchase_order(session, ctx, order_id, PurchaseOrderUpdate(
                lines=[OrderLineChange(line_id=pipe_line, quantity=D("29"))]))
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("lines.0.quantity", "not_below_received")
    with company.read() as (session, ctx):
        assert session.get(Document, order_id).net_total == D("618.5000")
    assert_ledger_holds(company)
