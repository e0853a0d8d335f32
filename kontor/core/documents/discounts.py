"""Discount finding of the core's default pricing.

A line's discount comes from two places:
- the discount matrix of the basics (`discount_rule`): the customer's discount group against
  the article's discount group;
- the article's quantity breaks: the break with the highest minimum quantity not above the
  quantity asked for.
The company parameter `quantity_breaks` says how they combine: "additive" adds them (at most
100 %), "alternative" takes the larger. Articles marked not discountable get no discount.
`applicable_discounts` lists what a clerk sees when opening the discount of a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import event
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.pricing import PriceQuote, PriceRequest, price_class_price
from kontor.core.masterdata.articles.models import Article, ArticleQuantityBreak
from kontor.core.masterdata.basics.models import (
    ArticleDiscountGroup,
    CustomerDiscountGroup,
    DiscountRule,
)
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.tenancy.services import get_setting
from kontor.core.users.permissions import Level

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class AppliedDiscount:
    """One entry of the discounts a clerk sees for a line.

    kind: "group" (the matrix discount), "quantity_break" (one break of the article) or
    "mode" (how they combine; its percent is the discount found in the end).
    applies: whether the entry makes up the discount found at this quantity.
    """

    kind: str
    label: str
    percent: Decimal
    applies: bool


@dataclass(frozen=True)
class DiscountFinding:
    mode: str
    discountable: bool
    group: DiscountRule | None
    breaks: list[ArticleQuantityBreak]
    current_break: ArticleQuantityBreak | None
    group_applies: bool
    break_applies: bool
    percent: Decimal


def quantity_breaks_mode(session: Session, tenant_id: int) -> str:
    """The company's `quantity_breaks` parameter (read without a permission check: pricing
    a line needs it whatever part of the basics the clerk may see)."""
    stored = get_setting(session, tenant_id, PARAMETERS_KEY, {}) or {}
    return CompanyParameters.model_validate(stored).quantity_breaks


def group_rule(session: Session, tenant_id: int, article: Article, customer: Customer | None) -> DiscountRule | None:
    if customer is None or customer.discount_group_id is None or article.discount_group_id is None:
        return None
    return session.exec(
        select(DiscountRule).where(
            DiscountRule.tenant_id == tenant_id,
            DiscountRule.customer_discount_group_id == customer.discount_group_id,
            DiscountRule.article_discount_group_id == article.discount_group_id,
        )
    ).first()


_BREAKS = "kontor.quantity_breaks"


@event.listens_for(Session, "after_flush")
def _forget_changed_breaks(session, _flush_context) -> None:
    """A unit that changes quantity breaks reads them afresh (the flush still lists what changed)."""
    if _BREAKS in session.info and any(isinstance(o, ArticleQuantityBreak)
                                       for o in (*session.new, *session.dirty, *session.deleted)):
        session.info.pop(_BREAKS, None)


def remember_quantity_breaks(session: Session, tenant_id: int, article_ids: set[int]) -> None:
    """Load the quantity breaks of many articles at once for this unit of work."""
    found: dict[int, list[ArticleQuantityBreak]] = {a: [] for a in article_ids}
    for row in session.exec(
        select(ArticleQuantityBreak)
        .where(ArticleQuantityBreak.tenant_id == tenant_id, ArticleQuantityBreak.article_id.in_(article_ids))
        .order_by(ArticleQuantityBreak.article_id, ArticleQuantityBreak.min_quantity)
    ):
        found[row.article_id].append(row)
    session.info.setdefault(_BREAKS, {}).update(found)


def quantity_breaks(session: Session, tenant_id: int, article: Article) -> list[ArticleQuantityBreak]:
    if article.id is None:
        return []
    remembered = session.info.get(_BREAKS, {}).get(article.id)
    if remembered is not None:
        return list(remembered)
    found = list(
        session.exec(
            select(ArticleQuantityBreak)
            .where(ArticleQuantityBreak.tenant_id == tenant_id, ArticleQuantityBreak.article_id == article.id)
            .order_by(ArticleQuantityBreak.min_quantity)
        )
    )
    session.info.setdefault(_BREAKS, {})[article.id] = found  # asked again and again by price queries
    return list(found)


def find_discount(
    session: Session, tenant_id: int, article: Article, customer: Customer | None, quantity: Decimal
) -> DiscountFinding:
    mode = quantity_breaks_mode(session, tenant_id)
    rule = group_rule(session, tenant_id, article, customer)
    breaks = quantity_breaks(session, tenant_id, article)
    current = None
    for brk in breaks:
        if brk.min_quantity <= quantity:
            current = brk  # ordered by min_quantity: the last one reached wins
    group_percent = rule.discount_percent if rule is not None else ZERO
    break_percent = current.discount_percent if current is not None else ZERO
    if not article.discountable:
        group_applies = break_applies = False
        percent = ZERO
    elif mode == "additive":
        group_applies, break_applies = group_percent > 0, break_percent > 0
        percent = min(group_percent + break_percent, HUNDRED)
    else:
        # The larger of the two; on a tie the group discount is named.
        group_applies = group_percent > 0 and group_percent >= break_percent
        break_applies = break_percent > 0 and not group_applies
        percent = max(group_percent, break_percent)
    return DiscountFinding(mode=mode, discountable=article.discountable, group=rule, breaks=breaks,
                           current_break=current, group_applies=group_applies, break_applies=break_applies,
                           percent=percent)


def _pct(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


def default_quote(session: Session, ctx: Context, request: PriceRequest) -> PriceQuote:
    """The core's default price: the price class's sales price with the discount found."""
    base = price_class_price(request)
    finding = find_discount(session, ctx.tenant_id, request.article, request.customer, request.quantity)
    parts = [base.source]
    if finding.group_applies:
        parts.append(f"group {_pct(finding.group.discount_percent)} %")
    if finding.break_applies:
        parts.append(f"qty break {_pct(finding.current_break.discount_percent)} %")
    if finding.group_applies and finding.break_applies:
        parts[-1] += " (additive)"
    elif (finding.group_applies or finding.break_applies) and finding.group and finding.current_break:
        parts[-1] += " (alternative)"
    if not finding.discountable and (finding.group or finding.current_break):
        parts.append("not discountable")
    return PriceQuote(unit_price=base.unit_price, discount_percent=finding.percent, source="; ".join(parts))


def applicable_discounts(
    session: Session, ctx: Context, article: Article, customer: Customer | None, quantity: Decimal
) -> list[AppliedDiscount]:
    """The discounts that can apply to the article for the customer, marking those that make
    up the discount at this quantity: the group discount, every quantity break and the mode."""
    ctx.require("masterdata", Level.READ)
    finding = find_discount(session, ctx.tenant_id, article, customer, quantity)
    entries: list[AppliedDiscount] = []
    if finding.group is not None:
        customer_group = session.get(CustomerDiscountGroup, finding.group.customer_discount_group_id)
        article_group = session.get(ArticleDiscountGroup, finding.group.article_discount_group_id)
        label = f"group discount {customer_group.code} x {article_group.code}"
        entries.append(AppliedDiscount("group", label, finding.group.discount_percent, finding.group_applies))
    for brk in finding.breaks:
        applies = brk is finding.current_break and finding.break_applies
        entries.append(AppliedDiscount("quantity_break", f"quantity break from {_pct(brk.min_quantity)}",
                                       brk.discount_percent, applies))
    mode_label = f"quantity breaks {finding.mode}"
    if not finding.discountable:
        mode_label += "; article not discountable"
    entries.append(AppliedDiscount("mode", mode_label, finding.percent, True))
    return entries
