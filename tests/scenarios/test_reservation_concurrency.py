"""Two clerks reserve the last pumps at the same moment: 20 on hand, each wants 15 for his
customer. The guarded update of the stock level lets exactly one of them through; the other
is refused and nothing of his is written. On SQLite the write units queue anyway; the race
that matters is PostgreSQL's (run with KONTOR_TEST_DATABASE_URL)."""

import threading
from decimal import Decimal

from kontor.core.stock.availability import availability
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import ReservationInput, reserve, verify_reservations
from kontor.errors import Conflict
from tests.scenarios.planning_shop import build_shop, order_for

D = Decimal


def test_the_last_pumps_are_promised_only_once(company):
    shop = build_shop(company)
    lines = [order_for(company, shop, [("pump", "15")])[1][0] for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def clerk(line_id: int) -> None:
        start.wait(timeout=10)
        try:
            with company.write() as (session, ctx):
                reserve(session, ctx, ReservationInput(order_line_id=line_id, quantity=D("15")))
            outcomes.append("reserved")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=clerk, args=(line_id,)) for line_id in lines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "reserved"]
    with company.read() as (session, ctx):
        info = availability(session, ctx, shop["pump"], with_prices=False)
        assert (info.reserved, info.available, len(info.reservations)) == (D("15"), D("5"), 1)
        assert verify_ledger(session, ctx.tenant_id) == [] and verify_reservations(session, ctx.tenant_id) == []
