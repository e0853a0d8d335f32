"""How special prices decide a line's price (answering `kontor_unit_price`).

Decision, for an article, a customer, a quantity and a date:

1. Only rules valid on the date count (valid_from <= date <= valid_until, an empty end is
   open) and only rules whose minimum quantity is not above the quantity asked for.
2. The most specific rule wins: a rule for the customer himself, then a rule of the
   customer's price group, then of its parent group, and so on up the levels (the deepest
   level first), then a general rule (neither customer nor group).
3. Among equally specific rules the one with the highest minimum quantity wins, then the
   one with the latest valid_from (an open start counts as the earliest), then the newest.
4. Special prices and special discounts are looked up separately, each by 1-3:
   - a special price replaces the unit price; it is a net price, so the core's discount
     (matrix, quantity breaks) does not apply to it - only a special discount does;
   - a special discount keeps the core's unit price (price class) and replaces the
     discount the core found;
   - with neither, the hook answers None and the core decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from kontor.api import Article, Customer, PriceQuote, PriceRequest, default_quote

from kontor_special_prices.models import GroupMember, PriceGroup, RetailPrice, SpecialDiscount, SpecialPrice

GENERAL_RANK = 10_000


@dataclass(frozen=True)
class Scope:
    """Where a customer stands: his id and his price groups, deepest level first."""

    customer_id: int | None
    groups: tuple[PriceGroup, ...]

    def rank(self, rule: Any) -> int | None:
        """0 for the customer's own rule, 1 + level for a group rule, GENERAL_RANK for a
        general rule, None for a rule that does not concern this customer."""
        if rule.customer_id is not None:
            return 0 if rule.customer_id == self.customer_id else None
        if rule.group_id is not None:
            for level, group in enumerate(self.groups):
                if group.id == rule.group_id:
                    return 1 + level
            return None
        return GENERAL_RANK

    def label(self, rule: Any) -> str:
        if rule.customer_id is not None:
            return "customer"
        if rule.group_id is not None:
            return "group " + next(g.code for g in self.groups if g.id == rule.group_id)
        return "general"


def group_chain(session: Session, tenant_id: int, group_id: int | None) -> tuple[PriceGroup, ...]:
    """A group and its parents, deepest first (a cycle is cut where it closes)."""
    chain: list[PriceGroup] = []
    seen: set[int] = set()
    while group_id is not None and group_id not in seen:
        group = session.get(PriceGroup, group_id)
        if group is None or group.tenant_id != tenant_id:
            break
        chain.append(group)
        seen.add(group_id)
        group_id = group.parent_id
    return tuple(chain)


def scope_of(session: Session, tenant_id: int, customer: Customer | None) -> Scope:
    if customer is None:
        return Scope(None, ())
    member = session.exec(
        select(GroupMember).where(GroupMember.tenant_id == tenant_id, GroupMember.customer_id == customer.id)
    ).first()
    return Scope(customer.id, group_chain(session, tenant_id, member.group_id if member else None))


def valid_on(model, on: date):
    return [
        or_(model.valid_from.is_(None), model.valid_from <= on),
        or_(model.valid_until.is_(None), model.valid_until >= on),
    ]


def candidates(session: Session, tenant_id: int, model, article_ids, on: date) -> list[Any]:
    return list(session.exec(
        select(model).where(model.tenant_id == tenant_id, model.article_id.in_(list(article_ids)), *valid_on(model, on))
    ))


def best_rule(rules: list[Any], scope: Scope, quantity: Decimal) -> Any | None:
    ranked = []
    for rule in rules:
        rank = scope.rank(rule)
        if rank is None or rule.min_quantity > quantity:
            continue
        ranked.append(((rank, -rule.min_quantity, -(rule.valid_from or date.min).toordinal(), -(rule.id or 0)), rule))
    if not ranked:
        return None
    return min(ranked, key=lambda pair: pair[0])[1]


def _pct(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def special_quote(session: Session, ctx, request: PriceRequest) -> PriceQuote | None:
    article = request.article
    if article.id is None:
        return None
    scope = scope_of(session, ctx.tenant_id, request.customer)
    price = best_rule(candidates(session, ctx.tenant_id, SpecialPrice, [article.id], request.on), scope, request.quantity)
    discount = best_rule(candidates(session, ctx.tenant_id, SpecialDiscount, [article.id], request.on), scope,
                         request.quantity)
    if price is None and discount is None:
        return None
    if price is not None:
        unit_price = price.unit_price
        parts = [f"special price {scope.label(price)}"]
        percent = Decimal(0)
    else:
        core = default_quote(session, ctx, request)
        unit_price = core.unit_price
        parts = [core.source.split(";")[0]]
        percent = core.discount_percent
    if discount is not None:
        percent = discount.discount_percent
        parts.append(f"special discount {scope.label(discount)} {_pct(percent)} %")
    return PriceQuote(unit_price=unit_price, discount_percent=percent, source="; ".join(parts)[:60])


def retail_price(session: Session, tenant_id: int, article_id: int, on: date) -> Decimal | None:
    row = session.exec(
        select(RetailPrice)
        .where(RetailPrice.tenant_id == tenant_id, RetailPrice.article_id == article_id, RetailPrice.valid_from <= on)
        .order_by(RetailPrice.valid_from.desc())
    ).first()
    return row.price if row is not None else None


def price_list(session: Session, ctx, customer: Customer, on: date) -> list[dict[str, Any]]:
    """Every article with a special price or discount valid on the date for the customer,
    with the price at quantity 1 and at each higher minimum quantity of its rules."""
    scope = scope_of(session, ctx.tenant_id, customer)
    rules_by_article: dict[int, list[Any]] = {}
    for model in (SpecialPrice, SpecialDiscount):
        rows = session.exec(select(model).where(model.tenant_id == ctx.tenant_id, *valid_on(model, on)))
        for rule in rows:
            if scope.rank(rule) is not None:
                rules_by_article.setdefault(rule.article_id, []).append(rule)
    entries = []
    for article_id in sorted(rules_by_article):
        article = session.get(Article, article_id)
        quantities = sorted({Decimal(1)} | {r.min_quantity for r in rules_by_article[article_id] if r.min_quantity > 1})
        tiers = []
        for quantity in quantities:
            request = PriceRequest(article=article, customer=customer, quantity=quantity, on=on)
            quote = special_quote(session, ctx, request) or default_quote(session, ctx, request)
            tiers.append({
                "from_quantity": str(quantity),
                "unit_price": str(quote.unit_price),
                "discount_percent": str(quote.discount_percent),
                "net_unit_price": str(quote.net_unit_price.quantize(Decimal("0.01"))),
                "source": quote.source,
            })
        retail = retail_price(session, ctx.tenant_id, article_id, on)
        entries.append({
            "article_id": article_id,
            "article_number": article.number,
            "description": article.description,
            "retail_price": str(retail) if retail is not None else None,
            **{k: v for k, v in tiers[0].items() if k != "from_quantity"},
            "tiers": tiers,
        })
    return entries
