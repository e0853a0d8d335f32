"""Two clerks bill Elektro Brandl at the same moment, each for 476.00, while an order of 476.00
is open and the limit is 1,000.00: one invoice passes (952.00, a warning), the other must see
it and be refused (1,428.00), although neither was committed when both started. The check
locks the customer row before it counts, so the second waits for the first."""

import threading
import time
from decimal import Decimal

import pytest

from kontor.core.finance.risk_check import CreditLimitExceeded
from tests.scenarios.credit_risk_shop import make_shop, new_document

D = Decimal


def test_two_documents_at_the_same_moment_cannot_both_pass_the_limit(company):
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("SQLite write units queue on the database lock from BEGIN IMMEDIATE on; the race needs "
                    "PostgreSQL's row locks (run with KONTOR_TEST_DATABASE_URL)")
    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "4")
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def clerk() -> None:
        start.wait(timeout=10)
        try:
            with company.write() as (session, ctx):
                new_document(session, ctx, shop, "invoice", "4")
                time.sleep(0.5)  # keep the transaction open: the other clerk is checking meanwhile
            outcomes.append("passed")
        except CreditLimitExceeded as refused:
            outcomes.append("refused" if "risk would be 1,428.00 EUR" in refused.message else refused.message)

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["passed", "refused"]
