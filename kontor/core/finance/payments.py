"""Entering payments against open items, using a customer's credit, reversing, writing off.

A payment settles one or several items of its customer: partly (the item becomes
partly_paid), fully (paid), with the cash discount its terms allow up to their dates (once
per item, and only with the payment that settles it), with
the remainder written off (finance post permission, a reason required), and credit notes
offset in the same payment (their allocation is negative). What the payment brings beyond
its allocations stays on it as the customer's credit and can be applied later.

Every allocation lowers the item's open amount through the guarded UPDATE of
`open_items.settle`, in the caller's transaction: an item never goes below zero and never
takes more than is open; a refused allocation raises Invalid naming its field and nothing
is written. Nothing here edits a payment after the fact: a reversal is a counter-payment
with negated allocations that restore the items.

A payment is in one currency (given, else that of the first item it settles, else home
currency) and settles only items of it; its rate is the one of its day (`kontor_exchange_rate`,
selling side) unless the clerk gives one. Each allocation records the book value it takes off
the item and what the money was worth at the payment's rate; plugins hear of every booked
allocation through `kontor_allocations_booked` (the foreign_currency plugin books the
exchange difference between the two there).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, update
from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.currency import RATE_PLACES, home_currency, rate_of, to_home
from kontor.core.documents.partial import money
from kontor.core.finance.cash_discount import cash_discount_for
from kontor.core.finance.models import OpenItem
from kontor.core.finance.open_items import home_share, settle
from kontor.core.finance.payment_models import Payment, PaymentAllocation
from kontor.core.finance.payment_schemas import AllocationIn, PaymentIn
from kontor.core.masterdata.parties.models import Bank, Customer
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound

FINANCE = "finance"
ZERO = Decimal("0")


def enter_payment(session: Session, ctx: Context, data: PaymentIn) -> Payment:
    """Record money a customer paid and allocate it; the rest stays as the customer's credit."""
    ctx.require(FINANCE, Level.WRITE)
    customer = session.get(Customer, data.customer_id)
    if customer is None or customer.tenant_id != ctx.tenant_id:
        raise Invalid.field("customer_id", "exists", f"no customer with id {data.customer_id}")
    if data.bank_id is not None:
        bank = session.get(Bank, data.bank_id)
        if bank is None or bank.tenant_id != ctx.tenant_id:
            raise Invalid.field("bank_id", "exists", f"no bank with id {data.bank_id}")
    if data.amount == 0 and not data.allocations:
        raise Invalid.field("amount", "not_zero", "a payment of nothing needs allocations that offset items")
    currency = data.currency_code or _currency_of_items(session, ctx, data) or home_currency(session, ctx.tenant_id)
    if data.exchange_rate is not None and currency != home_currency(session, ctx.tenant_id):
        rate = data.exchange_rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    else:
        rate = rate_of(session, ctx, currency, data.paid_on, "selling")
    home = to_home(data.amount, rate)
    payment = Payment(tenant_id=ctx.tenant_id, customer_id=customer.id, paid_on=data.paid_on, amount=data.amount,
                      unallocated=data.amount, currency_code=currency, exchange_rate=rate, home_amount=home,
                      home_unallocated=home, method=data.method, bank_id=data.bank_id, reference=data.reference,
                      note=data.note, entered_by=ctx.username)
    session.add(payment)
    session.flush()
    allocations = data.allocations
    if not allocations and data.auto_allocate:
        allocations = oldest_first(session, ctx, customer.id, data.amount, currency)
    _allocate(session, ctx, payment, allocations, data.paid_on, "allocations")
    record_change(session, ctx, "payments", payment.id, "create", None, snapshot(payment))
    return payment


def _currency_of_items(session: Session, ctx: Context, data: PaymentIn) -> str | None:
    """Without a currency given, a payment is in the currency of the first item it settles."""
    if not data.allocations:
        return None
    return session.exec(select(OpenItem.currency_code).where(
        OpenItem.id == data.allocations[0].open_item_id, OpenItem.tenant_id == ctx.tenant_id)).first()


def apply_credit(session: Session, ctx: Context, payment_id: int, allocations: list[AllocationIn],
                 on: date) -> Payment:
    """Settle items from what stayed unallocated of an earlier payment (an overpayment)."""
    ctx.require(FINANCE, Level.WRITE)
    payment = get_payment(session, ctx, payment_id, for_update=True)
    _refuse_reversed(session, payment)
    before = payment.unallocated
    _allocate(session, ctx, payment, allocations, on, "allocations")
    record_change(session, ctx, "payments", payment.id, "apply_credit", {"unallocated": str(before)},
                  {"unallocated": str(payment.unallocated)})
    return payment


