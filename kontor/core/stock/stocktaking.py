"""Stocktaking: key-date and partial counts, quick entry, the difference list, posting.

A stocktaking counts one warehouse on a key date. A full one starts with a line for every
material article, a partial one with the articles of one article group (or none: the
clerk adds what is counted). Quick entry fills in counted quantities; the difference list
sets them against the book stock at the key date, read from the ledger in one grouped query.
Posting freezes book and difference into the lines and posts every difference as a ledger
movement (symbol IN) dated the key date, through `post_moves`, in the same transaction;
a stocktaking is posted once. Lines never counted are left alone: no difference is posted
for them. A manual difference list is a stocktaking of kind `manual` made and posted in one
step from differences (or counted quantities) of single articles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field
from sqlalchemy import bindparam, func, insert, literal, select, update
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.totals import cents
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import ArticleGroup
from kontor.core.stock.ledger import MoveSpec, default_warehouse, post_moves
from kontor.core.stock.models import StockMove, Warehouse
from kontor.core.stock.stocktaking_models import STOCKTAKING_KINDS, Stocktaking, StocktakingLine
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, NotFound, Problem

SUBJECT = "stocktaking"
ZERO = Decimal("0")


class CountInput(BaseModel):
    """One counted quantity of the quick entry."""

    article_id: int
    counted: Decimal = Field(max_digits=18, decimal_places=4)
    reason: str = Field(default="", max_length=120)


class DifferenceInput(BaseModel):
    """One line of a manual difference list: the difference, or the counted quantity."""

    article_id: int
    difference: Decimal | None = Field(default=None, max_digits=18, decimal_places=4)
    counted: Decimal | None = Field(default=None, max_digits=18, decimal_places=4)
    reason: str = Field(default="", max_length=120)


class DifferenceRow(BaseModel):
    line_id: int
    article_id: int
    article_number: str
    description: str
    warehouse_id: int
    book: Decimal
    counted: Decimal | None
    difference: Decimal | None
    valuation_price: Decimal
    difference_value: Decimal | None
    reason: str


@dataclass(frozen=True)
class DifferenceSummary:
    lines: int
    counted: int
    differences: int
    difference_value: Decimal


def valuation_price(average_cost: Decimal, purchase_price: Decimal) -> Decimal:
    """The price stock is valued at: the moving average purchase price, or the purchase price
    of the article master while no average is known."""
    return average_cost if average_cost else purchase_price


def get_stocktaking(session: Session, ctx: Context, stocktaking_id: int, *, for_update: bool = False) -> Stocktaking:
    ctx.require("stock", Level.READ)
    statement = select(Stocktaking).where(Stocktaking.tenant_id == ctx.tenant_id, Stocktaking.id == stocktaking_id)
    if for_update:
        statement = statement.with_for_update()
    stocktaking = session.execute(statement).scalars().first()
    if stocktaking is None:
        raise NotFound(f"no stocktaking with id {stocktaking_id}")
    return stocktaking


def list_stocktakings(session: Session, ctx: Context, *, state: str | None = None, limit: int = 100,
                      offset: int = 0) -> list[Stocktaking]:
    ctx.require("stock", Level.READ)
    statement = select(Stocktaking).where(Stocktaking.tenant_id == ctx.tenant_id)
    if state:
        statement = statement.where(Stocktaking.state == state)
    statement = statement.order_by(Stocktaking.key_date.desc(), Stocktaking.id.desc()).offset(offset).limit(limit)
    return list(session.execute(statement).scalars())


def _warehouse(session: Session, ctx: Context, warehouse_id: int | None) -> Warehouse:
    if warehouse_id is None:
        return default_warehouse(session, ctx.tenant_id)
    warehouse = session.get(Warehouse, warehouse_id)
    if warehouse is None or warehouse.tenant_id != ctx.tenant_id:
        raise Invalid.field("warehouse_id", "exists", f"no warehouse with id {warehouse_id}")
    return warehouse


def open_stocktaking(session: Session, ctx: Context, key_date: date, kind: str = "full", *,
                     warehouse_id: int | None = None, article_group_id: int | None = None,
                     note: str = "") -> Stocktaking:
    """Start a key-date (full) or partial stocktaking of one warehouse; its lines are made in
    one INSERT ... SELECT over the articles, never one query per article."""
    ctx.require("stock", Level.WRITE)
    if kind not in ("full", "partial"):
        raise Invalid.field("kind", "one_of", "a stocktaking is full or partial; manual lists are posted at once")
    if article_group_id is not None:
        group = session.get(ArticleGroup, article_group_id)
        if group is None or group.tenant_id != ctx.tenant_id:
            raise Invalid.field("article_group_id", "exists", f"no article group with id {article_group_id}")
    warehouse = _warehouse(session, ctx, warehouse_id)
    stocktaking = _new(session, ctx, kind, key_date, warehouse.id, article_group_id, note)
    if kind == "full" or article_group_id is not None:
        articles = select(literal(ctx.tenant_id), literal(stocktaking.id), Article.id, literal(warehouse.id),
                          literal("")).where(Article.tenant_id == ctx.tenant_id, Article.article_type == "M")
        if article_group_id is not None:
            articles = articles.where(Article.group_id == article_group_id)
        table = StocktakingLine.__table__
        session.execute(insert(table).from_select(
            [table.c.tenant_id, table.c.stocktaking_id, table.c.article_id, table.c.warehouse_id, table.c.reason],
            articles))
    record_change(session, ctx, SUBJECT, stocktaking.id, "open", None,
                  {"kind": kind, "key_date": key_date.isoformat(), "warehouse_id": warehouse.id})
    return stocktaking


def _new(session: Session, ctx: Context, kind: str, key_date: date, warehouse_id: int, article_group_id: int | None,
         note: str) -> Stocktaking:
    if kind not in STOCKTAKING_KINDS:
        raise Invalid.field("kind", "one_of", f"kind is one of {', '.join(STOCKTAKING_KINDS)}")
    stocktaking = Stocktaking(tenant_id=ctx.tenant_id, kind=kind, key_date=key_date, warehouse_id=warehouse_id,
                              article_group_id=article_group_id, note=note, created_by=ctx.username)
    stocktaking.number = _next_number(session, ctx)
    session.add(stocktaking)
    session.flush()
    return stocktaking


def _next_number(session: Session, ctx: Context) -> str:
    """The next number of the stocktaking range (IN00001, ...): it names the ledger movements."""
    from kontor.core.masterdata.basics.numbering import next_number

    return next_number(session, ctx.tenant_id, "stocktaking")


def _material(session: Session, ctx: Context, article_ids: list[int], path: str) -> None:
    found = dict(session.execute(select(Article.id, Article.article_type).where(
        Article.tenant_id == ctx.tenant_id, Article.id.in_(set(article_ids)))).all())
    problems = []
    for i, article_id in enumerate(article_ids):
        if article_id not in found:
            problems.append(Problem(f"{path}.{i}.article_id", "exists", f"no article with id {article_id}"))
        elif found[article_id] != "M":
            problems.append(Problem(f"{path}.{i}.article_id", "material",
                                    f"article {article_id} is no material article and carries no stock"))
    if problems:
        raise Invalid(problems)


def enter_counts(session: Session, ctx: Context, stocktaking_id: int, counts: list[CountInput]) -> Stocktaking:
    """Quick entry: the counted quantities of articles (an article not on the list yet is
    added); counting again overwrites. Negative counts are refused, nothing is written."""
    ctx.require("stock", Level.WRITE)
    stocktaking = get_stocktaking(session, ctx, stocktaking_id, for_update=True)
    _refuse_posted(stocktaking)
    if stocktaking.kind == "manual":
        raise Conflict(f"stocktaking {stocktaking.number} is a manual difference list and was posted at once")
    problems = [Problem(f"counts.{i}.counted", "non_negative", "a counted quantity is 0 or more")
                for i, c in enumerate(counts) if c.counted < 0]
    seen: set[int] = set()
    for i, c in enumerate(counts):
        if c.article_id in seen:
            problems.append(Problem(f"counts.{i}.article_id", "unique", f"article {c.article_id} is counted twice"))
        seen.add(c.article_id)
    if problems:
        raise Invalid(problems)
    _material(session, ctx, [c.article_id for c in counts], "counts")
    _set_counts(session, ctx, stocktaking, {c.article_id: (c.counted, c.reason) for c in counts})
    if stocktaking.state == "open":
        stocktaking.state = "counted"
    stocktaking.updated_at = utcnow()
    session.add(stocktaking)
    record_change(session, ctx, SUBJECT, stocktaking.id, "count", None, {"articles": len(counts)})
    session.flush()
    return stocktaking


def _set_counts(session: Session, ctx: Context, stocktaking: Stocktaking,
                counts: dict[int, tuple[Decimal, str]]) -> None:
    table = StocktakingLine.__table__
    existing = dict(session.execute(select(table.c.article_id, table.c.id).where(
        table.c.stocktaking_id == stocktaking.id, table.c.article_id.in_(list(counts)))).all())
    changes = [{"line": existing[a], "c": q, "r": r} for a, (q, r) in counts.items() if a in existing]
    if changes:
        session.execute(update(table).where(table.c.id == bindparam("line"))
                        .values(counted=bindparam("c"), reason=bindparam("r")), changes)
    new = [{"tenant_id": ctx.tenant_id, "stocktaking_id": stocktaking.id, "article_id": a,
            "warehouse_id": stocktaking.warehouse_id, "counted": q, "reason": r}
           for a, (q, r) in counts.items() if a not in existing]
    if new:
        session.execute(insert(table), new)


def _refuse_posted(stocktaking: Stocktaking) -> None:
    if stocktaking.state == "posted":
        raise Conflict(f"stocktaking {stocktaking.number} is posted already and cannot change")


def _rows_statement(ctx: Context, stocktaking: Stocktaking):
    """Lines with their article and the book stock at the key date (one grouped ledger query)."""
    book = (
        select(StockMove.article_id, func.sum(StockMove.quantity).label("book"))
        .where(StockMove.tenant_id == ctx.tenant_id, StockMove.warehouse_id == stocktaking.warehouse_id,
               StockMove.moved_on <= stocktaking.key_date, StockMove.blocked.is_(False))
        .group_by(StockMove.article_id).subquery()
    )
    line = StocktakingLine.__table__.c
    return (
        select(line.id, line.article_id, Article.number, Article.description, line.warehouse_id, book.c.book,
               line.counted, line.book.label("frozen_book"), line.difference, line.reason, Article.average_cost,
               Article.purchase_price)
        .join(Article, Article.id == line.article_id)
        .outerjoin(book, book.c.article_id == line.article_id)
        .where(line.stocktaking_id == stocktaking.id)
    )


def _row(stocktaking: Stocktaking, r) -> DifferenceRow:
    posted = stocktaking.state == "posted"
    book = (r.frozen_book if posted and r.frozen_book is not None else r.book) or ZERO
    difference = r.difference if posted else (None if r.counted is None else r.counted - book)
    price = valuation_price(r.average_cost, r.purchase_price)
    return DifferenceRow(line_id=r.id, article_id=r.article_id, article_number=r.number, description=r.description,
                         warehouse_id=r.warehouse_id, book=book, counted=r.counted, difference=difference,
                         valuation_price=price,
                         difference_value=None if difference is None else cents(difference * price), reason=r.reason)


def difference_list(session: Session, ctx: Context, stocktaking_id: int, *, only_differences: bool = False,
                    limit: int = 1000, offset: int = 0) -> list[DifferenceRow]:
    """Book stock at the key date, counted quantity and difference per line, with the
    difference valued at the valuation price; ordered by article number, a page at a time."""
    stocktaking = get_stocktaking(session, ctx, stocktaking_id)
    statement = _rows_statement(ctx, stocktaking).order_by(Article.number).offset(offset).limit(limit)
    rows = [_row(stocktaking, r) for r in session.execute(statement)]
    if only_differences:
        rows = [r for r in rows if r.difference]
    return rows


def summarize(session: Session, ctx: Context, stocktaking_id: int) -> DifferenceSummary:
    stocktaking = get_stocktaking(session, ctx, stocktaking_id)
    lines = counted = differences = 0
    value = Decimal("0.00")
    for r in session.execute(_rows_statement(ctx, stocktaking).execution_options(yield_per=5000)):
        row = _row(stocktaking, r)
        lines += 1
        counted += row.counted is not None
        if row.difference:
            differences += 1
            value += row.difference_value
    return DifferenceSummary(lines=lines, counted=counted, differences=differences, difference_value=value)


def post_stocktaking(session: Session, ctx: Context, stocktaking_id: int) -> Stocktaking:
    """Post the differences of the counted lines as IN movements dated the key date and
    freeze book and difference into the lines; all in the caller's one transaction."""
    ctx.require("stock", Level.POST)
    stocktaking = get_stocktaking(session, ctx, stocktaking_id, for_update=True)
    _refuse_posted(stocktaking)
    line = StocktakingLine.__table__.c
    rows = [_row(stocktaking, r) for r in session.execute(
        _rows_statement(ctx, stocktaking).where(line.counted.is_not(None)).order_by(Article.number))]
    if not rows:
        raise Conflict(f"stocktaking {stocktaking.number} has no counted quantities to post")
    session.execute(update(StocktakingLine.__table__).where(line.id == bindparam("line"))
                    .values(book=bindparam("b"), difference=bindparam("d")),
                    [{"line": r.line_id, "b": r.book, "d": r.difference} for r in rows])
    post_moves(session, ctx, [
        MoveSpec(article_id=r.article_id, quantity=r.difference, moved_on=stocktaking.key_date, symbol="IN",
                 warehouse_id=stocktaking.warehouse_id, document_number=stocktaking.number,
                 unit_cost=r.valuation_price)
        for r in rows if r.difference
    ])
    before = stocktaking.state
    stocktaking.state = "posted"
    stocktaking.posted_at = stocktaking.updated_at = utcnow()
    session.add(stocktaking)
    session.flush()
    record_change(session, ctx, SUBJECT, stocktaking.id, "post", {"state": before},
                  {"state": "posted", "differences": sum(1 for r in rows if r.difference)})
    return stocktaking


