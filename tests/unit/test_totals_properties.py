"""Properties of document totals under kontor's rounding rule (DESIGN.md, rule 4), without a database.

Every expectation is computed here independently with exact fractions and an explicit
commercial rounding (half away from zero), then compared with kontor.core.documents.totals:
line net to the cent, end discount per VAT rate to the cent on the rate's sum of lines,
VAT per rate on the rate's net sum to the cent, total = net + VAT; optional lines never count.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kontor.core.documents.totals import Totals, compute_totals, line_net

D = Decimal
RATES = (D("0"), D("7"), D("19"))

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# -- strategies ----------------------------------------------------------------------------------


def decimals(low: Decimal, high: Decimal, max_places: int) -> st.SearchStrategy[Decimal]:
    """Decimals in [low, high] with 0 to max_places places, in varying notation ("5", "5.00", "5.0000")."""

    @st.composite
    def build(draw) -> Decimal:
        places = draw(st.integers(0, max_places))
        scale = 10**places
        lowest = math.ceil(low * scale)
        highest = math.floor(high * scale)
        value = D(draw(st.integers(lowest, highest))).scaleb(-places)
        if draw(st.booleans()):  # the same value as the database gives it back (4 places)
            value = value.quantize(D("0.0001"))
        return value

    return build()


quantities = decimals(D("0.0001"), D("9999"), 4)
unit_prices = decimals(D("0"), D("99999"), 4)
discounts = decimals(D("0"), D("100"), 2)
rates = st.sampled_from(RATES)
charge_amounts = decimals(D("-999.99"), D("9999.99"), 2)


@st.composite
def raw_lines(draw, optional: bool | None = None) -> tuple:
    """(quantity, unit price, discount %, VAT rate, optional); optional None: either."""
    flag = draw(st.booleans()) if optional is None else optional
    return (draw(quantities), draw(unit_prices), draw(discounts), draw(rates), flag)


line_lists = st.lists(raw_lines(), max_size=12)
charge_lists = st.lists(st.tuples(charge_amounts, rates), max_size=4)
end_discounts = decimals(D("0"), D("100"), 2)


# -- the reference, computed exactly -------------------------------------------------------------


def half_up_cents(value: Fraction) -> Decimal:
    """Commercial rounding to the cent: halves go away from zero."""
    sign = -1 if value < 0 else 1
    hundredths = math.floor(abs(value) * 100 + Fraction(1, 2))
    return D(sign * hundredths).scaleb(-2)


def reference_line_net(quantity: Decimal, unit_price: Decimal, discount: Decimal) -> Decimal:
    return half_up_cents(Fraction(quantity) * Fraction(unit_price) * (1 - Fraction(discount) / 100))


def with_nets(lines: list[tuple]) -> list[tuple[Decimal, Decimal, bool]]:
    return [(line_net(q, p, d), rate, optional) for q, p, d, rate, optional in lines]


def at_most_two_places(value: Decimal) -> bool:
    return value == value.quantize(D("0.01"))


def all_amounts(totals: Totals) -> list[Decimal]:
    amounts = [totals.lines_net, totals.end_discount, totals.charges_net, totals.net, totals.tax, totals.gross]
    for row in totals.rows:
        amounts += [row.lines, row.end_discount, row.charges, row.net, row.tax]
    return amounts


def as_tuple(totals: Totals) -> tuple:
    return (totals.lines_net, totals.end_discount, totals.charges_net, totals.net, totals.tax, totals.gross,
            [(r.rate, r.lines, r.end_discount, r.charges, r.net, r.tax) for r in totals.rows])


# -- properties ----------------------------------------------------------------------------------


@SETTINGS
@given(quantity=quantities, unit_price=unit_prices, discount=discounts)
@example(quantity=D("1"), unit_price=D("0.005"), discount=D("0"))  # a half cent goes up
@example(quantity=D("1"), unit_price=D("0.0049"), discount=D("0"))  # below the half goes down
@example(quantity=D("1"), unit_price=D("0.125"), discount=D("0"))  # half up, not half even (0.12)
@example(quantity=D("3"), unit_price=D("0.3350"), discount=D("50"))  # 0.5025 -> 0.50
@example(quantity=D("2.5"), unit_price=D("0.99"), discount=D("0"))  # 2.475 -> 2.48
@example(quantity=D("9999"), unit_price=D("99999"), discount=D("0.01"))  # the largest amounts
@example(quantity=D("0.0001"), unit_price=D("0.0001"), discount=D("100"))
def test_a_line_net_is_quantity_times_price_less_discount_rounded_half_up_to_the_cent(quantity, unit_price, discount):
    net = line_net(quantity, unit_price, discount)
    assert net == reference_line_net(quantity, unit_price, discount)
    assert net.as_tuple().exponent == -2, f"{net!r} is not given in cents"
    assert net >= 0


@SETTINGS
@given(lines=line_lists, charges=charge_lists, end_discount=end_discounts)
@example(lines=[(D("1"), D("0.05"), D("0"), D("7"), False)], charges=[], end_discount=D("10"))  # 0.005 -> 0.01
@example(lines=[(D("1"), D("0.50"), D("0"), D("7"), False)], charges=[], end_discount=D("0"))  # VAT 0.035 -> 0.04
@example(lines=[(D("1"), D("0.50"), D("0"), D("7"), False)], charges=[(D("-1.00"), D("7"))], end_discount=D("0"))
@example(lines=[(D("1"), D("10"), D("0"), D("19"), True)], charges=[], end_discount=D("0"))  # only optional
def test_the_totals_follow_the_rounding_rule(lines, charges, end_discount):
    totals = compute_totals(with_nets(lines), charges, end_discount)

    lines_by_rate: dict[Decimal, Decimal] = {}
    charges_by_rate: dict[Decimal, Decimal] = {}
    for quantity, price, discount, rate, optional in lines:
        if not optional:
            lines_by_rate[rate] = lines_by_rate.get(rate, D("0")) + reference_line_net(quantity, price, discount)
    for amount, rate in charges:
        charges_by_rate[rate] = charges_by_rate.get(rate, D("0")) + amount

    # one row per rate that has a counted line or a charge, in rising order of rates
    assert [row.rate for row in totals.rows] == sorted(set(lines_by_rate) | set(charges_by_rate))
    for row in totals.rows:
        row_lines = lines_by_rate.get(row.rate, D("0"))
        assert row.lines == row_lines
        assert row.end_discount == half_up_cents(Fraction(row_lines) * Fraction(end_discount) / 100)
        assert row.charges == charges_by_rate.get(row.rate, D("0"))
        assert row.net == row.lines - row.end_discount + row.charges
        assert row.tax == half_up_cents(Fraction(row.net) * Fraction(row.rate) / 100)

    assert totals.lines_net == sum((r.lines for r in totals.rows), D("0"))
    assert totals.end_discount == sum((r.end_discount for r in totals.rows), D("0"))
    assert totals.charges_net == sum((amount for amount, _ in charges), D("0"))
    assert totals.net == sum((r.net for r in totals.rows), D("0"))
    assert totals.net == totals.lines_net - totals.end_discount + totals.charges_net
    assert totals.tax == sum((r.tax for r in totals.rows), D("0"))
    assert totals.gross == totals.net + totals.tax
    for amount in all_amounts(totals):
        assert at_most_two_places(amount), f"{amount!r} has more than two places"


@SETTINGS
@given(lines=st.lists(raw_lines(optional=False), max_size=8),
       optional_lines=st.lists(raw_lines(optional=True), max_size=5),
       charges=charge_lists, end_discount=end_discounts, seed=st.randoms(use_true_random=False))
def test_optional_lines_never_change_the_totals(lines, optional_lines, charges, end_discount, seed):
    counted = compute_totals(with_nets(lines), charges, end_discount)
    mixed = lines + optional_lines
    seed.shuffle(mixed)
    assert as_tuple(compute_totals(with_nets(mixed), charges, end_discount)) == as_tuple(counted)
    # and an optional line counts nothing however large it is
    huge = (D("9999"), D("99999"), D("0"), D("19"), True)
    assert as_tuple(compute_totals(with_nets([*mixed, huge]), charges, end_discount)) == as_tuple(counted)


@SETTINGS
@given(lines=line_lists, charges=charge_lists, end_discount=end_discounts, seed=st.randoms(use_true_random=False))
def test_the_order_of_lines_and_charges_does_not_matter(lines, charges, end_discount, seed: random.Random):
    before = compute_totals(with_nets(lines), charges, end_discount)
    lines, charges = list(lines), list(charges)
    seed.shuffle(lines)
    seed.shuffle(charges)
    assert as_tuple(compute_totals(with_nets(lines), charges, end_discount)) == as_tuple(before)


@SETTINGS
@given(lines=line_lists, charges=charge_lists, end_discount=end_discounts)
def test_rates_written_differently_share_one_row(lines, charges, end_discount):
    """19, 19.00 and 19.0000 (as the database gives it back) are one VAT rate."""
    plain = compute_totals(with_nets(lines), charges, end_discount)
    stored = compute_totals([(net, rate.quantize(D("0.0001")), optional) for net, rate, optional in with_nets(lines)],
                            [(amount, rate.quantize(D("0.01"))) for amount, rate in charges], end_discount)
    assert as_tuple(stored) == as_tuple(plain)


@pytest.mark.parametrize("rate", [D("10"), D("20"), D("20.00")])
def test_a_tax_row_shows_its_rate_in_plain_notation(rate):
    (row,) = compute_totals([(D("100.00"), rate, False)], [], D("0")).rows
    assert row.rate == rate
    assert "E" not in str(row.rate), f"the rate is written {row.rate}"
