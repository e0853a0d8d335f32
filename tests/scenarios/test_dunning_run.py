"""A building-supply dealer duns its customers: reminder, first letter, last letter.

Baumeister Huber pays late: its invoice of March climbs one level per run, with fee and
interest from the second level on, and stays at the last level. Haustechnik Maier's
invoice falls due later and gets its own letter. Every run writes one letter per customer,
the history per item, and raises the items' level, in one transaction.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.finance.dunning import (
    interest_for,
    item_history,
    preview_dunning,
    run_dunning,
)
from kontor.core.finance.dunning_levels import LevelInput, set_levels
from kontor.core.finance.dunning_models import DunningEntry, DunningLetter, DunningRun
from kontor.core.finance.models import OpenItem
from kontor.errors import Conflict, Invalid, PermissionDenied
from tests.scenarios.dunning_setup import (
    add_levels,
    customers_and_article,
    item,
    posted_invoice,
)

D = Decimal


@pytest.fixture
def dealer(company):
    add_levels(company)
    bau, haus, work = customers_and_article(company)
    march = posted_invoice(company, bau, work, "3", date(2026, 3, 2))     # 357.00, due 16 March
    april = posted_invoice(company, bau, work, "1", date(2026, 4, 1))     # 119.00, due 15 April
    maier = posted_invoice(company, haus, work, "2", date(2026, 4, 20))   # 238.00, due 4 May
    return {"bau": bau, "haus": haus, "march": march, "april": april, "maier": maier}


def run(company, on: date, customer_id: int | None = None):
    with company.write() as (session, ctx):
        result = run_dunning(session, ctx, on, customer_id)
        return result.run.id, result.repeated, [(l.customer_id, l.level, l.open_total, l.interest, l.fee, l.total)
                                                for l in result.letters]


def test_items_climb_one_level_per_run_and_stay_at_the_last(company, dealer):
    # 20 April: the March invoice is 35 days overdue and gets a reminder; April's is 5 days late only.
    _, _, letters = run(company, date(2026, 4, 20))
    assert letters == [(dealer["bau"], 1, D("357.00"), D("0.00"), D("0.00"), D("357.00"))]
    march = item(company, dealer["march"])
    assert (march.dunning_level, march.last_dunned_on) == (1, date(2026, 4, 20))
    assert item(company, dealer["april"]).dunning_level == 0

    # 10 May: March goes to the first letter (fee 5.00, interest 9.12 % on 55 days), April gets a
    # reminder, both in one letter to Baumeister Huber; Maier's invoice is only 6 days late.
    _, _, letters = run(company, date(2026, 5, 10))
    interest = interest_for(D("357.00"), D("9.12"), 55)
    assert interest == D("4.91")
    assert letters == [(dealer["bau"], 2, D("476.00"), interest, D("5.00"), D("476.00") + interest + D("5.00"))]
    assert (item(company, dealer["march"]).dunning_level, item(company, dealer["april"]).dunning_level) == (2, 1)

    # 20 May: ten days after the last letter is too soon for Huber's next level; Maier gets a reminder.
    _, _, letters = run(company, date(2026, 5, 20))
    assert [(customer, level) for customer, level, *_ in letters] == [(dealer["haus"], 1)]

    # 30 June and 20 July: the last level, then the last level again, never a fourth.
    run(company, date(2026, 6, 30))
    run(company, date(2026, 7, 20))
    with company.read() as (session, ctx):
        march, history = item_history(session, ctx, dealer["march"])
        assert march.dunning_level == 3
        assert [(e.level, e.dunned_on) for e in history] == [
            (1, date(2026, 4, 20)), (2, date(2026, 5, 10)), (3, date(2026, 6, 30)), (3, date(2026, 7, 20))]
        assert [e.open_amount for e in history] == [D("357.00")] * 4
        letter = session.get(DunningLetter, history[-1].letter_id)
        assert (letter.level_name, letter.fee, letter.pay_by) == ("Letzte Mahnung", D("10.00"), date(2026, 7, 25))
        assert letter.name1 == "Baumeister Huber GmbH" and letter.city == "München"


def test_the_letter_text_is_filled_with_the_letters_figures(company, dealer):
    run(company, date(2026, 4, 20))
    _, _, _ = run(company, date(2026, 5, 10))
    with company.read() as (session, ctx):
        texts = session.exec(select(DunningLetter.text).where(DunningLetter.tenant_id == ctx.tenant_id)
                             .order_by(DunningLetter.id)).all()
    assert texts[0] == "Sehr geehrte Damen und Herren, bei Baumeister Huber GmbH sind 357,00 EUR offen."
    assert texts[1] == "Bitte zahlen Sie 485,91 EUR bis 17.05.2026."


def test_a_repeated_run_returns_the_stored_run_and_duns_nothing_twice(company, dealer):
    first_id, repeated, letters = run(company, date(2026, 5, 10))
    assert not repeated and len(letters) == 1
    again_id, repeated, again = run(company, date(2026, 5, 10))
    assert (again_id, repeated, again) == (first_id, True, letters)
    # a run for one customer on the same day finds the items dunned already
    _, _, for_one = run(company, date(2026, 5, 10), dealer["bau"])
    assert for_one == []
    with company.read() as (session, ctx):
        entries = session.exec(select(DunningEntry).where(DunningEntry.tenant_id == ctx.tenant_id)).all()
        assert len(entries) == 2
        assert item(company, dealer["march"]).dunning_level == 1


def test_the_preview_shows_the_run_without_writing_anything(company, dealer):
    with company.read() as (session, ctx):
        preview = preview_dunning(session, ctx, date(2026, 5, 10))
        assert [(p.customer_id, [i.open_item_id for i in p.items]) for p in preview.letters] == [
            (dealer["bau"], [dealer["march"], dealer["april"]])]
        assert (preview.items, preview.fees, preview.interest) == (2, D("0.00"), D("0.00"))
    with company.read() as (session, ctx):
        assert session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id)).all() == []
    assert item(company, dealer["march"]).dunning_level == 0


def test_interest_is_rounded_half_up_to_the_cent():
    assert interest_for(D("10.00"), D("18.25"), 1) == D("0.01")  # 0.005 exactly: half up, not half even
    assert interest_for(D("100.00"), D("10"), 73) == D("2.00")
    assert interest_for(D("1000.00"), D("0"), 400) == D("0.00")


def test_without_levels_a_run_is_refused_and_nothing_is_written(company):
    with pytest.raises(Conflict, match="no dunning levels"):
        with company.write() as (session, ctx):
            run_dunning(session, ctx, date(2026, 5, 10))
    with company.read() as (session, ctx):
        assert session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id)).all() == []


def test_only_who_may_post_in_finance_runs_the_dunning(company, dealer):
    clerk = company.add_user(role=None)
    with pytest.raises(PermissionDenied, match="finance"):
        with company.write(clerk) as (session, ctx):
            run_dunning(session, ctx, date(2026, 5, 10))


def test_a_partly_paid_item_is_dunned_for_what_is_open_and_currencies_get_letters_of_their_own(company, dealer):
    with company.write() as (session, ctx):
        march = session.get(OpenItem, dealer["march"])
        march.open_amount, march.state = D("57.00"), "partly_paid"  # 300.00 came in (the payments service does this)
        april = session.get(OpenItem, dealer["april"])
        april.currency_code = "CHF"
        session.add_all([march, april])
    _, _, letters = run(company, date(2026, 5, 10))
    assert sorted((customer, level, open_total) for customer, level, open_total, *_ in letters) == [
        (dealer["bau"], 1, D("57.00")), (dealer["bau"], 1, D("119.00"))]
    with company.read() as (session, ctx):
        currencies = session.exec(select(DunningLetter.currency_code).where(DunningLetter.tenant_id == ctx.tenant_id)
                                  .order_by(DunningLetter.currency_code)).all()
    assert currencies == ["CHF", "EUR"]


def test_levels_are_checked_as_a_whole(company):
    wrong = [LevelInput(level=1, name="Erinnerung", template="gibt-es-nicht"),
             LevelInput(level=2, name="Mahnung", letter_text="Offen: {betrag")]
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            set_levels(session, ctx, wrong)
    assert {(p.field, p.rule) for p in refused.value.problems} == {
        ("levels[0].template", "exists"), ("levels[1].letter_text", "placeholder_syntax")}
    with company.write() as (session, ctx):
        saved = set_levels(session, ctx, [LevelInput(level=1, name="Erinnerung", template="dunning_letter")])
        assert [(level.level, level.template) for level in saved] == [(1, "dunning_letter")]
        assert set_levels(session, ctx, []) == []
