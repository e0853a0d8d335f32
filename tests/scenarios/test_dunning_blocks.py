"""Who is not dunned: a paid invoice, a disputed invoice with a dunning block, and a
customer with an agreed instalment plan, blocked until a day."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.finance.dunning import run_dunning
from kontor.core.finance.dunning_blocks import (
    block_customer,
    list_blocks,
    set_item_block,
    unblock_customer,
)
from kontor.core.finance.models import OpenItem
from kontor.errors import NotFound
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
    return {"bau": bau, "haus": haus,
            "paid": posted_invoice(company, bau, work, "1", date(2026, 3, 2)),
            "disputed": posted_invoice(company, bau, work, "2", date(2026, 3, 2)),
            "due": posted_invoice(company, bau, work, "3", date(2026, 3, 2)),
            "maier": posted_invoice(company, haus, work, "4", date(2026, 3, 2))}


def dunned(company, on: date) -> set[int]:
    with company.write() as (session, ctx):
        result = run_dunning(session, ctx, on)
        letters = {letter.id for letter in result.letters}
    with company.read() as (session, ctx):
        rows = session.exec(select(OpenItem.id).where(OpenItem.tenant_id == ctx.tenant_id,
                                                      OpenItem.last_dunned_on == on)).all()
    assert len(letters) <= 2
    return set(rows)


def test_paid_blocked_items_and_blocked_customers_are_skipped(company, dealer):
    with company.write() as (session, ctx):
        paid = session.get(OpenItem, dealer["paid"])  # a payment came in (the payments service does this)
        paid.open_amount, paid.state = D("0"), "paid"
        session.add(paid)
        set_item_block(session, ctx, dealer["disputed"], True, "Kunde bestreitet die Stundenzahl")
        block_customer(session, ctx, dealer["haus"], "Ratenzahlung vereinbart", until=date(2026, 4, 30))
    assert dunned(company, date(2026, 4, 1)) == {dealer["due"]}

    # in May the instalment plan has run out, and the dispute is settled: both are dunned again
    with company.write() as (session, ctx):
        set_item_block(session, ctx, dealer["disputed"], False)
        blocks = list_blocks(session, ctx, on=date(2026, 5, 1))
        assert (blocks.customers, blocks.items) == ([], [])
    assert dunned(company, date(2026, 5, 1)) == {dealer["disputed"], dealer["maier"], dealer["due"]}
    assert item(company, dealer["paid"]).dunning_level == 0


def test_a_customer_block_without_end_holds_until_lifted_and_is_audited(company, dealer):
    with company.write() as (session, ctx):
        block_customer(session, ctx, dealer["bau"], "Insolvenzverfahren")
        blocks = list_blocks(session, ctx)
        assert [(b.reason, c.number) for b, c in blocks.customers] == [("Insolvenzverfahren", "20001")]
    assert dunned(company, date(2026, 6, 1)) == {dealer["maier"]}
    with company.write() as (session, ctx):
        assert unblock_customer(session, ctx, dealer["bau"]) is True
        assert unblock_customer(session, ctx, dealer["bau"]) is False
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                               AuditEntry.subject == "dunning_blocks")
                               .order_by(AuditEntry.id)).all()
        assert actions == ["create", "delete"]
    # Huber's items get their first letter; Maier's, dunned 19 days ago, its second
    assert dunned(company, date(2026, 6, 20)) == {dealer["paid"], dealer["disputed"], dealer["due"], dealer["maier"]}
    assert item(company, dealer["maier"]).dunning_level == 2


def test_blocks_of_another_company_cannot_be_touched(company, other_company, dealer):
    with pytest.raises(NotFound):
        with other_company.write() as (session, ctx):
            set_item_block(session, ctx, dealer["due"], True)
    with pytest.raises(NotFound):
        with other_company.write() as (session, ctx):
            block_customer(session, ctx, dealer["bau"], "fremd")
    assert item(company, dealer["due"]).dunning_block is False
