"""Rules of the parties that go beyond single fields."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.masterdata.parties.models import (
    COMMISSION_BASES,
    EMPLOYMENT_TYPES,
    INVOICING_CYCLES,
    SUPPLIER_RATINGS,
    Customer,
    Staff,
)
from kontor.core.tenancy.services import get_setting
from kontor.errors import Problem

EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


def _vat_country(vat_id: str) -> str:
    prefix = vat_id[:2]
    return "GR" if prefix == "EL" else prefix


def vat_rules(session, ctx, party, before) -> list[Problem]:
    problems = []
    if party.vat_id and party.country_code in EU_COUNTRIES and _vat_country(party.vat_id) != party.country_code:
        problems.append(Problem("vat_id", "matches_country", f"the VAT ID is not one of {party.country_code}"))
    return problems


def customer_rules(session, ctx, customer, before) -> list[Problem]:
    problems = vat_rules(session, ctx, customer, before)
    if customer.eu_tax_exempt:
        home = (get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}).get("country_code", "DE")
        if not customer.vat_id:
            problems.append(Problem("vat_id", "required_for_eu_tax_exempt", "a tax-exempt EU customer needs a VAT ID"))
        if customer.country_code not in EU_COUNTRIES or customer.country_code == home:
            problems.append(
                Problem("eu_tax_exempt", "other_eu_country", "only customers in another EU country can be tax-exempt")
            )
    if customer.invoicing_cycle not in INVOICING_CYCLES:
        problems.append(Problem("invoicing_cycle", "one_of", f"use one of {', '.join(INVOICING_CYCLES)}"))
    if customer.id is not None and customer.invoice_recipient_id == customer.id:
        problems.append(Problem("invoice_recipient_id", "other_customer", "the invoice recipient must be another customer"))
    if customer.sales_rep_id is not None:
        rep = session.get(Staff, customer.sales_rep_id)
        if rep is not None and rep.tenant_id == ctx.tenant_id and not rep.is_sales_rep:
            problems.append(Problem("sales_rep_id", "is_sales_rep", f"staff member {rep.number} is no sales representative"))
    return problems


def supplier_rules(session, ctx, supplier, before) -> list[Problem]:
    problems = vat_rules(session, ctx, supplier, before)
    if supplier.rating not in SUPPLIER_RATINGS:
        problems.append(Problem("rating", "one_of", "rate suppliers A, B, C or D (or leave it empty)"))
    return problems


def agent_rules(session, ctx, agent, before) -> list[Problem]:
    if agent.commission_percent > 0 and agent.commission_amount > 0:
        return [Problem("commission_amount", "either_rate_or_amount", "give a commission rate or a fixed amount, not both")]
    return []


def staff_rules(session, ctx, staff, before) -> list[Problem]:
    problems = []
    if staff.employment_type not in EMPLOYMENT_TYPES:
        problems.append(Problem("employment_type", "one_of", f"use one of {', '.join(EMPLOYMENT_TYPES)}"))
    if staff.commission_basis not in COMMISSION_BASES:
        problems.append(Problem("commission_basis", "one_of", f"use one of {', '.join(b for b in COMMISSION_BASES if b)}"))
    if staff.is_sales_rep and not staff.commission_basis:
        problems.append(Problem("commission_basis", "required_for_sales_rep", "a sales representative needs a commission basis"))
    if before is not None and before["is_sales_rep"] and not staff.is_sales_rep:
        assigned = session.exec(
            select(func.count()).select_from(Customer).where(Customer.tenant_id == ctx.tenant_id, Customer.sales_rep_id == staff.id)
        ).one()
        if assigned:
            problems.append(Problem("is_sales_rep", "customers_assigned",
                                    f"{assigned} customer(s) still have this sales representative; assign them another first"))
    if staff.entry_date and staff.exit_date and staff.exit_date < staff.entry_date:
        problems.append(Problem("exit_date", "after_entry", "the exit date lies before the entry date"))
    return problems


def agreement_dates(session, ctx, parent_id, items) -> list[Problem]:
    for index, item in enumerate(items):
        if item.valid_from and item.valid_until and item.valid_until < item.valid_from:
            return [Problem(f"{index}.valid_until", "after_valid_from", "the agreement ends before it starts")]
    return []
