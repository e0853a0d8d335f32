"""Properties of payments: whatever a bookkeeper does, the books add up to the cent.

Hypothesis plays random days of a bookkeeper on three invoices and a credit note of one
customer: payments of random amounts against random items, with or without cash discount
(on random dates, so sometimes too late), remainders written off, overpayments auto-allocated,
credits used later, payments reversed. Refused steps are allowed (too much, too late, wrong
sign, reversed twice) but must leave every amount unchanged. After every sequence:

(a) per item: amount - open amount = the sum of its allocations, the open amount lies between
    zero and the amount, and the state says open / partly_paid / paid accordingly;
(b) per payment: amount = its money allocations + what stays unallocated;
(c) the customer's open balance = open amounts of the items - unallocated credits;
(d) the ageing list on a key date after everything has the same balance, and on the day
    before the first payment it shows every item in full.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from kontor.core.finance.ageing import ageing
from kontor.core.finance.models import OpenItem
from kontor.core.finance.open_items import open_balance
from kontor.core.finance.payment_models import Payment, PaymentAllocation
from kontor.core.finance.payment_schemas import AllocationIn, PaymentIn
from kontor.core.finance.payments import apply_credit, enter_payment, reverse_payment, write_off
from kontor.errors import Conflict, Invalid
from kontor.testing import new_company
from tests.scenarios.test_payments import make_customer, make_invoice

D = Decimal
START = date(2026, 3, 2)

cents = st.integers(1, 40000).map(lambda n: D(n) / 100)
days = st.integers(1, 40)  # payments from the day after the invoices
steps = st.lists(st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 3), cents, st.booleans(), st.booleans(), days),
    st.tuples(st.just("auto"), cents, days),
    st.tuples(st.just("credit"), st.integers(0, 9), st.integers(0, 3), days),
    st.tuples(st.just("reverse"), st.integers(0, 9), days),
    st.tuples(st.just("write_off"), st.integers(0, 3), days),
), min_size=1, max_size=8)


def amounts(company) -> tuple:
    with company.read() as (session, ctx):
        items = session.exec(select(OpenItem.id, OpenItem.open_amount, OpenItem.state)
                             .where(OpenItem.tenant_id == ctx.tenant_id).order_by(OpenItem.id)).all()
        payments = session.exec(select(Payment.id, Payment.unallocated).where(Payment.tenant_id == ctx.tenant_id)
                                .order_by(Payment.id)).all()
    return tuple(items), tuple(payments)


def play(company, ids, items, step) -> None:
    kind, *args = step
    with company.write() as (session, ctx):
        payments = session.exec(select(Payment.id).where(Payment.tenant_id == ctx.tenant_id).order_by(Payment.id)).all()
        if kind == "pay":
            index, amount, discount, rest, day = args
            allocation = AllocationIn(open_item_id=items[index], cash_discount=discount, write_off_rest=rest,
                                      write_off_reason="Differenz" if rest else "")
            enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=START + timedelta(days=day),
                                                  amount=amount, allocations=[allocation]))
        elif kind == "auto":
            amount, day = args
            enter_payment(session, ctx, PaymentIn(customer_id=ids["customer"], paid_on=START + timedelta(days=day),
                                                  amount=amount, auto_allocate=True))
        elif kind == "credit" and payments:
            which, index, day = args
            apply_credit(session, ctx, payments[which % len(payments)], [AllocationIn(open_item_id=items[index])],
                         START + timedelta(days=day))
        elif kind == "reverse" and payments:
            which, day = args
            reverse_payment(session, ctx, payments[which % len(payments)], START + timedelta(days=day), "Storno")
        elif kind == "write_off":
            index, day = args
            write_off(session, ctx, items[index], None, "uneinbringlich", START + timedelta(days=day))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(steps=steps)
def test_payments_keep_items_payments_balance_and_ageing_consistent(kontor_system, steps):
    company = new_company(kontor_system)
    ids = make_customer(company)
    items = [make_invoice(company, ids, START), make_invoice(company, ids, START, quantity="2", price="33.33",
                                                             fee="1"),
             make_invoice(company, ids, START, quantity="1", price="0.07"),
             make_invoice(company, ids, START, quantity="1", kind="credit_note")]
    for step in steps:
        before = amounts(company)
        try:
            play(company, ids, items, step)
        except (Invalid, Conflict):
            assert amounts(company) == before, f"a refused {step[0]} changed amounts"

    with company.read() as (session, ctx):
        allocated = dict(session.execute(select(PaymentAllocation.open_item_id, func.sum(PaymentAllocation.amount))
                                         .where(PaymentAllocation.tenant_id == ctx.tenant_id)
                                         .group_by(PaymentAllocation.open_item_id)).all())
        stored = session.exec(select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id)).all()
        for item in stored:
            assert item.amount - item.open_amount == allocated.get(item.id, D(0))
            low, high = sorted((D(0), item.amount))
            assert low <= item.open_amount <= high
            expected = "paid" if item.open_amount == 0 else "open" if item.open_amount == item.amount else "partly_paid"
            assert item.state == expected
        for payment in session.exec(select(Payment).where(Payment.tenant_id == ctx.tenant_id)).all():
            money = session.execute(select(func.sum(PaymentAllocation.amount)).where(
                PaymentAllocation.payment_id == payment.id, PaymentAllocation.kind == "payment")).scalar()
            assert payment.amount == (money or D(0)) + payment.unallocated
        credits = session.execute(select(func.sum(Payment.unallocated))
                                  .where(Payment.tenant_id == ctx.tenant_id)).scalar() or D(0)
        balance = open_balance(session, ctx.tenant_id, ids["customer"])
        assert balance == sum((i.open_amount for i in stored), D(0)) - credits
        assert ageing(session, ctx, START + timedelta(days=365)).total.balance == balance
        before_payments = ageing(session, ctx, START)
        assert before_payments.total.balance == sum((i.amount for i in stored), D(0))
        assert before_payments.total.not_due == before_payments.total.balance