def post_difference_list(session: Session, ctx: Context, on: date, items: list[DifferenceInput], *,
                         warehouse_id: int | None = None, note: str = "") -> Stocktaking:
    """A manual difference list: single stock corrections on a date, each given as the
    difference or as the counted quantity, made and posted in one transaction."""
    ctx.require("stock", Level.POST)
    if not items:
        raise Invalid.field("items", "required", "a difference list has at least one article")
    problems = []
    for i, item in enumerate(items):
        if (item.difference is None) == (item.counted is None):
            problems.append(Problem(f"items.{i}", "one_of", "give either the difference or the counted quantity"))
        elif item.difference is not None and item.difference == 0:
            problems.append(Problem(f"items.{i}.difference", "not_zero", "a difference is not 0"))
        elif item.counted is not None and item.counted < 0:
            problems.append(Problem(f"items.{i}.counted", "non_negative", "a counted quantity is 0 or more"))
    if len({i.article_id for i in items}) != len(items):
        problems.append(Problem("items", "unique", "each article once per difference list"))
    if problems:
        raise Invalid(problems)
    _material(session, ctx, [i.article_id for i in items], "items")
    warehouse = _warehouse(session, ctx, warehouse_id)
    stocktaking = _new(session, ctx, "manual", on, warehouse.id, None, note)
    book = dict(session.execute(
        select(StockMove.article_id, func.sum(StockMove.quantity))
        .where(StockMove.tenant_id == ctx.tenant_id, StockMove.warehouse_id == warehouse.id,
               StockMove.moved_on <= on, StockMove.blocked.is_(False),
               StockMove.article_id.in_([i.article_id for i in items]))
        .group_by(StockMove.article_id)).all())
    _set_counts(session, ctx, stocktaking, {
        i.article_id: (i.counted if i.counted is not None else book.get(i.article_id, ZERO) + i.difference, i.reason)
        for i in items})
    record_change(session, ctx, SUBJECT, stocktaking.id, "open", None,
                  {"kind": "manual", "key_date": on.isoformat(), "warehouse_id": warehouse.id})
    return post_stocktaking(session, ctx, stocktaking.id)