def reverse_payment(session: Session, ctx: Context, payment_id: int, on: date, reason: str) -> Payment:
    """A counter-payment that undoes a payment and every allocation made from it (a bounced
    cheque, a payment booked to the wrong customer); the items are open again."""
    ctx.require(FINANCE, Level.POST)
    original = get_payment(session, ctx, payment_id, for_update=True)
    _refuse_reversed(session, original)
    counter = Payment(tenant_id=ctx.tenant_id, customer_id=original.customer_id, paid_on=on, amount=-original.amount,
                      unallocated=-original.unallocated, currency_code=original.currency_code,
                      exchange_rate=original.exchange_rate, home_amount=-original.home_amount,
                      home_unallocated=-original.home_unallocated, method=original.method, bank_id=original.bank_id,
                      reference=f"reversal of payment {original.id}", note=reason, reverses_id=original.id,
                      entered_by=ctx.username)
    session.add(counter)
    session.flush()
    booked = []
    for allocation in allocations_of(session, original.id):
        undo = PaymentAllocation(tenant_id=ctx.tenant_id, payment_id=counter.id, open_item_id=allocation.open_item_id,
                                 kind=allocation.kind, amount=-allocation.amount, home_amount=-allocation.home_amount,
                                 home_paid=-allocation.home_paid, allocated_on=on, reason=reason,
                                 reverses_id=allocation.id, entered_by=ctx.username)
        session.add(undo)
        booked.append(undo)
        if not settle(session, ctx.tenant_id, allocation.open_item_id, -allocation.amount, -allocation.home_amount):
            raise Conflict(f"payment {original.id} cannot be reversed: an item it settled has changed since")
    session.flush()
    ctx.hooks.kontor_allocations_booked(ctx=ctx, session=session, payment=counter, allocations=booked)
    record_change(session, ctx, "payments", original.id, "reverse", None,
                  {"reversed_by": counter.id, "on": on.isoformat(), "reason": reason})
    return counter


def write_off(session: Session, ctx: Context, open_item_id: int, amount: Decimal | None, reason: str,
              on: date) -> PaymentAllocation:
    """Give up (part of) what an item still has open, with a reason; no money moves."""
    ctx.require(FINANCE, Level.POST)
    if not reason.strip():
        raise Invalid.field("reason", "required", "say why the amount is written off")
    item = _item(session, ctx, open_item_id, "open_item_id")
    amount = item.open_amount if amount is None else amount
    _check_fits(item, amount, "amount")
    allocation = _book(session, ctx, None, item, "write_off", amount, on, "amount", reason=reason)
    session.flush()
    ctx.hooks.kontor_allocations_booked(ctx=ctx, session=session, payment=None, allocations=[allocation])
    record_change(session, ctx, "open_items", item.id, "write_off", None,
                  {"amount": str(amount), "reason": reason, "open_amount": str(item.open_amount)})
    return allocation


# -- reading ------------------------------------------------------------------------------------


def get_payment(session: Session, ctx: Context, payment_id: int, *, for_update: bool = False) -> Payment:
    ctx.require(FINANCE, Level.READ)
    statement = select(Payment).where(Payment.id == payment_id, Payment.tenant_id == ctx.tenant_id)
    if for_update:
        statement = statement.with_for_update()
    payment = session.exec(statement).first()
    if payment is None:
        raise NotFound(f"no payment with id {payment_id}")
    return payment


def allocations_of(session: Session, payment_id: int) -> list[PaymentAllocation]:
    return list(session.exec(select(PaymentAllocation).where(PaymentAllocation.payment_id == payment_id)
                             .order_by(PaymentAllocation.id)))


def list_payments(session: Session, ctx: Context, customer_id: int | None = None, since: date | None = None,
                  until: date | None = None, limit: int = 100, offset: int = 0) -> list[Payment]:
    ctx.require(FINANCE, Level.READ)
    statement = select(Payment).where(Payment.tenant_id == ctx.tenant_id)
    if customer_id is not None:
        statement = statement.where(Payment.customer_id == customer_id)
    if since is not None:
        statement = statement.where(Payment.paid_on >= since)
    if until is not None:
        statement = statement.where(Payment.paid_on <= until)
    statement = statement.order_by(Payment.paid_on.desc(), Payment.id.desc()).limit(limit).offset(offset)
    return list(session.exec(statement))


