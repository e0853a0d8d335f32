"""Document totals under kontor's rounding rule (commercial, half up, at these points only):

1. each line's net amount to the cent: quantity x unit price x (1 - discount %);
2. the end discount per VAT rate, to the cent, on that rate's sum of lines;
3. direct costs (freight, packaging, insurance) are amounts in cents already;
4. VAT per rate on the rate's net sum (lines - end discount + direct costs), to the cent,
   as EN 16931 computes it (never summed from rounded per-line VAT);
5. total = net + VAT.
Optional lines are shown but not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rate_key(rate: Decimal) -> Decimal:
    """19, 19.00 and 19.0000 are one VAT rate; written plainly (20, not 2E+1)."""
    value = Decimal(rate).normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def line_net(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    return cents(quantity * unit_price * (100 - discount_percent) / 100)


@dataclass(frozen=True)
class TaxRow:
    rate: Decimal
    lines: Decimal
    end_discount: Decimal
    charges: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class Totals:
    lines_net: Decimal
    end_discount: Decimal
    charges_net: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal
    rows: list[TaxRow] = field(default_factory=list)


def compute_totals(
    lines: Iterable[tuple[Decimal, Decimal, bool]],
    charges: Iterable[tuple[Decimal, Decimal]],
    end_discount_percent: Decimal,
) -> Totals:
    """lines: (net amount, VAT rate, optional); charges: (amount, VAT rate)."""
    by_rate: dict[Decimal, list[Decimal]] = {}
    for net, rate, optional in lines:
        if not optional:
            by_rate.setdefault(rate_key(rate), [ZERO, ZERO])[0] += net
    for amount, rate in charges:
        by_rate.setdefault(rate_key(rate), [ZERO, ZERO])[1] += amount
    rows = []
    for rate in sorted(by_rate):
        lines_sum, charges_sum = by_rate[rate]
        discount = cents(lines_sum * end_discount_percent / 100)
        net = lines_sum - discount + charges_sum
        rows.append(TaxRow(rate=rate, lines=lines_sum, end_discount=discount, charges=charges_sum, net=net,
                           tax=cents(net * rate / 100)))
    net = sum((r.net for r in rows), ZERO)
    tax = sum((r.tax for r in rows), ZERO)
    return Totals(
        lines_net=sum((r.lines for r in rows), ZERO),
        end_discount=sum((r.end_discount for r in rows), ZERO),
        charges_net=sum((r.charges for r in rows), ZERO),
        net=net,
        tax=tax,
        gross=net + tax,
        rows=rows,
    )
