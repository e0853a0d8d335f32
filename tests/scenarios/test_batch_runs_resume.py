"""Runs killed half-way and run again: every order delivered once, every delivery note
invoiced once, no document doubled and none lost, and the stock ledger still adds up."""

import threading
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import select

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.stock.queries import on_hand, verify_ledger
from tests.scenarios.test_batch_runs import deliver, make_shop, order, receive
from tests.scenarios.test_batch_runs_invoicing import invoice, note

D = Decimal


@pytest.fixture
def shop(company):
    return make_shop(company)


class Killed(Exception):
    """Stands for the process being stopped (Ctrl-C, a crash, a deploy)."""


def kill_after(items: int):
    def progress(done, total, result):
        if done >= items:
            raise Killed(f"killed after {done} of {total}")

    return progress


def count(session, tenant_id: int, kind: str) -> int:
    return session.exec(select(func.count()).select_from(Document)
                        .where(Document.tenant_id == tenant_id, Document.kind == kind)).one()


def sources_taken(session, tenant_id: int, source_kind: str, target_kind: str, column) -> Counter:
    """How often each line of the source kind was taken into the target kind."""
    taken = session.exec(
        select(column).join(Document, Document.id == DocumentLine.document_id)
        .where(Document.tenant_id == tenant_id, Document.kind == target_kind)).all()
    lines = session.exec(
        select(DocumentLine.id).join(Document, Document.id == DocumentLine.document_id)
        .where(Document.tenant_id == tenant_id, Document.kind == source_kind)).all()
    counted = Counter(taken)
    return Counter({line_id: counted[line_id] for line_id in lines})


def test_a_delivery_run_killed_half_way_and_run_again_delivers_every_order_once(company, shop):
    with company.write() as (session, ctx):
        receive(session, ctx, shop["pump"], "90")
    customers = ["bau", "haus", "sammel"]
    orders = [order(company, shop[customers[i % 3]], (shop["pump"], str(1 + i % 4)), (shop["hours"], "1"))
              for i in range(12)]
    pumps = sum(1 + i % 4 for i in range(12))

    with pytest.raises(Killed):
        deliver(company, chunk_size=5, progress=kill_after(7))
    with company.read() as (session, ctx):
        assert count(session, ctx.tenant_id, "delivery_note") == 7

    rest = deliver(company, chunk_size=5)

    assert rest.counts == {"created": 5, "skipped": 0, "failed": 0, "backorders": 0}
    assert [c.source_ids[0] for c in rest.created] == orders[7:]
    with company.read() as (session, ctx):
        assert count(session, ctx.tenant_id, "delivery_note") == 12
        assert set(sources_taken(session, ctx.tenant_id, "order", "delivery_note", DocumentLine.source_line_id)
                   .values()) == {1}
        assert {session.get(Document, o).state for o in orders} == {"delivered"}
        assert on_hand(session, ctx, shop["pump"]) == D(100 - pumps)
        assert verify_ledger(session, ctx.tenant_id) == []
    assert deliver(company).counts == {"created": 0, "skipped": 0, "failed": 0, "backorders": 0}


def test_a_delivery_run_told_to_stop_says_so_and_the_next_run_goes_on(company, shop):
    orders = [order(company, shop["bau"], (shop["hours"], "1")) for _ in range(5)]

    first = deliver(company, chunk_size=2, stop_after=3)
    assert first.stopped and first.counts["created"] == 3 and "stopped early" in first.summary()

    second = deliver(company, chunk_size=2)
    assert not second.stopped and [c.source_ids[0] for c in second.created] == orders[3:]