def item_allocations(session: Session, ctx: Context, item_id: int) -> tuple[OpenItem, list[PaymentAllocation]]:
    """An open item and everything allocated to it (payments, discounts, write-offs, reversals)."""
    ctx.require(FINANCE, Level.READ)
    item = session.exec(select(OpenItem).where(OpenItem.id == item_id, OpenItem.tenant_id == ctx.tenant_id)).first()
    if item is None:
        raise NotFound(f"no open item with id {item_id}")
    allocations = session.exec(select(PaymentAllocation).where(PaymentAllocation.tenant_id == ctx.tenant_id,
                                                               PaymentAllocation.open_item_id == item_id)
                               .order_by(PaymentAllocation.allocated_on, PaymentAllocation.id))
    return item, list(allocations)


def reversal_of(session: Session, payment_id: int) -> Payment | None:
    return session.exec(select(Payment).where(Payment.reverses_id == payment_id)).first()


def oldest_first(session: Session, ctx: Context, customer_id: int, amount: Decimal,
                 currency: str | None = None) -> list[AllocationIn]:
    """Allocations that spend `amount` on the customer's open invoices (of the payment's
    currency), the oldest due first."""
    currency = currency or home_currency(session, ctx.tenant_id)
    items = session.exec(select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id,
                                                OpenItem.customer_id == customer_id, OpenItem.state != "paid",
                                                OpenItem.currency_code == currency, OpenItem.open_amount > 0)
                         .order_by(OpenItem.due_date, OpenItem.id))
    allocations, left = [], amount
    for item in items:
        if left <= 0:
            break
        part = min(left, item.open_amount)
        allocations.append(AllocationIn(open_item_id=item.id, amount=part))
        left -= part
    return allocations


# -- the allocation steps -----------------------------------------------------------------------


def _allocate(session: Session, ctx: Context, payment: Payment, allocations: list[AllocationIn], on: date,
              prefix: str) -> None:
    """Book each allocation (money, then cash discount, then write-off) and take the money
    used from the payment's unallocated rest; refuse if the allocations use more than it has."""
    left = payment.unallocated
    used = ZERO
    booked: list[PaymentAllocation] = []
    for index, wanted in enumerate(allocations):
        field = f"{prefix}.{index}"
        item = _item(session, ctx, wanted.open_item_id, f"{field}.open_item_id")
        if item.customer_id != payment.customer_id:
            raise Invalid.field(f"{field}.open_item_id", "same_customer",
                                f"{_label(item)} belongs to another customer than the payment")
        if item.currency_code != payment.currency_code:
            raise Invalid.field(f"{field}.open_item_id", "same_currency",
                                f"{_label(item)} is in {item.currency_code}, the payment in {payment.currency_code}")
        discount = _discount(session, item, wanted, payment.paid_on, field)
        amount = wanted.amount
        if amount is None:
            amount = item.open_amount - discount
            if amount > 0:
                if left - used <= 0:
                    raise Invalid.field(prefix, "not_above_payment",
                                        f"nothing of the payment is left for {_label(item)}")
                amount = min(amount, left - used)
        if amount == 0 and not (discount or wanted.write_off_rest):
            raise Invalid.field(f"{field}.amount", "not_zero", f"nothing to allocate to {_label(item)}")
        _check_fits(item, amount + discount, f"{field}.amount")
        if discount and amount + discount != item.open_amount and not wanted.write_off_rest:
            raise Invalid.field(f"{field}.cash_discount", "settles_item",
                                f"the cash discount of {money(discount)} on {_label(item)} goes with a payment that "
                                f"settles it: {money(item.open_amount - discount)} are needed, not {money(amount)}")
        if amount:
            booked.append(_book(session, ctx, payment, item, "payment", amount, on, f"{field}.amount"))
            used += amount
        if discount:
            booked.append(_book(session, ctx, payment, item, "cash_discount", discount, on, f"{field}.cash_discount"))
        if wanted.write_off_rest and item.open_amount:
            ctx.require(FINANCE, Level.POST)
            if not wanted.write_off_reason.strip():
                raise Invalid.field(f"{field}.write_off_reason", "required", "say why the rest is written off")
            booked.append(_book(session, ctx, payment, item, "write_off", item.open_amount, on,
                                f"{field}.write_off_rest", reason=wanted.write_off_reason))
    if used > left:
        raise Invalid.field(prefix, "not_above_payment",
                            f"the allocations use {money(used)}, but only {money(left)} of the payment is unallocated")
    if used:
        money_in = [a for a in booked if a.kind == "payment"]
        home_used = sum((a.home_paid for a in money_in), ZERO)
        if used == left and home_used != payment.home_unallocated:
            # the payment is used up: its last allocation takes the home rest, so no cent stays on it
            money_in[-1].home_paid += payment.home_unallocated - home_used
            session.add(money_in[-1])
            home_used = payment.home_unallocated
        session.execute(update(Payment).where(Payment.id == payment.id)
                        .values(unallocated=Payment.unallocated - used,
                                home_unallocated=Payment.home_unallocated - home_used)
                        .execution_options(synchronize_session=False))
        session.get(Payment, payment.id, populate_existing=True)
    if booked:
        session.flush()
        ctx.hooks.kontor_allocations_booked(ctx=ctx, session=session, payment=payment, allocations=booked)


