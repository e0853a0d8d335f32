"""`kontor risk ...`: a customer's credit status and the credit desk's actions from the shell.

Customers are named by number, orders by number; each command is one unit of work as the
system user (the same services as the API, kontor.core.finance.risk_actions).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click
from sqlmodel import Session, select

from kontor.cli.base import State, clear_errors, main, pass_state
from kontor.core.context import Context
from kontor.errors import NotFound


def _customer_id(session: Session, ctx: Context, number: str) -> int:
    from kontor.core.masterdata.parties.models import Customer

    found = session.exec(select(Customer.id).where(Customer.tenant_id == ctx.tenant_id,
                                                   Customer.number == number)).first()
    if found is None:
        raise NotFound(f"no customer number {number}")
    return found


def _order_id(session: Session, ctx: Context, number: str) -> int:
    from kontor.core.documents.models import Document

    found = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id, Document.kind == "order",
                                                   Document.number == number)).first()
    if found is None:
        raise NotFound(f"no order number {number}")
    return found


def _echo_status(session: Session, ctx: Context, customer_id: int) -> None:
    from kontor.core.finance.risk_actions import credit_status

    s = credit_status(session, ctx, customer_id)
    limit_from = "own" if s["own_limit"] else "default"
    click.echo(f"customer {s['customer_number']}: limit {s['credit_limit']} ({limit_from}), risk {s['risk']} "
               f"= open items {s['open_items']} + uninvoiced {s['uninvoiced']} + open orders {s['open_orders']}; "
               f"available {s['available']}; {s['outcome']}")
    if s["blocked"]:
        click.echo(f"blocked: {s['blocked_reason']}")
    if s["hold_orders"]:
        click.echo("orders over the limit go on credit hold")
    if s["held_orders"]:
        click.echo(f"credit holds in force: {', '.join(str(i) for i in s['held_orders'])}")


@main.group()
def risk() -> None:
    """Customer credit risk: status, block, limit, credit holds."""


@risk.command("status")
@click.argument("customer")
@pass_state
def status(state: State, customer: str) -> None:
    """Limit, risk by part and what is left for CUSTOMER (a customer number)."""
    with clear_errors(), state.unit() as (session, ctx):
        _echo_status(session, ctx, _customer_id(session, ctx, customer))


@risk.command("block")
@click.argument("customer")
@click.option("--note", default="", help="why, added to the block reason")
@pass_state
def block(state: State, customer: str, note: str) -> None:
    """Block CUSTOMER: no new orders, delivery notes or invoices; the reason names limit and risk."""
    from kontor.core.finance.risk_actions import block_customer

    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer)
        block_customer(session, ctx, customer_id, note)
        _echo_status(session, ctx, customer_id)


@risk.command("unblock")
@click.argument("customer")
@pass_state
def unblock(state: State, customer: str) -> None:
    """Lift the block of CUSTOMER."""
    from kontor.core.finance.risk_actions import unblock_customer

    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer)
        unblock_customer(session, ctx, customer_id)
        _echo_status(session, ctx, customer_id)


@risk.command("limit")
@click.argument("customer")
@click.argument("amount")
@click.option("--note", default="", help="why, kept in the audit trail")
@pass_state
def limit(state: State, customer: str, amount: str, note: str) -> None:
    """Redefine the credit limit of CUSTOMER: AMOUNT, or `default` for the company default."""
    from kontor.core.finance.risk_actions import set_credit_limit

    try:
        value = None if amount.lower() == "default" else Decimal(amount)
    except InvalidOperation:
        raise click.BadParameter(f"'{amount}' is no amount; give e.g. 25000 or 'default'") from None
    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer)
        set_credit_limit(session, ctx, customer_id, value, note)
        _echo_status(session, ctx, customer_id)


@risk.command("hold-orders")
@click.argument("customer")
@click.option("--off", is_flag=True, help="refuse orders over the limit again")
@click.option("--note", default="")
@pass_state
def hold_orders(state: State, customer: str, off: bool, note: str) -> None:
    """Accept orders of CUSTOMER over the limit on credit hold (or, with --off, refuse them)."""
    from kontor.core.finance.risk_actions import set_hold_policy

    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer)
        set_hold_policy(session, ctx, customer_id, not off, note)
        _echo_status(session, ctx, customer_id)


@risk.command("holds")
@click.option("--customer", default=None, help="only this customer number")
@click.option("--all", "everything", is_flag=True, help="released holds too")
@pass_state
def holds(state: State, customer: str | None, everything: bool) -> None:
    """The credit holds in force (with --all, released ones too)."""
    from kontor.core.documents.models import Document
    from kontor.core.finance.risk_actions import list_holds

    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer) if customer else None
        rows = list_holds(session, ctx, customer_id=customer_id, state=None if everything else "held", limit=10_000)
        numbers = dict(session.exec(select(Document.id, Document.number).where(
            Document.id.in_([row.document_id for row in rows] or [0]))).all())
        for row in rows:
            click.echo(f"{row.id:>6} order {numbers.get(row.document_id)} {row.state:<8} {row.held_at:%Y-%m-%d} "
                       f"risk {row.risk} limit {row.credit_limit} {row.reason}")
        click.echo(f"{len(rows)} credit hold(s)")


@risk.command("hold")
@click.argument("order")
@click.option("--reason", default="")
@pass_state
def hold(state: State, order: str, reason: str) -> None:
    """Put ORDER (an order number) on credit hold by hand."""
    from kontor.core.finance.risk_actions import hold_order

    with clear_errors(), state.unit() as (session, ctx):
        row = hold_order(session, ctx, _order_id(session, ctx, order), reason)
        click.echo(f"order {order} is on credit hold ({row.id})")


@risk.command("release")
@click.argument("order")
@click.option("--note", default="")
@pass_state
def release(state: State, order: str, note: str) -> None:
    """Release the credit hold of ORDER (an order number): it can be delivered and invoiced."""
    from kontor.core.finance.risk_actions import release_order

    with clear_errors(), state.unit() as (session, ctx):
        release_order(session, ctx, _order_id(session, ctx, order), note)
        click.echo(f"order {order} is released")


@risk.command("settings")
@click.option("--enable/--disable", default=None, help="switch the credit check on or off")
@click.option("--warning-percent", type=str, default=None, help="warn from this share of the limit on")
@click.option("--open-items/--no-open-items", default=None)
@click.option("--uninvoiced/--no-uninvoiced", default=None)
@click.option("--open-orders/--no-open-orders", default=None)
@pass_state
def settings(state: State, enable, warning_percent, open_items, uninvoiced, open_orders) -> None:
    """Show the credit check's settings, or change the ones given."""
    from kontor.core.finance.risk_settings import RiskSettings, get_risk_settings, put_risk_settings

    changes = {key: value for key, value in (("enabled", enable), ("warning_percent", warning_percent),
                                             ("count_open_items", open_items), ("count_uninvoiced", uninvoiced),
                                             ("count_open_orders", open_orders)) if value is not None}
    with clear_errors(), state.unit() as (session, ctx):
        current = get_risk_settings(session, ctx)
        if changes:
            try:
                current = put_risk_settings(session, ctx, RiskSettings.model_validate(
                    {**current.model_dump(), **changes}))
            except ValueError as exc:
                raise click.BadParameter(str(exc)) from None
        for key, value in current.model_dump().items():
            click.echo(f"{key}: {value}")
