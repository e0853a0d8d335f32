"""What plugins add to the stock figures: their own movement symbols, articles made up of
others (kits), and goods they plan to bring in or take out (production orders).

The core asks these hooks in one place each, so every figure that counts planned goods
(the availability query, the material plan, reorder proposals) counts them the same way:

- `known_symbols`: the core's movement symbols plus those of the tenant's plugins
  (`kontor_stock_symbols`); the ledger refuses any other.
- `planned_quantities`: movements plugins expect (`kontor_planned_stock`): positive ones
  are goods coming in (finished goods of open production orders), negative ones goods going
  out (components those orders still need), each with the date it is expected.
- `composed_stock`: for articles made up of others (a kit), how many could be put together
  from the components' stock (`kontor_composed_stock`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from kontor.core.stock.models import SYMBOLS

ZERO = Decimal("0.0000")


@dataclass(frozen=True)
class PlannedQuantity:
    """A movement a plugin expects: `quantity` positive comes in, negative goes out, on `on`."""

    article_id: int
    quantity: Decimal
    on: date
    source: str  # who plans it, e.g. "production"
    reference: str = ""  # e.g. the production order's number


@dataclass(frozen=True)
class ComponentStock:
    """One component of a composed article: how many one unit needs and what it has."""

    article_id: int
    article_number: str
    per_unit: Decimal  # in the component's own unit, per unit of the composed article
    on_hand: Decimal
    available: Decimal  # on hand less reserved
    available_on: Decimal | None = None  # available by the date asked about


@dataclass(frozen=True)
class ComposedStock:
    """How many units of an article made up of others can be put together from the
    components' stock. Each figure is computed per component and only then the smallest
    taken, so two figures never come from different components' limits mixed."""

    article_id: int
    on_hand: Decimal  # from the components on hand
    available: Decimal  # from the components on hand less reserved
    available_on: Decimal | None = None  # from what the components have available by the date
    limited_by: str = ""  # the number of the component that limits `available`
    components: list[ComponentStock] = field(default_factory=list)


@dataclass(frozen=True)
class StockSymbol:
    """A plugin's movement symbol: its title, and whether its outgoing movements are
    consumption (reorder proposals filled by consumption count them)."""

    title: str
    consumption: bool = False


def _plugin_symbols(ctx) -> dict[str, StockSymbol]:
    found: dict[str, StockSymbol] = {}
    for answer in ctx.hooks.kontor_stock_symbols(ctx=ctx):
        for symbol, value in (answer or {}).items():
            if symbol not in SYMBOLS:
                found.setdefault(symbol, value if isinstance(value, StockSymbol) else StockSymbol(str(value)))
    return found


def known_symbols(ctx) -> dict[str, str]:
    """Movement symbols the tenant may post: the core's and its plugins'."""
    return {**SYMBOLS, **{symbol: s.title for symbol, s in _plugin_symbols(ctx).items()}}


def consumption_symbols(ctx, core: tuple[str, ...]) -> tuple[str, ...]:
    """The core's consumption symbols and those plugins mark as consumption."""
    return core + tuple(symbol for symbol, s in _plugin_symbols(ctx).items() if s.consumption)


def planned_quantities(session: Session, ctx, article_ids: Iterable[int] | None = None) -> list[PlannedQuantity]:
    """Every planned movement of the given articles (None: of all articles)."""
    ids = None if article_ids is None else sorted(set(article_ids))
    if ids is not None and not ids:
        return []
    planned: list[PlannedQuantity] = []
    for answer in ctx.hooks.kontor_planned_stock(ctx=ctx, session=session, article_ids=ids):
        planned += [p for p in answer or () if ids is None or p.article_id in ids]
    return planned


def planned_by_article(planned: Iterable[PlannedQuantity], until: date | None = None
                       ) -> dict[int, tuple[Decimal, Decimal]]:
    """Per article (coming in, going out) of the planned movements due by `until` (None: all);
    going out as a positive quantity."""
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for p in planned:
        if until is not None and p.on > until:
            continue
        incoming, outgoing = totals.get(p.article_id, (ZERO, ZERO))
        if p.quantity > 0:
            incoming += p.quantity
        else:
            outgoing -= p.quantity
        totals[p.article_id] = (incoming, outgoing)
    return totals


def composed_stock(session: Session, ctx, article_ids: Iterable[int], *, warehouse_id: int | None = None,
                   on: date | None = None) -> dict[int, ComposedStock]:
    """The composed stock of those of the articles that are made up of others."""
    ids = sorted(set(article_ids))
    found: dict[int, ComposedStock] = {}
    if not ids:
        return found
    for answer in ctx.hooks.kontor_composed_stock(ctx=ctx, session=session, article_ids=ids,
                                                   warehouse_id=warehouse_id, on=on):
        for article_id, stock in (answer or {}).items():
            found.setdefault(article_id, stock)
    return found


def merged_details(answers: Iterable[dict[str, Any] | None]) -> dict[str, Any]:
    """Answers of a collector hook that adds named details, merged; the first answer of a key wins."""
    details: dict[str, Any] = {}
    for answer in answers:
        for key, value in (answer or {}).items():
            details.setdefault(key, value)
    return details
