"""Devaluation of slow stock for the valuation on a key date.

Two kinds, combinable, applied in this order to the valuation price of an article:

1. age-based: the company's table of stock days -> percent. The age of an article's stock
   is the number of days from its last receipt (the last movement with a positive quantity
   on or before the key date: goods receipt, opening stock, return, stocktaking surplus) to
   the key date; the step with the highest `min_days` not above the age applies.
2. manual percent: for the article's group, then for the article itself (each multiplies
   what is left: 20 % and then 10 % leave 72 %).
3. manual amount per unit for the article, taken off last; the price never drops below 0.

The devalued unit price is rounded half up to four places; values are rounded to the cent
by the valuation list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel, Field
from sqlalchemy import delete, select
from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import ArticleGroup
from kontor.core.stock.stocktaking_models import DevaluationStep, ManualDevaluation
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound, Problem

HUNDRED = Decimal("100")
PLACES = Decimal("0.0001")


class StepInput(BaseModel):
    min_days: int = Field(ge=0, le=36500, description="from this many days in stock on")
    percent: Decimal = Field(ge=0, le=100, max_digits=7, decimal_places=4)


class ManualInput(BaseModel):
    article_id: int | None = None
    article_group_id: int | None = None
    percent: Decimal = Field(default=Decimal("0"), ge=0, le=100, max_digits=7, decimal_places=4)
    amount: Decimal = Field(default=Decimal("0"), ge=0, max_digits=18, decimal_places=4,
                            description="per unit, for an article only")
    note: str = Field(default="", max_length=120)


def list_steps(session: Session, ctx: Context) -> list[DevaluationStep]:
    ctx.require("stock", Level.READ)
    return list(session.execute(select(DevaluationStep).where(DevaluationStep.tenant_id == ctx.tenant_id)
                                .order_by(DevaluationStep.min_days)).scalars())


def set_steps(session: Session, ctx: Context, steps: list[StepInput]) -> list[DevaluationStep]:
    """Replace the age table as a whole (an empty list switches age-based devaluation off)."""
    ctx.require("stock", Level.WRITE)
    problems = []
    seen = set()
    for i, step in enumerate(steps):
        if step.min_days in seen:
            problems.append(Problem(f"steps.{i}.min_days", "unique", f"{step.min_days} days are given twice"))
        seen.add(step.min_days)
    if problems:
        raise Invalid(problems)
    before = [{"min_days": s.min_days, "percent": str(s.percent)} for s in list_steps(session, ctx)]
    session.execute(delete(DevaluationStep).where(DevaluationStep.tenant_id == ctx.tenant_id))
    for step in steps:
        session.add(DevaluationStep(tenant_id=ctx.tenant_id, min_days=step.min_days, percent=step.percent))
    session.flush()
    record_change(session, ctx, "devaluation_steps", ctx.tenant_id, "replace", {"steps": before},
                  {"steps": [{"min_days": s.min_days, "percent": str(s.percent)} for s in steps]})
    return list_steps(session, ctx)


def list_manual(session: Session, ctx: Context, article_id: int | None = None) -> list[ManualDevaluation]:
    ctx.require("stock", Level.READ)
    statement = select(ManualDevaluation).where(ManualDevaluation.tenant_id == ctx.tenant_id)
    if article_id is not None:
        statement = statement.where(ManualDevaluation.article_id == article_id)
    return list(session.execute(statement.order_by(ManualDevaluation.id)).scalars())


def add_manual(session: Session, ctx: Context, data: ManualInput) -> ManualDevaluation:
    """A manual devaluation: percent for an article group, or percent and/or amount per unit
    for an article."""
    ctx.require("stock", Level.WRITE)
    if (data.article_id is None) == (data.article_group_id is None):
        raise Invalid.field("article_id", "one_of", "name either an article or an article group")
    if data.article_group_id is not None and data.amount:
        raise Invalid.field("amount", "article_only", "an amount per unit is given for an article, not a group")
    if not data.percent and not data.amount:
        raise Invalid.field("percent", "required", "give a percent or an amount above 0")
    if data.article_id is not None:
        article = session.get(Article, data.article_id)
        if article is None or article.tenant_id != ctx.tenant_id:
            raise Invalid.field("article_id", "exists", f"no article with id {data.article_id}")
    else:
        group = session.get(ArticleGroup, data.article_group_id)
        if group is None or group.tenant_id != ctx.tenant_id:
            raise Invalid.field("article_group_id", "exists", f"no article group with id {data.article_group_id}")
    record = ManualDevaluation(tenant_id=ctx.tenant_id, **data.model_dump())
    session.add(record)
    session.flush()
    record_change(session, ctx, "manual_devaluation", record.id, "create", None, snapshot(record))
    return record


def delete_manual(session: Session, ctx: Context, devaluation_id: int) -> None:
    ctx.require("stock", Level.WRITE)
    record = session.get(ManualDevaluation, devaluation_id)
    if record is None or record.tenant_id != ctx.tenant_id:
        raise NotFound(f"no manual devaluation with id {devaluation_id}")
    record_change(session, ctx, "manual_devaluation", record.id, "delete", snapshot(record), None)
    session.delete(record)
    session.flush()


@dataclass(frozen=True)
class Devalued:
    age_days: int | None
    age_percent: Decimal
    manual_percent: Decimal  # the combined manual percentage (group and article)
    amount: Decimal
    price: Decimal


class Devaluator:
    """The company's devaluation rules, loaded once for a whole valuation list."""

    def __init__(self, session: Session, ctx: Context):
        tenant = ctx.tenant_id
        self.steps = [(s.min_days, s.percent) for s in session.execute(
            select(DevaluationStep).where(DevaluationStep.tenant_id == tenant)
            .order_by(DevaluationStep.min_days.desc())).scalars()]
        self.group_factor: dict[int, Decimal] = defaultdict(lambda: Decimal("1"))
        self.article_factor: dict[int, Decimal] = defaultdict(lambda: Decimal("1"))
        self.article_amount: dict[int, Decimal] = defaultdict(Decimal)
        for m in session.execute(select(ManualDevaluation).where(ManualDevaluation.tenant_id == tenant)).scalars():
            if m.article_group_id is not None:
                self.group_factor[m.article_group_id] *= 1 - m.percent / HUNDRED
            else:
                self.article_factor[m.article_id] *= 1 - m.percent / HUNDRED
                self.article_amount[m.article_id] += m.amount

    def age_percent(self, age_days: int | None) -> Decimal:
        if age_days is None:
            return Decimal("0")
        for min_days, percent in self.steps:
            if age_days >= min_days:
                return percent
        return Decimal("0")

    def devalue(self, price: Decimal, article_id: int, group_id: int | None, last_receipt: date | None,
                on: date) -> Devalued:
        age_days = (on - last_receipt).days if last_receipt is not None else None
        age_percent = self.age_percent(age_days)
        factor = self.group_factor[group_id] * self.article_factor[article_id] if group_id is not None \
            else self.article_factor[article_id]
        amount = self.article_amount[article_id]
        value = price * (1 - age_percent / HUNDRED) * factor - amount
        value = max(value, Decimal("0")).quantize(PLACES, rounding=ROUND_HALF_UP)
        manual = ((1 - factor) * HUNDRED).quantize(PLACES, rounding=ROUND_HALF_UP)
        return Devalued(age_days=age_days, age_percent=age_percent, manual_percent=manual, amount=amount, price=value)
