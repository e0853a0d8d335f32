"""Two warehouse clerks book the same delivery at the same moment: 10 valves are open on the
order and each enters a receipt of 10. The order row is locked before the open quantity is
counted, so the second waits for the first and is refused; the same holds for two clerks
releasing the last blocked goods of one receipt."""

import threading
import time
from decimal import Decimal

import pytest
from sqlmodel import select

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
)
from kontor.errors import Invalid
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


def twice_at_once(work) -> list[str]:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def clerk() -> None:
        start.wait(timeout=10)
        try:
            work()
            outcomes.append("passed")
        except Invalid as refused:
            outcomes.append(refused.problems[0].rule)

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_the_last_open_quantity_is_received_and_released_only_once(company):
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("SQLite write units queue on the database lock from BEGIN IMMEDIATE on; the race needs "
                    "PostgreSQL's row locks (run with KONTOR_TEST_DATABASE_URL)")
    world = purchase_world(company)
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("10"))]))
        line_id = lines_of(session, order.id)[0].id

    def receive() -> None:
        with company.write() as (session, ctx):
            receive_goods(session, ctx, GoodsReceiptCreate(lines=[ReceiptLineInput(source_line_id=line_id,
                                                                                   quantity=D("10"))]))
            time.sleep(0.3)  # keep the transaction open while the other clerk tries

    assert twice_at_once(receive) == ["not_above_open", "passed"]
    with company.read() as (session, ctx):
        receipt = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                      Document.kind == "goods_receipt")).one()
        receipt_line = lines_of(session, receipt.id)[0].id

    def release() -> None:
        with company.write() as (session, ctx):
            release_receipt(session, ctx, receipt.id, ReleaseRequest(lines=[ReleaseLine(line_id=receipt_line,
                                                                                         quantity=D("10"))]))
            time.sleep(0.3)

    assert twice_at_once(release) == ["not_above_blocked", "passed"]
    assert_ledger_holds(company)
