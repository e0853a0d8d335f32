"""Rules of the basics that go beyond single fields."""

from __future__ import annotations

from kontor.core.masterdata.basics.models import INCOTERMS, NUMBER_RANGE_KINDS, TAX_KINDS
from kontor.errors import Problem


def payment_term_rules(session, ctx, term, before) -> list[Problem]:
    problems = []
    for step in (1, 2):
        days = getattr(term, f"discount{step}_days")
        percent = getattr(term, f"discount{step}_percent")
        if percent > 0 and days == 0:
            problems.append(Problem(f"discount{step}_days", "required", "a cash discount needs its days"))
        if days > term.net_days:
            problems.append(
                Problem(f"discount{step}_days", "within_net_days", "cash-discount days must not exceed the net days")
            )
    if term.discount2_percent > 0:
        if term.discount2_days <= term.discount1_days:
            problems.append(
                Problem("discount2_days", "after_first", "the second cash discount must come after the first")
            )
        if term.discount2_percent >= term.discount1_percent:
            problems.append(
                Problem("discount2_percent", "below_first", "the second cash discount must be smaller than the first")
            )
    return problems


def delivery_term_rules(session, ctx, term, before) -> list[Problem]:
    if term.incoterm and term.incoterm not in INCOTERMS:
        return [Problem("incoterm", "incoterms_2020", f"use one of {', '.join(INCOTERMS)} or leave it empty")]
    return []


def tax_code_rules(session, ctx, code, before) -> list[Problem]:
    if code.kind not in TAX_KINDS:
        return [Problem("kind", "one_of", f"use one of {', '.join(TAX_KINDS)}")]
    if code.kind in ("zero", "exempt", "reverse_charge", "intra_eu_supply", "export") and code.rate != 0:
        return [Problem("rate", "zero_for_kind", f"a tax code of kind '{code.kind}' has rate 0")]
    if code.kind in ("standard", "reduced") and code.rate == 0:
        return [Problem("rate", "positive_for_kind", f"a tax code of kind '{code.kind}' needs a rate above 0")]
    return []


def number_range_rules(session, ctx, number_range, before) -> list[Problem]:
    problems = []
    if number_range.kind not in NUMBER_RANGE_KINDS:
        problems.append(Problem("kind", "one_of", f"unknown kind; use one of {', '.join(NUMBER_RANGE_KINDS)}"))
    if before is not None:
        if number_range.kind != before["kind"]:
            problems.append(Problem("kind", "fixed", "the kind of a number range cannot change"))
        if number_range.next_number < before["next_number"]:
            problems.append(
                Problem("next_number", "not_lower", "numbers already given cannot be given again: do not lower it")
            )
    return problems
