"""`kontor payments ...` and `kontor open-items ...`: enter a payment, print the ageing list.

    kontor payments enter --customer 20001 --amount 349.86 --on 2026-03-16 --item RE000001 --cash-discount
    kontor payments reverse 17 --reason "Scheck geplatzt"
    kontor open-items ageing [--on 2026-06-30] [--customer 20001]

Customers are named by number and items by document number, as on the bank statement.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

import click

from kontor.cli.base import State, clear_errors, main, pass_state

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date:
    return value.date() if value else date.today()


def _customer_id(session, ctx, number: str) -> int:
    from sqlmodel import select

    from kontor.core.masterdata.parties.models import Customer

    customer = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                   Customer.number == number)).first()
    if customer is None:
        raise click.ClickException(f"no customer with number {number}")
    return customer.id


def _item_id(session, ctx, customer_id: int, number: str) -> int:
    from sqlmodel import select

    from kontor.core.finance.models import OpenItem

    item = session.exec(select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id,
                                               OpenItem.customer_id == customer_id,
                                               OpenItem.number == number)).first()
    if item is None:
        raise click.ClickException(f"the customer has no open item {number}")
    return item.id


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise click.BadParameter(f"'{text}' is not an amount") from None


@main.group()
def payments() -> None:
    """Customer payments against open items."""


@payments.command("enter")
@click.option("--customer", "customer_number", required=True, help="customer number")
@click.option("--amount", required=True, help="amount received, e.g. 349.86")
@click.option("--on", "paid_on", type=_DATE, help="payment date YYYY-MM-DD (default: today)")
@click.option("--item", "items", multiple=True, help="document number of an item to settle (repeatable); "
              "none: the oldest due items first")
@click.option("--cash-discount", is_flag=True, help="grant the cash discount on the items where the terms allow it")
@click.option("--method", default="bank_transfer", show_default=True,
              type=click.Choice(["bank_transfer", "cash", "cheque", "direct_debit", "card", "offset"]))
@click.option("--reference", default="", help="bank statement reference")
@pass_state
def payments_enter(state: State, customer_number: str, amount: str, paid_on, items, cash_discount: bool,
                   method: str, reference: str) -> None:
    """Enter a payment and allocate it; what is left stays as the customer's credit."""
    from pydantic import ValidationError

    from kontor.core.finance.payment_schemas import AllocationIn, PaymentIn
    from kontor.core.finance.payments import allocations_of, enter_payment

    with clear_errors(), state.unit() as (session, ctx):
        customer_id = _customer_id(session, ctx, customer_number)
        allocations = [AllocationIn(open_item_id=_item_id(session, ctx, customer_id, number),
                                    cash_discount=cash_discount) for number in items]
        try:
            data = PaymentIn(customer_id=customer_id, paid_on=_day(paid_on), amount=_amount(amount), method=method,
                             reference=reference, allocations=allocations, auto_allocate=not items)
        except ValidationError as exc:
            raise click.ClickException(f"invalid payment: {exc.errors()[0]['msg']}") from None
        payment = enter_payment(session, ctx, data)
        booked = allocations_of(session, payment.id)
        click.echo(f"payment {payment.id}: {payment.amount:.2f} from customer {customer_number} on {payment.paid_on}")
        for allocation in booked:
            click.echo(f"  {allocation.kind:<14} item {allocation.open_item_id:>8} {allocation.amount:>14.2f}")
        click.echo(f"unallocated (credit): {payment.unallocated:.2f}")


@payments.command("reverse")
@click.argument("payment_id", type=int)
@click.option("--reason", required=True)
@click.option("--on", "on", type=_DATE, help="date of the counter-entry (default: today)")
@pass_state
def payments_reverse(state: State, payment_id: int, reason: str, on) -> None:
    """Reverse a payment by a counter-entry; the items it settled are open again."""
    from kontor.core.finance.payments import reverse_payment

    with clear_errors(), state.unit() as (session, ctx):
        counter = reverse_payment(session, ctx, payment_id, _day(on), reason)
        click.echo(f"payment {payment_id} reversed by payment {counter.id} ({counter.amount:.2f})")


@main.group("open-items")
def open_items() -> None:
    """Open items: the ageing list."""


@open_items.command("ageing")
@click.option("--on", "on", type=_DATE, help="key date YYYY-MM-DD (default: today)")
@click.option("--customer", "customer_number", help="only this customer (number)")
@pass_state
def open_items_ageing(state: State, on, customer_number: str | None) -> None:
    """What each customer owed on the key date, by days past due, and the total."""
    from kontor.core.finance.ageing import ageing

    with clear_errors(), state.kontor.db.read() as session:
        ctx = state.kontor.system_context(session, state.tenant_code(session))
        customer_id = _customer_id(session, ctx, customer_number) if customer_number else None
        result = ageing(session, ctx, _day(on), customer_id)
    header = ("customer", "not due", "1-30", "31-60", "61-90", "> 90", "credit", "balance")
    click.echo(f"open items on {result.on}")
    click.echo(f"{header[0]:<34}" + "".join(f"{h:>13}" for h in header[1:]))
    for row in [*result.rows, result.total]:
        label = f"{row.customer_number or ''} {row.customer_name or ''}".strip()[:33]
        values = (row.not_due, row.days_1_30, row.days_31_60, row.days_61_90, row.over_90, row.credit, row.balance)
        click.echo(f"{label:<34}" + "".join(f"{v:>13,.2f}" for v in values))
