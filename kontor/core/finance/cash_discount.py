"""The cash discount (Skonto) an item allows on a payment date.

The payment term gives up to two steps (a percent until a date each, kept on the open
item). A payment on or before the first date earns the first percent, on or before the
second date the second; later, none. The discount is computed on the item's discountable
base (the gross of the lines whose articles allow cash discount), rounded commercially
(half up) to the cent: the one rounding point of a payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kontor.core.finance.models import OpenItem

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CashDiscount:
    percent: Decimal
    until: date
    amount: Decimal


def cash_discount_for(item: OpenItem, paid_on: date) -> CashDiscount | None:
    """The discount a payment on `paid_on` earns on this item, or None after the last date."""
    steps = ((item.cash_discount1_date, item.cash_discount1_percent),
             (item.cash_discount2_date, item.cash_discount2_percent))
    for until, percent in steps:
        if until is not None and percent and paid_on <= until:
            amount = (item.cash_discount_base * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            return CashDiscount(percent, until, amount)
    return None
