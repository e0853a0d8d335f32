"""Where a document's movements go: the plugin's answer to `kontor_plan_stock_moves` and
`kontor_select_warehouse`.

For each movement of a line the warehouse is the first of:
1. the choice for the line itself, else for the line it was taken from, else for its order line;
2. the warehouse chosen for the document, else for the document (order) the line stems from;
3. the article's preferred warehouse (its article place marked preferred);
4. whatever the next `kontor_select_warehouse` answers (the core: the default warehouse).
The location is the one chosen with that warehouse, else the article's default location in
the warehouse, else the warehouse's default location, else none (''). Goods taken from a
location chosen explicitly must lie there (409 otherwise, unless negative stock is allowed).

Modes (chosen for a delivery note or inherited from its order):
- `consignment`: each line's goods leave our warehouse and enter the customer's consignment
  warehouse (made on first use), both movements with the symbol KL;
- `drop_shipment`: the supplier delivers straight to the customer; no movement at all.

A choice made for a document that is being created (`pending`, kept in the unit of work's
session.info by kontor_multi_warehouse.choices) is stored for it the first time it plans.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlmodel import Session, select

from kontor.api import Article, Conflict, Context, Document, DocumentLine, Invalid, MoveSpec, negative_stock_allowed

from kontor_multi_warehouse.models import ArticlePlace, DocumentChoice, LineChoice, Location

PENDING = "multi_warehouse.pending_choice"
MODE_KINDS = ("delivery_note",)  # the kinds a consignment or drop-shipment mode applies to


def document_choice(session: Session, ctx: Context, document: Document) -> DocumentChoice | None:
    choice = session.exec(select(DocumentChoice).where(DocumentChoice.tenant_id == ctx.tenant_id,
                                                       DocumentChoice.document_id == document.id)).first()
    if choice is None:
        choice = _adopt_pending(session, ctx, document)
    return choice


def _adopt_pending(session: Session, ctx: Context, document: Document) -> DocumentChoice | None:
    pending = session.info.pop(PENDING, None)
    if pending is None:
        return None
    choice = DocumentChoice(tenant_id=ctx.tenant_id, document_id=document.id, **pending)
    session.add(choice)
    session.flush()
    return choice


def inherited_choices(session: Session, ctx: Context, lines: list[DocumentLine]) -> dict[int, DocumentChoice]:
    """Per line, the choice of the document it was taken from, else of its order's."""
    ids = {i for line in lines for i in (line.source_line_id, line.order_line_id) if i}
    if not ids:
        return {}
    found = dict(session.exec(
        select(DocumentLine.id, DocumentChoice).join(DocumentChoice, DocumentChoice.document_id == DocumentLine.document_id)
        .where(DocumentChoice.tenant_id == ctx.tenant_id, DocumentLine.id.in_(ids))).all())
    by_line = {line.id: found.get(line.source_line_id) or found.get(line.order_line_id) for line in lines}
    return {line_id: choice for line_id, choice in by_line.items() if choice is not None}


def inherited_choice(session: Session, ctx: Context, lines: list[DocumentLine]) -> DocumentChoice | None:
    """The inherited choice of the first line that has one (a document's mode comes from it)."""
    choices = inherited_choices(session, ctx, lines)
    return next((choices[line.id] for line in sorted(lines, key=lambda l: (l.position, l.id)) if line.id in choices),
                None)


def plan_moves(session: Session, ctx: Context, document: Document, moves: list[MoveSpec]) -> list[MoveSpec] | None:
    line_ids = [move.document_line_id for move in moves if move.document_line_id]
    lines = {line.id: line for line in session.exec(select(DocumentLine).where(DocumentLine.id.in_(line_ids or [0])))}
    own = document_choice(session, ctx, document)
    inherited = inherited_choices(session, ctx, list(lines.values()))
    first = own or next((inherited[i] for i in sorted(inherited, key=lambda i: (lines[i].position, i))), None)
    mode = first.mode if first is not None and document.kind in MODE_KINDS else ""
    if mode and document.variant != mode:
        document.variant = mode
        session.add(document)
    if mode == "drop_shipment":
        return []
    if not moves:
        return None
    line_choices = _line_choices(session, ctx, lines.values())
    articles = {a.id: a for a in session.exec(select(Article).where(
        Article.tenant_id == ctx.tenant_id, Article.id.in_({m.article_id for m in moves})))}
    places = _Places(session, ctx, document, articles)
    planned: list[MoveSpec] = []
    taken: dict[tuple[int, int, str], Decimal] = {}
    for move in moves:
        line = lines.get(move.document_line_id)
        chosen = _first(line_choices, line) if line is not None else None
        for_document = own if own is not None and own.warehouse_id is not None else inherited.get(move.document_line_id)
        warehouse_id, location, explicit = places.of(move, chosen, for_document)
        planned.append(replace(move, warehouse_id=warehouse_id, location=location))
        if explicit and move.quantity < 0:
            key = (move.article_id, warehouse_id, location)
            taken[key] = taken.get(key, Decimal("0")) - move.quantity
    refuse_more_than_at_location(session, ctx, taken, articles)
    if mode == "consignment":
        from kontor_multi_warehouse.consignment import consignment_warehouse

        target = consignment_warehouse(session, ctx, document.customer_id).id
        if any(move.warehouse_id == target for move in planned):
            raise Invalid.field("warehouse_id", "not_consignment",
                                "a consignment delivery leaves one of our warehouses, not the customer's own")
        planned = [replace(move, symbol="KL", **into) for move in planned
                   for into in ({}, {"warehouse_id": target, "location": "", "quantity": -move.quantity})]
    return planned