def _discount(session: Session, item: OpenItem, wanted: AllocationIn, paid_on: date, field: str) -> Decimal:
    if not wanted.cash_discount:
        return ZERO
    offer = cash_discount_for(item, paid_on)
    if offer is None:
        raise Invalid.field(f"{field}.cash_discount", "discount_period",
                            f"{_label(item)} allows no cash discount for a payment on {paid_on:%d.%m.%Y}")
    taken = session.execute(select(func.sum(PaymentAllocation.amount)).where(
        PaymentAllocation.tenant_id == item.tenant_id, PaymentAllocation.open_item_id == item.id,
        PaymentAllocation.kind == "cash_discount")).scalar()
    if taken:
        raise Invalid.field(f"{field}.cash_discount", "once", f"{_label(item)} has had its cash discount already")
    return offer.amount


def _check_fits(item: OpenItem, amount: Decimal, field: str) -> None:
    """Signed like the item and not more than it has open."""
    if amount and (amount > 0) != (item.amount > 0):
        kind = "an invoice" if item.amount > 0 else "a credit note"
        raise Invalid.field(field, "sign", f"{_label(item)} is {kind}: allocate a "
                            f"{'positive' if item.amount > 0 else 'negative'} amount")
    if abs(amount) > abs(item.open_amount):
        raise Invalid.field(field, "not_above_open", f"{_label(item)} has {money(item.open_amount)} open; "
                            f"{money(amount)} is more")


def _book(session: Session, ctx: Context, payment: Payment | None, item: OpenItem, kind: str, amount: Decimal,
          on: date, field: str, reason: str = "") -> PaymentAllocation:
    """One allocation: the item's open amount falls by `amount` and its book value by the
    home share (kontor.core.finance.open_items.home_share); `home_paid` is what the money was
    worth at the payment's rate (a write-off gives up the book value)."""
    home = home_share(item, amount)
    paid = home if kind == "write_off" or payment is None else to_home(amount, payment.exchange_rate)
    allocation = PaymentAllocation(tenant_id=ctx.tenant_id, payment_id=payment.id if payment else None,
                                   open_item_id=item.id, kind=kind, amount=amount, home_amount=home, home_paid=paid,
                                   allocated_on=on, reason=reason, entered_by=ctx.username)
    session.add(allocation)
    if not settle(session, ctx.tenant_id, item.id, amount, home):
        raise Invalid.field(field, "not_above_open", f"{_label(item)} has only {money(item.open_amount)} open")
    return allocation


def _item(session: Session, ctx: Context, item_id: int, field: str) -> OpenItem:
    item = session.exec(select(OpenItem).where(OpenItem.id == item_id, OpenItem.tenant_id == ctx.tenant_id)
                        .with_for_update()).first()
    if item is None:
        raise Invalid.field(field, "exists", f"no open item with id {item_id}")
    return item


def _refuse_reversed(session: Session, payment: Payment) -> None:
    if payment.reverses_id is not None:
        raise Conflict(f"payment {payment.id} is the reversal of payment {payment.reverses_id}")
    counter = reversal_of(session, payment.id)
    if counter is not None:
        raise Conflict(f"payment {payment.id} was reversed by payment {counter.id} on {counter.paid_on:%d.%m.%Y}")


def _label(item: OpenItem) -> str:
    return f"{item.kind.replace('_', ' ')} {item.number}"
