"""Rules of articles beyond single fields."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from kontor.core.masterdata.articles.models import ARTICLE_TYPES, TRACKING, CustomerArticleNumber
from kontor.errors import Conflict, Problem

STOCK_LIMITS = ("min_stock", "max_stock", "safety_stock", "reorder_stock")


def article_rules(session, ctx, article, before) -> list[Problem]:
    problems = []
    if article.article_type not in ARTICLE_TYPES:
        problems.append(Problem("article_type", "one_of", "use M (material), L (labour), F (third-party), D (direct cost) or P (commission)"))
    if article.tracking not in TRACKING:
        problems.append(Problem("tracking", "one_of", "use none, serial or batch"))
    if article.article_type != "M":
        if article.tracking != "none":
            problems.append(Problem("tracking", "material_only", "only material articles carry serial or batch numbers"))
        for limit in STOCK_LIMITS:
            if getattr(article, limit) != 0:
                problems.append(Problem(limit, "material_only", "only material articles (type M) carry stock"))
    if article.max_stock > 0:
        for limit in ("min_stock", "reorder_stock", "safety_stock"):
            if getattr(article, limit) > article.max_stock:
                problems.append(Problem(limit, "not_above_max_stock", f"{limit.replace('_', ' ')} exceeds the maximum stock"))
    if article.safety_stock > 0 and article.reorder_stock and article.reorder_stock < article.safety_stock:
        problems.append(Problem("reorder_stock", "not_below_safety_stock", "reorder at or above the safety stock"))
    return problems


def keep_old_sales_price(session, ctx, article, before) -> None:
    """When price class 1 changes, the price it had becomes the old sales price."""
    # Compare numbers, not texts: "10" and the stored "10.0000" are the same price.
    if before is not None and Decimal(article.sales_price_1) != Decimal(before["sales_price_1"]):
        article.old_sales_price = Decimal(before["sales_price_1"])


def follow_ups_not_self(session, ctx, article_id, items) -> list[Problem]:
    for index, item in enumerate(items):
        if item.follow_up_id == article_id:
            return [Problem(f"{index}.follow_up_id", "not_itself", "an article cannot follow itself")]
    return []


def customer_number_unique(session, ctx, link, before) -> list[Problem]:
    for column, what in (("number", f"number '{link.number}'"), ("article_id", "an own number for this article")):
        clash = session.exec(
            select(CustomerArticleNumber.id).where(
                CustomerArticleNumber.tenant_id == ctx.tenant_id,
                CustomerArticleNumber.customer_id == link.customer_id,
                getattr(CustomerArticleNumber, column) == getattr(link, column),
                CustomerArticleNumber.id != (link.id or 0),
            )
        ).first()
        if clash is not None:
            raise Conflict(f"the customer has {what} already")
    return []
