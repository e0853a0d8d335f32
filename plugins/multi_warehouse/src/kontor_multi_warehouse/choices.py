"""Choosing warehouse, location and mode for documents and lines.

- `choose_for_document`: warehouse, location and mode (``, `consignment`, `drop_shipment`)
  of an order, picking slip, delivery note, return or work report; delivery notes made from
  an order inherit the order's choice. A document that moved stock already has its
  movements posted anew at once (they follow the choice, in the same transaction).
- `choose_for_line`: warehouse and location of one line (inherited by the lines taken from it).
- `create_with_choice` / `convert_with_choice`: the core's create and convert, with the
  choice known before the new document posts its movements (kept in session.info until the
  planning hook stores it for the new document; stored afterwards if it posts none).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, select

from kontor.api import (
    Context, Document, DocumentCreate, DocumentLine, Invalid, Level, NotFound, Problem, StockMove, Take, Warehouse,
    carries_stock, convert, create_document, kind_of, lines_of, record_change, refuse_change, refuse_closed_purchase,
    repost_lines,
)

from kontor_multi_warehouse.models import MODES, DocumentChoice, LineChoice
from kontor_multi_warehouse.planning import MODE_KINDS, PENDING
from kontor_multi_warehouse.resources import location_problems

# Kinds whose stock a choice steers: the stock-bearing sales kinds, the orders they are made
# from, and purchase orders (their goods receipts book into the warehouse chosen for them; a
# receipt itself names its warehouse per line in the core's receipt).
CHOOSABLE = ("order", "picking_slip", "delivery_note", "return_delivery_note", "work_report", "purchase_order")


class StockChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warehouse_id: int | None = Field(default=None, description="empty: the article's preferred or the default warehouse")
    location: str = Field(default="", max_length=30, description="a location of the warehouse; empty: its default")
    mode: str = Field(default="", description="'', consignment or drop_shipment (orders and delivery notes)")


class LineStockChoice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    warehouse_id: int | None = None
    location: str = Field(default="", max_length=30)


class CreateWithChoice(StockChoice):
    document: DocumentCreate


class ConvertWithChoice(StockChoice):
    target: str = Field(default="delivery_note", description="delivery_note, picking_slip or work_report")
    lines: list[Take] | None = Field(default=None, description="empty: every open line")
    doc_date: date | None = None


class FromOrderRequest(BaseModel):
    """A delivery note from an order's open lines (or the lines named), leaving a chosen warehouse."""

    model_config = ConfigDict(extra="forbid")

    lines: list[Take] | None = Field(default=None, description="empty: every open line of the order")
    doc_date: date | None = None
    warehouse_id: int | None = Field(default=None, description="our warehouse the goods leave")
    location: str = Field(default="", max_length=30)


def check_choice(session: Session, ctx: Context, choice: StockChoice | LineStockChoice, kind: str | None = None) -> None:
    problems: list[Problem] = []
    if choice.warehouse_id is not None:
        warehouse = session.get(Warehouse, choice.warehouse_id)
        if warehouse is None or warehouse.tenant_id != ctx.tenant_id:
            problems.append(Problem("warehouse_id", "exists", f"no warehouse with id {choice.warehouse_id}"))
        else:
            problems += location_problems(session, ctx, choice.warehouse_id, choice.location)
    elif choice.location:
        problems.append(Problem("location", "needs_warehouse", "a location is chosen together with its warehouse"))
    mode = getattr(choice, "mode", "")
    if mode not in MODES:
        problems.append(Problem("mode", "one_of", f"mode is one of {', '.join(repr(m) for m in MODES)}"))
    elif mode and kind is not None and kind not in ("order", *MODE_KINDS):
        problems.append(Problem("mode", "kind", f"a {kind.replace('_', ' ')} is no consignment or drop shipment"))
    if kind is not None and kind not in CHOOSABLE:
        problems.append(Problem("kind", "stock", f"a {kind.replace('_', ' ')} moves no stock and has no warehouse"))
    if problems:
        raise Invalid(problems)


def _values(choice: StockChoice) -> dict[str, Any]:
    return {"warehouse_id": choice.warehouse_id, "location": choice.location, "mode": choice.mode}


def load_document(session: Session, ctx: Context, document_id: int, level: Level) -> Document:
    """The document, locked for a change; the permission is the one of its side (sales or purchasing)."""
    statement = select(Document).where(Document.id == document_id, Document.tenant_id == ctx.tenant_id)
    document = session.exec(statement.with_for_update() if level >= Level.WRITE else statement).first()
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    ctx.require("purchasing" if kind_of(document.kind).side == "purchase" else "sales", level)
    return document


def refuse_closed(document: Document) -> None:
    """A closed document gets no new choice: the purchase side's rule for purchase documents
    (kontor.core.purchasing.common), the core's refuse_change for sales documents."""
    if kind_of(document.kind).side == "purchase":
        refuse_closed_purchase(document)
    else:
        refuse_change(document)


