"""`kontor dunning ...`: levels, preview, run, blocks, history of an item, printing a letter.

Customers are named by their number, open items by the number of their invoice, letters
by id (as `kontor dunning run` lists them).
"""

from __future__ import annotations

from decimal import Decimal

import click

from kontor.cli.base import State, clear_errors, main, pass_state

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@main.group()
def dunning() -> None:
    """Dunning: levels, runs on a key date, blocks, history, letters."""


def _customer_id(session, ctx, number: str | None) -> int | None:
    from sqlmodel import select

    from kontor.core.masterdata.parties.models import Customer

    if number is None:
        return None
    found = session.exec(select(Customer.id).where(Customer.tenant_id == ctx.tenant_id, Customer.number == number)).first()
    if found is None:
        raise click.ClickException(f"no customer with number {number}")
    return found


def _item_id(session, ctx, number: str) -> int:
    from sqlmodel import select

    from kontor.core.finance.models import OpenItem

    found = session.exec(select(OpenItem.id).where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.number == number)).all()
    if len(found) != 1:
        raise click.ClickException(f"no open item with number {number}" if not found
                                   else f"{len(found)} open items are numbered {number}")
    return found[0]


# -- levels ---------------------------------------------------------------------------------


@dunning.group(invoke_without_command=True)
@click.pass_context
def levels(click_ctx: click.Context) -> None:
    """List the dunning levels (or change one with `levels set`)."""
    if click_ctx.invoked_subcommand is not None:
        return
    from kontor.core.finance.dunning_levels import list_levels

    state = click_ctx.find_object(State)
    with clear_errors(), state.unit() as (session, ctx):
        rows = list_levels(session, ctx)
        for row in rows:
            click.echo(f"{row.level}  {row.name:<24} {row.days_overdue:>4} days overdue, {row.days_after_previous:>3} "
                       f"after previous, fee {row.fee}, interest {row.interest_percent} %/year")
    if not rows:
        click.echo("no dunning levels yet: `kontor dunning levels set 1 --name ... --days ...`")


@levels.command("set")
@click.argument("level", type=int)
@click.option("--name", required=True)
@click.option("--days", "days_overdue", type=int, default=0, help="at least this many days past the due date")
@click.option("--after", "days_after_previous", type=int, default=0, help="days after the previous letter")
@click.option("--fee", type=Decimal, default=Decimal("0"))
@click.option("--interest", "interest_percent", type=Decimal, default=Decimal("0"), help="percent per year")
@click.option("--pay-within", "pay_within_days", type=int, default=7)
@click.option("--text", "letter_text", default="", help="letter text with placeholders such as {customer_name}")
@click.option("--template", default="", help="print template family in kontor/templates (default: dunning_letter)")
@pass_state
def levels_set(state: State, level: int, **values) -> None:
    """Add or change one level, keeping the others."""
    from pydantic import ValidationError

    from kontor.core.finance.dunning_levels import LevelInput, list_levels, set_levels

    with clear_errors(), state.unit() as (session, ctx):
        keep = [LevelInput.model_validate(row, from_attributes=True) for row in list_levels(session, ctx)
                if row.level != level]
        try:
            new = LevelInput(level=level, **values)
        except ValidationError as exc:
            raise click.ClickException(str(exc)) from None
        set_levels(session, ctx, sorted(keep + [new], key=lambda row: row.level))
    click.echo(f"level {level} ({values['name']}) saved")


# -- runs -----------------------------------------------------------------------------------


def _echo_letter(letter) -> None:
    click.echo(f"letter {getattr(letter, 'id', '-')}: customer {letter.customer_number} {letter.name1[:30]:<30} "
               f"level {letter.level} open {letter.open_total} interest {letter.interest} fee {letter.fee} "
               f"total {letter.total} {letter.currency_code}")


@dunning.command("preview")
@click.option("--on", "on", type=_DATE, required=True, help="key date YYYY-MM-DD")
@click.option("--customer", "customer_number", help="only this customer (number)")
@pass_state
def preview_command(state: State, on, customer_number: str | None) -> None:
    """The letters a run on the key date would write; writes nothing."""
    from kontor.core.finance.dunning import preview_dunning

    with clear_errors(), state.unit() as (session, ctx):
        proposal = preview_dunning(session, ctx, on.date(), _customer_id(session, ctx, customer_number))
        for letter in proposal.letters:
            _echo_letter(letter)
            for item in letter.items:
                click.echo(f"    {item.number:<12} due {item.due_date} {item.days_overdue:>4} days "
                           f"level {item.previous_level} -> {item.level} open {item.open_amount} interest {item.interest}")
    click.echo(f"{len(proposal.letters)} letters, {proposal.items} items, fees {proposal.fees}, "
               f"interest {proposal.interest} (preview: nothing written)")