@pytest.mark.parametrize("post", [False, True])
def test_an_invoicing_run_killed_half_way_and_run_again_invoices_every_note_once(company, shop, post):
    notes = []
    for i in range(18):
        customer = ("bau", "sammel", "woche")[i % 3]
        on = date(2026, 2, 2) + timedelta(days=5 * i)
        notes.append((note(company, shop, customer, on), customer, on))
    expected = (len([n for n in notes if n[1] == "bau"])
                + len({(on.year, on.month) for _, c, on in notes if c == "sammel"})
                + len({on.isocalendar()[:2] for _, c, on in notes if c == "woche"}))

    with pytest.raises(Killed):
        invoice(company, cut_off=date(2026, 6, 1), post=post, chunk_size=4, progress=kill_after(9))
    with company.read() as (session, ctx):
        halfway = count(session, ctx.tenant_id, "invoice")
        assert 0 < halfway < expected
    stopped = invoice(company, cut_off=date(2026, 6, 1), post=post, chunk_size=4, stop_after=2)
    assert stopped.stopped and len(stopped.created) == 2

    rest = invoice(company, cut_off=date(2026, 6, 1), post=post, chunk_size=4)

    assert halfway + 2 + len(rest.created) == expected and rest.failures == []
    with company.read() as (session, ctx):
        assert count(session, ctx.tenant_id, "invoice") == expected
        assert set(sources_taken(session, ctx.tenant_id, "delivery_note", "invoice", DocumentLine.source_line_id)
                   .values()) == {1}
        assert {session.get(Document, n).state for n, _, _ in notes} == {"invoiced"}
        invoices = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id, Document.kind == "invoice")
                                .order_by(Document.id)).all()
        assert len({i.batch_key for i in invoices}) == expected
        if post:
            assert [i.number for i in invoices] == [f"RE{n:06d}" for n in range(1, expected + 1)]
        else:
            assert {(i.state, i.number) for i in invoices} == {("draft", None)}
    assert invoice(company, cut_off=date(2026, 6, 1), post=post).counts["created"] == 0


def test_a_whole_day_delivered_and_invoiced_in_runs_adds_up(company, shop):
    with company.write() as (session, ctx):
        receive(session, ctx, shop["pump"], "20")
    for i in range(6):
        order(company, shop[("bau", "sammel")[i % 2]], (shop["pump"], "5"), (shop["hours"], "2"))

    delivered = deliver(company, chunk_size=4)
    invoiced = invoice(company, post=True, chunk_size=4)

    # 30 pumps on hand, 30 ordered: all six orders go out complete
    assert delivered.counts == {"created": 6, "skipped": 0, "failed": 0, "backorders": 0}
    # three single invoices for BAU, one collective invoice for SAMMEL's March
    assert [len(c.source_ids) for c in invoiced.created] == [1, 3, 1, 1]
    # each order: 5 x 120.00 + 2 x 58.50 = 717.00 net, 853.23 gross
    assert [c.gross_total for c in invoiced.created] == [D("853.23"), D("2559.69"), D("853.23"), D("853.23")]
    with company.read() as (session, ctx):
        assert on_hand(session, ctx, shop["pump"]) == D("0")
        assert verify_ledger(session, ctx.tenant_id) == []


def side_by_side(run, times: int = 2) -> list:
    """Start the same run in several threads at once (two clerks pressing the button)."""
    results, errors = [], []

    def work():
        try:
            results.append(run())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def test_two_runs_at_the_same_time_make_every_document_once(company, shop):
    with company.write() as (session, ctx):
        receive(session, ctx, shop["pump"], "90")
    orders = [order(company, shop[("bau", "sammel", "woche")[i % 3]], (shop["pump"], "3"), (shop["hours"], "1"))
              for i in range(10)]

    delivered = side_by_side(lambda: deliver(company, chunk_size=3))
    invoiced = side_by_side(lambda: invoice(company, post=True, chunk_size=3))

    assert sum(len(r.created) for r in delivered) == 10 and [r.failures for r in delivered] == [[], []]
    assert [r.failures for r in invoiced] == [[], []]
    with company.read() as (session, ctx):
        assert count(session, ctx.tenant_id, "delivery_note") == 10
        assert set(sources_taken(session, ctx.tenant_id, "order", "delivery_note", DocumentLine.source_line_id)
                   .values()) == {1}
        assert set(sources_taken(session, ctx.tenant_id, "delivery_note", "invoice", DocumentLine.source_line_id)
                   .values()) == {1}
        # four single invoices for BAU, one collective each for SAMMEL (monthly) and WOCHE (weekly)
        assert count(session, ctx.tenant_id, "invoice") == sum(len(r.created) for r in invoiced) == 6
        assert on_hand(session, ctx, shop["pump"]) == D("70")
        assert verify_ledger(session, ctx.tenant_id) == []
        assert {session.get(Document, o).state for o in orders} == {"invoiced"}
