"""Two bookkeepers start the dunning run for the same key date at the same moment (a double
click, a retried request): the items are dunned once. On PostgreSQL the second run waits on
the run's unique key and is refused with a conflict, or finds the stored run; on SQLite the
write lock queues it and it finds the stored run."""

from datetime import date

from sqlmodel import select

from kontor.core.finance.dunning import run_dunning
from kontor.core.finance.dunning_models import DunningEntry, DunningRun
from kontor.errors import Conflict
from tests.concurrency.conftest import at_once
from tests.scenarios.dunning_setup import add_levels, customers_and_article, item, posted_invoice


def test_runs_started_together_dun_every_item_once(company):
    add_levels(company)
    bau, haus, work = customers_and_article(company)
    items = [posted_invoice(company, customer, work, "1", date(2026, 3, 2)) for customer in (bau, haus, bau)]

    def bookkeeper(_: int):
        with company.write() as (session, ctx):
            result = run_dunning(session, ctx, date(2026, 4, 1))
            return result.run.id, result.repeated, len(result.letters)

    outcomes = at_once(4, bookkeeper)
    assert all(isinstance(error, Conflict) for error in outcomes.errors), outcomes.errors
    made = [result for result in outcomes.results if not result[1]]
    assert len(made) == 1 and made[0][2] == 2
    assert {result[0] for result in outcomes.results} == {made[0][0]}
    with company.read() as (session, ctx):
        assert len(session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id)).all()) == 1
        entries = session.exec(select(DunningEntry.open_item_id).where(DunningEntry.tenant_id == ctx.tenant_id)).all()
    assert sorted(entries) == sorted(items)
    assert [item(company, open_item_id).dunning_level for open_item_id in items] == [1, 1, 1]