@dunning.command("run")
@click.option("--on", "on", type=_DATE, required=True, help="key date YYYY-MM-DD")
@click.option("--customer", "customer_number", help="only this customer (number)")
@pass_state
def run_command(state: State, on, customer_number: str | None) -> None:
    """Dun the overdue items on the key date: letters, history, new levels (once per day)."""
    from kontor.core.finance.dunning import run_dunning

    with clear_errors(), state.unit() as (session, ctx):
        result = run_dunning(session, ctx, on.date(), _customer_id(session, ctx, customer_number))
        for letter in result.letters:
            _echo_letter(letter)
        run = result.run
        summary = (f"dunning run {run.id} on {run.key_date}: {run.letters} letters, {run.items} items, "
                   f"fees {run.fees}, interest {run.interest}")
    click.echo(summary + (" (made before; nothing new written)" if result.repeated else ""))


# -- blocks and history ---------------------------------------------------------------------


@dunning.command("block")
@click.option("--customer", "customer_number", help="the customer (number)")
@click.option("--item", "item_number", help="the open item (its invoice number)")
@click.option("--reason", default="")
@click.option("--until", type=_DATE, help="a customer's block ends after this day")
@click.option("--off", is_flag=True, help="lift the block")
@pass_state
def block_command(state: State, customer_number: str | None, item_number: str | None, reason: str, until,
                  off: bool) -> None:
    """Stop (or with --off resume) dunning a customer or one open item."""
    from kontor.core.finance.dunning_blocks import (
        block_customer,
        set_item_block,
        unblock_customer,
    )

    if bool(customer_number) == bool(item_number):
        raise click.UsageError("name either --customer or --item")
    with clear_errors(), state.unit() as (session, ctx):
        if item_number:
            set_item_block(session, ctx, _item_id(session, ctx, item_number), not off, reason)
            what = f"open item {item_number}"
        else:
            customer_id = _customer_id(session, ctx, customer_number)
            if off:
                unblock_customer(session, ctx, customer_id)
            else:
                block_customer(session, ctx, customer_id, reason, until.date() if until else None)
            what = f"customer {customer_number}"
    click.echo(f"{what}: dunning {'resumed' if off else 'blocked'}")


@dunning.command("blocks")
@pass_state
def blocks_command(state: State) -> None:
    """Blocked customers and blocked open items."""
    from kontor.core.finance.dunning_blocks import list_blocks

    with clear_errors(), state.unit() as (session, ctx):
        blocks = list_blocks(session, ctx)
        for block, customer in blocks.customers:
            click.echo(f"customer {customer.number} {customer.name1}: {block.reason or '-'}"
                       f"{f' (until {block.until})' if block.until else ''}")
        for item in blocks.items:
            click.echo(f"open item {item.number} of {item.doc_date}: open {item.open_amount}")


@dunning.command("history")
@click.argument("item_number")
@pass_state
def history_command(state: State, item_number: str) -> None:
    """The letters an open item was on (ITEM_NUMBER: its invoice number)."""
    from kontor.core.finance.dunning import item_history

    with clear_errors(), state.unit() as (session, ctx):
        item, entries = item_history(session, ctx, _item_id(session, ctx, item_number))
        click.echo(f"{item.number}: due {item.due_date}, open {item.open_amount}, level {item.dunning_level}"
                   f"{', blocked' if item.dunning_block else ''}")
        for entry in entries:
            click.echo(f"  {entry.dunned_on} level {entry.level} letter {entry.letter_id}: {entry.days_overdue} days "
                       f"overdue, open {entry.open_amount}, interest {entry.interest}")
        if not entries:
            click.echo("  never dunned")


@dunning.command("print")
@click.argument("letter_id", type=int)
@click.option("--text", "as_text", is_flag=True, help="plain text instead of HTML")
@pass_state
def print_command(state: State, letter_id: int, as_text: bool) -> None:
    """Print a dunning letter (HTML, or plain text with --text) to standard output."""
    from kontor.core.finance.dunning_print import print_letter

    with clear_errors(), state.unit() as (session, ctx):
        printed = print_letter(session, ctx, letter_id, "text" if as_text else "html")
    click.echo(printed.body, nl=False)
