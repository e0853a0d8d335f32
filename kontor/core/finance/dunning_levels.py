"""The dunning levels of a tenant: replaced as a whole, checked as a whole.

Levels are numbered 1, 2, 3, ... without gaps, and a higher level never asks for fewer days
overdue than the one below it; an item climbs one level per run and stays at the last.
The letter text may use the placeholders in `LETTER_PLACEHOLDERS`, filled at run time.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.finance.dunning_models import DunningLevel
from kontor.core.masterdata.texts.placeholders import placeholders_in
from kontor.core.masterdata.validators import NonNegativeMoney, Percent
from kontor.core.printing.renderer import check_template_family
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, Problem

FINANCE = "finance"
LETTER_PLACEHOLDERS: dict[str, str] = {
    "company_name": "our company name",
    "customer_number": "the customer's number",
    "customer_name": "the customer's name (line 1)",
    "letter_date": "the key date of the run",
    "level_name": "the name of the letter's level",
    "open_total": "the open amounts of the letter's items",
    "interest": "the interest of the letter",
    "fee": "the dunning fee",
    "total": "what the customer is asked to pay",
    "currency": "the letter's currency",
    "pay_by": "the day the payment is due",
}


class LevelInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    level: int = Field(ge=1, le=9)
    name: str = Field(min_length=1, max_length=60)
    days_overdue: int = Field(default=0, ge=0, le=3650, description="at least this many days past the due date")
    days_after_previous: int = Field(default=0, ge=0, le=3650,
                                     description="and at least this many days after the item's previous letter")
    fee: NonNegativeMoney = Decimal("0")
    interest_percent: Percent = Field(default=Decimal("0"), description="interest per year on the open amount")
    pay_within_days: int = Field(default=7, ge=0, le=365)
    letter_text: str = Field(default="", max_length=4000)
    template: str = Field(default="", max_length=200, description="print template family; empty: dunning_letter")


def list_levels(session: Session, ctx: Context) -> list[DunningLevel]:
    ctx.require(FINANCE, Level.READ)
    return levels_of(session, ctx.tenant_id)


def levels_of(session: Session, tenant_id: int) -> list[DunningLevel]:
    return list(session.exec(select(DunningLevel).where(DunningLevel.tenant_id == tenant_id)
                             .order_by(DunningLevel.level)))


def level_problems(levels: list[LevelInput]) -> list[Problem]:
    problems: list[Problem] = []
    for index, level in enumerate(levels):
        path = f"levels[{index}]"
        if level.level != index + 1:
            problems.append(Problem(f"{path}.level", "consecutive",
                                    f"levels are numbered 1, 2, 3, ... in order; expected {index + 1}, got {level.level}"))
        if index and level.days_overdue < levels[index - 1].days_overdue:
            problems.append(Problem(f"{path}.days_overdue", "ascending",
                                    "a higher level cannot ask for fewer days overdue than the level below it"))
        try:
            unknown = sorted({n for n in placeholders_in(level.letter_text) if n not in LETTER_PLACEHOLDERS})
        except ValueError as exc:
            problems.append(Problem(f"{path}.letter_text", "placeholder_syntax", str(exc)))
        else:
            if unknown:
                problems.append(Problem(f"{path}.letter_text", "known_placeholders",
                                        f"unknown placeholder(s) {', '.join(unknown)}; known: {', '.join(LETTER_PLACEHOLDERS)}"))
        try:
            check_template_family(level.template, f"{path}.template")
        except Invalid as invalid:
            problems += invalid.problems
    return problems


def set_levels(session: Session, ctx: Context, levels: list[LevelInput]) -> list[DunningLevel]:
    """Replace the tenant's levels by these (an empty list removes them all), audited."""
    ctx.require(FINANCE, Level.ADMIN)
    problems = level_problems(levels)
    if problems:
        raise Invalid(problems)
    stored = {row.level: row for row in levels_of(session, ctx.tenant_id)}
    before = [snapshot(row) for row in stored.values()]
    for data in levels:
        row = stored.pop(data.level, None) or DunningLevel(tenant_id=ctx.tenant_id, level=data.level, name=data.name)
        for key, value in data.model_dump().items():
            setattr(row, key, value)
        session.add(row)
    for row in stored.values():
        session.delete(row)
    session.flush()
    result = levels_of(session, ctx.tenant_id)
    record_change(session, ctx, "dunning_levels", ctx.tenant_id, "update", {"levels": before},
                  {"levels": [snapshot(row) for row in result]})
    return result
