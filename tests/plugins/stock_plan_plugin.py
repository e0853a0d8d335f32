"""Test plugin for the stock-figure hooks a production module needs.

- A kit `TKIT-1` is 2 x `TPART-A` + 1 x `TPART-B`: its delivery moves the parts
  (kontor_expand_stock_moves), its cost is theirs (kontor_article_cost), its composed stock
  is what the parts make (kontor_composed_stock).
- Symbols `TT` and `TC` (consumption) may be posted (kontor_stock_symbols).
- Planned movements come from `PLANNED[tenant_code]` (kontor_planned_stock).
- An order's status tells how many lines it has (kontor_document_status).
"""

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal

from sqlmodel import func, select

from kontor.core.masterdata.articles.models import Article
from kontor.core.stock.extensions import ComponentStock, ComposedStock, StockSymbol
from kontor.core.stock.models import StockLevel
from kontor.plugins import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_stock_plan", title="Test stock planning", version="1.0")

KIT = "TKIT-1"
PARTS = (("TPART-A", Decimal("2")), ("TPART-B", Decimal("1")))
PLANNED: dict[str, list] = {}


def _articles(session, tenant_id: int) -> dict[str, Article]:
    numbers = [KIT] + [number for number, _ in PARTS]
    return {a.number: a for a in session.exec(select(Article).where(Article.tenant_id == tenant_id,
                                                                    Article.number.in_(numbers)))}


@hookimpl
def kontor_stock_symbols():
    return {"TT": "test transfer", "TC": StockSymbol("test consumption", consumption=True)}


@hookimpl
def kontor_expand_stock_moves(ctx, session, moves):
    articles = _articles(session, ctx.tenant_id)
    kit = articles.get(KIT)
    if kit is None or all(move.article_id != kit.id for move in moves):
        return None
    out = []
    for move in moves:
        if move.article_id != kit.id:
            out.append(move)
            continue
        for number, per_kit in PARTS:
            part = articles[number]
            out.append(replace(move, article_id=part.id, quantity=move.quantity * per_kit, unit_cost=part.purchase_price))
    return out


@hookimpl
def kontor_article_cost(ctx, session, article):
    if article.number != KIT:
        return None
    articles = _articles(session, ctx.tenant_id)
    return sum((articles[number].purchase_price * per_kit for number, per_kit in PARTS), Decimal("0"))


@hookimpl
def kontor_composed_stock(ctx, session, article_ids, warehouse_id):
    articles = _articles(session, ctx.tenant_id)
    kit = articles.get(KIT)
    if kit is None or kit.id not in article_ids:
        return None
    components = []
    for number, per_kit in PARTS:
        part = articles[number]
        condition = [StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id == part.id]
        if warehouse_id is not None:
            condition.append(StockLevel.warehouse_id == warehouse_id)
        on_hand, reserved = session.exec(select(func.coalesce(func.sum(StockLevel.on_hand), 0),
                                                func.coalesce(func.sum(StockLevel.reserved), 0)).where(*condition)).one()
        components.append(ComponentStock(part.id, number, per_kit, Decimal(on_hand), Decimal(on_hand) - Decimal(reserved)))

    def makes(figure: str) -> Decimal:
        return min((getattr(c, figure) / c.per_unit).to_integral_value(rounding=ROUND_FLOOR) for c in components)

    limiting = min(components, key=lambda c: getattr(c, "available") / c.per_unit)
    return {kit.id: ComposedStock(article_id=kit.id, on_hand=makes("on_hand"), available=makes("available"),
                                  limited_by=limiting.article_number, components=components)}


@hookimpl
def kontor_planned_stock(ctx, article_ids):
    return [p for p in PLANNED.get(ctx.tenant_code, []) if article_ids is None or p.article_id in article_ids]


@hookimpl
def kontor_document_status(document, status):
    if document.kind != "order":
        return None
    return {"test_stock_plan": {"lines": len(status.lines)}}
