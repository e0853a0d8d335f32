"""Payments, their allocations to open items, and the reports of credit agencies.

A `Payment` is money a customer paid (date, amount, method, bank, reference). Its
`PaymentAllocation`s say which open items it settles and how: `payment` (money applied),
`cash_discount` (the discount the terms allow, granted with the payment) and `write_off`
(a remainder given up, with a reason). Every allocation's `amount` is signed like the item
it settles (positive on invoices, negative on credit notes a payment offsets) and lowers the
item's open amount by exactly that much.

Invariant of every payment: amount = sum of its `payment` allocations + `unallocated`; in
home currency likewise home_amount = sum of their `home_paid` + `home_unallocated`.
Amounts are in the payment's currency, which is the currency of the items it settles; the
home-currency figures beside them make the ageing list and the credit risk one currency. What
stays unallocated is the customer's credit (an overpayment); later allocations may use it,
and the customer's open balance subtracts it. A payment is never edited: reversing it is a
counter-payment (`reverses_id`) with the negated amount and negated allocations.

`CreditReport` keeps what credit agencies said about a customer over time (rating and
recommended limit), so the history of a customer's creditworthiness stays visible.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact

PAYMENT_METHODS = ("bank_transfer", "cash", "cheque", "direct_debit", "card", "offset")
ALLOCATION_KINDS = ("payment", "cash_discount", "write_off")


class Payment(TenantOwned, Timestamped, table=True):
    __tablename__ = "payment"
    __table_args__ = (
        UniqueConstraint("tenant_id", "reverses_id"),
        Index("ix_payment_customer", "tenant_id", "customer_id", "paid_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    paid_on: date
    amount: Decimal = exact(description="money received; negative only on a reversal")
    unallocated: Decimal = exact(0, description="not yet applied to items: the customer's credit")
    currency_code: str = Field(default="EUR", max_length=3, description="the currency of the money and of "
                                                                        "the items it settles")
    exchange_rate: Decimal = exact(1, scale=10, description="home currency per unit on the day it was paid")
    home_amount: Decimal = exact(0, description="the amount in home currency at the payment's rate")
    home_unallocated: Decimal = exact(0, description="the unallocated rest in home currency")
    method: str = Field(default="bank_transfer", max_length=20, sa_type=String(20))
    bank_id: int | None = Field(default=None, foreign_key="bank.id", description="the bank it came in at")
    reference: str = Field(default="", max_length=140, description="bank statement reference, cheque number, ...")
    note: str = Field(default="", sa_type=Text)
    reverses_id: int | None = Field(default=None, foreign_key="payment.id",
                                    description="on a counter-entry: the payment it reverses")
    entered_by: str = Field(default="", max_length=60)


class PaymentAllocation(TenantOwned, table=True):
    __tablename__ = "payment_allocation"
    __table_args__ = (
        Index("ix_payment_allocation_item", "tenant_id", "open_item_id"),
        Index("ix_payment_allocation_date", "tenant_id", "allocated_on"),
        Index("ix_payment_allocation_payment", "payment_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int | None = Field(default=None, foreign_key="payment.id",
                                   description="empty on a write-off made without a payment")
    open_item_id: int = Field(foreign_key="open_item.id")
    kind: str = Field(max_length=16, sa_type=String(16), description="payment, cash_discount or write_off")
    amount: Decimal = exact(description="lowers the item's open amount by this (signed like the item)")
    home_amount: Decimal = exact(0, description="the book value in home currency it takes off the item "
                                                "(at the item's rate; the allocation that settles it takes the rest)")
    home_paid: Decimal = exact(0, description="what it was worth in home currency at the payment's rate "
                                              "(a write-off: its book value)")
    allocated_on: date
    reason: str = Field(default="", max_length=200, description="why a remainder was written off")
    reverses_id: int | None = Field(default=None, foreign_key="payment_allocation.id",
                                    description="on a counter-entry: the allocation it undoes")
    entered_by: str = Field(default="", max_length=60)


class CreditReport(TenantOwned, Timestamped, table=True):
    """One answer of a credit agency (Kreditschutzverband) about a customer."""

    __tablename__ = "credit_report"
    __table_args__ = (Index("ix_credit_report_customer", "tenant_id", "customer_id", "reported_on"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    reported_on: date
    agency: str = Field(max_length=80)
    rating: str = Field(max_length=40, description="the agency's rating or score as it states it")
    recommended_limit: Decimal | None = exact(None, nullable=True, ge=0)
    note: str = Field(default="", sa_type=Text)
    limit_applied: bool = Field(default=False, description="the recommended limit became the customer's credit limit")
    entered_by: str = Field(default="", max_length=60)