def choose_for_document(session: Session, ctx: Context, document_id: int, choice: StockChoice) -> DocumentChoice:
    document = load_document(session, ctx, document_id, Level.WRITE)
    refuse_closed(document)
    check_choice(session, ctx, choice, document.kind)
    row = session.exec(select(DocumentChoice).where(DocumentChoice.tenant_id == ctx.tenant_id,
                                                    DocumentChoice.document_id == document.id)).first()
    before = {k: getattr(row, k) for k in ("warehouse_id", "location", "mode")} if row else None
    row = row or DocumentChoice(tenant_id=ctx.tenant_id, document_id=document.id)
    for name, value in _values(choice).items():
        setattr(row, name, value)
    session.add(row)
    if document.kind in MODE_KINDS and document.variant in MODES:
        document.variant = choice.mode
        session.add(document)
    session.flush()
    _repost(session, ctx, document, lines_of(session, document.id))
    record_change(session, ctx, "documents", document.id, "stock_choice", before, _values(choice))
    return row


def choose_for_line(session: Session, ctx: Context, document_id: int, line_id: int,
                    choice: LineStockChoice) -> LineChoice:
    document = load_document(session, ctx, document_id, Level.WRITE)
    refuse_closed(document)
    check_choice(session, ctx, choice, document.kind)
    line = session.get(DocumentLine, line_id)
    if line is None or line.document_id != document.id:
        raise NotFound(f"document {document_id} has no line {line_id}")
    row = session.exec(select(LineChoice).where(LineChoice.tenant_id == ctx.tenant_id,
                                                LineChoice.document_line_id == line_id)).first()
    before = {"warehouse_id": row.warehouse_id, "location": row.location} if row else None
    row = row or LineChoice(tenant_id=ctx.tenant_id, document_line_id=line_id)
    row.warehouse_id, row.location = choice.warehouse_id, choice.location
    session.add(row)
    session.flush()
    _repost(session, ctx, document, [line])
    record_change(session, ctx, "documents", document.id, "stock_choice",
                  {"line_id": line_id, **(before or {})}, {"line_id": line_id, **choice.model_dump()})
    return row


def _repost(session: Session, ctx: Context, document: Document, lines: list[DocumentLine]) -> None:
    """Post the movements of lines that moved stock anew, so they follow the new choice."""
    if kind_of(document.kind).stock:
        repost_lines(session, ctx, document, [line for line in lines if carries_stock(line)])


def _with_pending(session: Session, ctx: Context, choice: StockChoice, make: Callable[[], Document]) -> Document:
    session.info[PENDING] = _values(choice)
    try:
        document = make()
    finally:
        pending = session.info.pop(PENDING, None)
    if pending is not None:  # no movement was planned (no stock lines): keep the choice all the same
        session.add(DocumentChoice(tenant_id=ctx.tenant_id, document_id=document.id, **pending))
        session.flush()
    return document


def create_with_choice(session: Session, ctx: Context, data: CreateWithChoice) -> Document:
    check_choice(session, ctx, data, data.document.kind)
    return _with_pending(session, ctx, data, lambda: create_document(session, ctx, data.document))


def convert_with_choice(session: Session, ctx: Context, document_id: int, data: ConvertWithChoice) -> Document:
    check_choice(session, ctx, data, data.target)
    return _with_pending(session, ctx, data, lambda: convert(
        session, ctx, data.target, data.lines, [] if data.lines else [document_id], doc_date=data.doc_date))


def document_stock(session: Session, ctx: Context, document_id: int) -> dict[str, Any]:
    """The choices of a document and its lines, and where its movements went."""
    document = load_document(session, ctx, document_id, Level.READ)
    row = session.exec(select(DocumentChoice).where(DocumentChoice.tenant_id == ctx.tenant_id,
                                                    DocumentChoice.document_id == document.id)).first()
    line_ids = [line.id for line in lines_of(session, document.id)]
    line_rows = session.exec(select(LineChoice).where(LineChoice.tenant_id == ctx.tenant_id,
                                                      LineChoice.document_line_id.in_(line_ids or [0]))).all()
    moves = session.exec(select(StockMove, Warehouse.code).join(Warehouse, Warehouse.id == StockMove.warehouse_id)
                         .where(StockMove.tenant_id == ctx.tenant_id, StockMove.document_id == document.id)
                         .order_by(StockMove.id)).all()
    return {
        "document_id": document.id, "kind": document.kind, "variant": document.variant,
        "choice": _values(row) if row else None,
        "lines": [{"line_id": c.document_line_id, "warehouse_id": c.warehouse_id, "location": c.location}
                  for c in line_rows],
        "moves": [{"article_id": m.article_id, "warehouse_id": m.warehouse_id, "warehouse_code": code,
                   "location": m.location, "quantity": m.quantity, "symbol": m.symbol, "moved_on": m.moved_on,
                   "document_line_id": m.document_line_id} for m, code in moves],
    }
