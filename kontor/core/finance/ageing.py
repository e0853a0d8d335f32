"""The open-item list with ageing: what each customer owed on a key date, by days overdue.

Buckets: not yet due, 1-30, 31-60, 61-90 and over 90 days past the due date, plus the
customer's unallocated credit (overpayments) and the balance. The list is exact for any key
date, not just today: an item counts if it was dated by then, with what was open then (its
open amount now plus whatever was allocated to it after the key date); a payment's credit
likewise. All of it is ONE grouped query over the union of items and credits: each row gets
its bucket (the limits computed as dates beforehand) and the query sums the buckets per
customer, so 200,000 items need no loop in Python. Every figure is in home currency: items
at their book value, credits at the payment's rate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, literal, or_, type_coerce, union_all
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.finance.models import OpenItem
from kontor.core.finance.payment_models import Payment, PaymentAllocation
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.db.types import Exact

BUCKETS = ("not_due", "days_1_30", "days_31_60", "days_61_90", "over_90")
CREDIT = len(BUCKETS)  # the bucket of unallocated payments
ZERO = Decimal("0")


@dataclass
class AgeingRow:
    customer_id: int | None
    customer_number: str | None
    customer_name: str | None
    not_due: Decimal = ZERO
    days_1_30: Decimal = ZERO
    days_31_60: Decimal = ZERO
    days_61_90: Decimal = ZERO
    over_90: Decimal = ZERO
    credit: Decimal = ZERO  # unallocated payments, negative
    balance: Decimal = ZERO


@dataclass
class AgeingList:
    on: date
    rows: list[AgeingRow] = field(default_factory=list)
    total: AgeingRow = field(default_factory=lambda: AgeingRow(None, None, "total"))


def _money(expression):
    return type_coerce(expression, Exact())


def _bucket(due, on: date):
    """0 not due, 1 = 1-30, 2 = 31-60, 3 = 61-90, 4 = over 90 days past due (limits as dates)."""
    limits = [on - timedelta(days=days) for days in (30, 60, 90)]
    return case((due >= on, 0), (due >= limits[0], 1), (due >= limits[1], 2), (due >= limits[2], 3), else_=4)


def _items_then(tenant_id: int, on: date, customer_id: int | None):
    """Each item dated by `on`, its bucket, and what was open of it on that day."""
    later = (select(PaymentAllocation.open_item_id, func.sum(PaymentAllocation.home_amount).label("later"))
             .where(PaymentAllocation.tenant_id == tenant_id, PaymentAllocation.allocated_on > on)
             .group_by(PaymentAllocation.open_item_id).subquery())
    statement = (
        select(OpenItem.customer_id.label("customer_id"), _bucket(OpenItem.due_date, on).label("bucket"),
               _money(OpenItem.home_open_amount + func.coalesce(later.c.later, 0)).label("amount"))
        .outerjoin(later, later.c.open_item_id == OpenItem.id)
        .where(OpenItem.tenant_id == tenant_id, OpenItem.doc_date <= on,
               or_(OpenItem.state != "paid", later.c.open_item_id.is_not(None)))
    )
    return statement.where(OpenItem.customer_id == customer_id) if customer_id is not None else statement


def _credits_then(tenant_id: int, on: date, customer_id: int | None):
    """Each payment received by `on` with what of it was unallocated on that day (negative)."""
    later = (select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.home_paid).label("later"))
             .where(PaymentAllocation.tenant_id == tenant_id, PaymentAllocation.kind == "payment",
                    PaymentAllocation.allocated_on > on)
             .group_by(PaymentAllocation.payment_id).subquery())
    statement = (
        select(Payment.customer_id.label("customer_id"), literal(CREDIT).label("bucket"),
               _money(-(Payment.home_unallocated + func.coalesce(later.c.later, 0))).label("amount"))
        .outerjoin(later, later.c.payment_id == Payment.id)
        .where(Payment.tenant_id == tenant_id, Payment.paid_on <= on,
               or_(Payment.home_unallocated != 0, Payment.unallocated != 0, later.c.payment_id.is_not(None)))
    )
    return statement.where(Payment.customer_id == customer_id) if customer_id is not None else statement


def ageing_statement(tenant_id: int, on: date, customer_id: int | None = None):
    """The one grouped query: per customer the sum of each bucket (the credit is bucket 5)."""
    rows = union_all(_items_then(tenant_id, on, customer_id), _credits_then(tenant_id, on, customer_id)).subquery()
    zero = literal(ZERO, Exact())
    sums = [_money(func.sum(case((rows.c.bucket == index, rows.c.amount), else_=zero))).label(f"bucket{index}")
            for index in range(CREDIT + 1)]
    grouped = select(rows.c.customer_id, *sums).group_by(rows.c.customer_id).subquery()
    return (
        select(grouped.c.customer_id, Customer.number, Customer.name1,
               *(grouped.c[f"bucket{index}"] for index in range(CREDIT + 1)))
        .outerjoin(Customer, Customer.id == grouped.c.customer_id)
        .order_by(Customer.number, grouped.c.customer_id)
    )


def ageing(session: Session, ctx: Context, on: date, customer_id: int | None = None) -> AgeingList:
    """The ageing list on the key date `on`, per customer (sorted by number) and in total."""
    ctx.require("finance", Level.READ)
    result = AgeingList(on)
    names = [*BUCKETS, "credit"]
    for customer, number, name, *amounts in session.execute(ageing_statement(ctx.tenant_id, on, customer_id)):
        if not any(amounts):
            continue  # the customer's items and credits net to nothing in every column
        row = AgeingRow(customer, number, name, **dict(zip(names, amounts, strict=True)), balance=sum(amounts, ZERO))
        result.rows.append(row)
        for key in [*names, "balance"]:
            setattr(result.total, key, getattr(result.total, key) + getattr(row, key))
    return result