def _line_choices(session: Session, ctx: Context, lines) -> dict[int, LineChoice]:
    ids = {i for line in lines for i in (line.id, line.source_line_id, line.order_line_id) if i}
    if not ids:
        return {}
    return {c.document_line_id: c for c in session.exec(select(LineChoice).where(
        LineChoice.tenant_id == ctx.tenant_id, LineChoice.document_line_id.in_(ids)))}


def _first(line_choices: dict[int, LineChoice], line: DocumentLine) -> LineChoice | None:
    for line_id in (line.id, line.source_line_id, line.order_line_id):
        if line_id and line_id in line_choices:
            return line_choices[line_id]
    return None


class _Places:
    """Warehouse and location of one document's movements; what the hook and the article
    places answer is asked once per article (and location once per article and warehouse)."""

    def __init__(self, session: Session, ctx: Context, document: Document, articles: dict[int, Article]):
        self.session, self.ctx, self.document, self.articles = session, ctx, document, articles
        self.warehouses: dict[int, int] = {}
        self.locations: dict[tuple[int, int], str] = {}

    def of(self, move: MoveSpec, line_choice: LineChoice | None,
           choice: DocumentChoice | None) -> tuple[int, str, bool]:
        """Warehouse, location, and whether the location was chosen explicitly."""
        for source in (line_choice, choice):
            if source is not None and source.warehouse_id is not None:
                if source.location:
                    return source.warehouse_id, source.location, True
                return source.warehouse_id, self.location(move.article_id, source.warehouse_id), False
        if move.article_id not in self.warehouses:
            self.warehouses[move.article_id] = self.ctx.hooks.kontor_select_warehouse(
                ctx=self.ctx, session=self.session, article=self.articles.get(move.article_id),
                quantity=move.quantity, document_id=self.document.id)
        warehouse_id = self.warehouses[move.article_id]
        return warehouse_id, self.location(move.article_id, warehouse_id), False

    def location(self, article_id: int, warehouse_id: int) -> str:
        key = (article_id, warehouse_id)
        if key not in self.locations:
            self.locations[key] = default_location(self.session, self.ctx, article_id, warehouse_id)
        return self.locations[key]


def refuse_more_than_at_location(session: Session, ctx: Context, taken: dict[tuple[int, int, str], Decimal],
                                 articles: dict[int, Article]) -> None:
    """Goods taken from a location chosen explicitly must lie there (unless the company allows
    negative stock); the warehouse's own level is guarded by the ledger. Default locations are
    not checked: goods received without a location still count for their warehouse."""
    from kontor_multi_warehouse.transfers import location_stock

    if not taken or negative_stock_allowed(session, ctx):
        return
    for (article_id, warehouse_id, location), quantity in taken.items():
        there = location_stock(session, ctx, article_id, warehouse_id, location)
        if quantity > there:
            article = articles[article_id]
            raise Conflict(f"article {article.number} ({article.description}): only {there.normalize():f} at "
                           f"location {location} of warehouse {warehouse_id}, {quantity.normalize():f} asked for")


def preferred_warehouse(session: Session, ctx: Context, article_id: int) -> int | None:
    return session.exec(select(ArticlePlace.warehouse_id).where(
        ArticlePlace.tenant_id == ctx.tenant_id, ArticlePlace.article_id == article_id,
        ArticlePlace.preferred.is_(True))).first()


def default_location(session: Session, ctx: Context, article_id: int, warehouse_id: int) -> str:
    """The article's default location in the warehouse, else the warehouse's default location."""
    place = session.exec(select(ArticlePlace.location).where(
        ArticlePlace.tenant_id == ctx.tenant_id, ArticlePlace.article_id == article_id,
        ArticlePlace.warehouse_id == warehouse_id)).first()
    if place:
        return place
    return session.exec(select(Location.code).where(
        Location.tenant_id == ctx.tenant_id, Location.warehouse_id == warehouse_id,
        Location.is_default.is_(True))).first() or ""


def select_warehouse(session: Session, ctx: Context, article: Article, document_id: int | None) -> int | None:
    """For movements posted without a plan (goods receipts, opening stock, ...): the warehouse
    chosen for the document or the order it stems from (a goods receipt: its purchase order),
    else the article's preferred warehouse; None lets the core decide."""
    if document_id is not None:
        chosen = session.exec(select(DocumentChoice).where(
            DocumentChoice.tenant_id == ctx.tenant_id, DocumentChoice.document_id == document_id)).first()
        if chosen is None:
            lines = list(session.exec(select(DocumentLine).where(DocumentLine.document_id == document_id)))
            chosen = inherited_choice(session, ctx, lines)
        if chosen is not None and chosen.warehouse_id is not None:
            return chosen.warehouse_id
    return preferred_warehouse(session, ctx, article.id) if article is not None else None

