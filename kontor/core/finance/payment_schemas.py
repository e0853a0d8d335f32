"""What a clerk sends to enter a payment, apply a credit, write off or record a credit report.

Shared by the services (kontor.core.finance.payments, .credit_reports), the HTTP API and
the command line, so every entry point checks the same rules: amounts are Decimal with at
most four places, methods come from a fixed list, texts have their lengths.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kontor.core.masterdata.validators import CurrencyCode, Money, NonNegativeMoney

Method = Literal["bank_transfer", "cash", "cheque", "direct_debit", "card", "offset"]


class AllocationIn(BaseModel):
    """One item a payment (or a customer's credit) settles."""

    model_config = ConfigDict(extra="forbid")

    open_item_id: int
    amount: Money | None = Field(default=None, description="money applied, signed like the item (a credit note "
                                 "offset in the payment negative); empty: what is open, less the cash discount, "
                                 "as far as the payment reaches")
    cash_discount: bool = Field(default=False, description="grant the cash discount the terms allow on the payment "
                                "date (computed on the item's discountable base, to the cent)")
    write_off_rest: bool = Field(default=False, description="write off what stays open afterwards (finance post)")
    write_off_reason: str = Field(default="", max_length=200)


class PaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    paid_on: date
    amount: NonNegativeMoney = Field(description="money received (0 for a pure offset of credit notes)")
    currency_code: CurrencyCode | None = Field(default=None, description="the currency of the money; empty: that "
                                               "of the first item allocated, else home currency")
    exchange_rate: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=10,
                                          description="home currency per unit on the payment's day; empty: the "
                                          "rate of that day (kontor_exchange_rate)")
    method: Method = "bank_transfer"
    bank_id: int | None = None
    reference: str = Field(default="", max_length=140)
    note: str = Field(default="", max_length=2000)
    allocations: list[AllocationIn] = Field(default_factory=list)
    auto_allocate: bool = Field(default=False, description="without allocations: settle the customer's items "
                                "oldest due first; what remains is kept as credit")


class CreditUse(BaseModel):
    """Applying what stayed unallocated of a payment (the customer's credit) to items."""

    model_config = ConfigDict(extra="forbid")

    allocations: list[AllocationIn] = Field(min_length=1)
    on: date | None = Field(default=None, description="allocation date; empty: today")


class ReversalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date | None = Field(default=None, description="date of the counter-entry; empty: today")
    reason: str = Field(min_length=1, max_length=200)


class WriteOffIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Money | None = Field(default=None, description="empty: everything still open")
    reason: str = Field(min_length=1, max_length=200)
    on: date | None = None


class CreditReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reported_on: date
    agency: str = Field(min_length=1, max_length=80)
    rating: str = Field(min_length=1, max_length=40)
    recommended_limit: NonNegativeMoney | None = None
    note: str = Field(default="", max_length=2000)
    apply_limit: bool = Field(default=False, description="make the recommended limit the customer's credit limit")
