"""How much of a purchase line went where, from the lineage of lines and the stock ledger.

Each answer is one grouped query over a set of lines:
- `taken_into(kind)`: quantity of lines of a kind naming the line as source (an order line's
  receipts, a receipt line's returns or supplier-invoice lines, a return line's receipts back);
- `blocked_left`: what of a receipt line still sits in blocked stock: its blocked receipt
  movements, less its technical releases, less refused goods sent back from blocked stock;
- `released`: what the technical release moved to free stock.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.stock.models import StockMove

ZERO = Decimal("0.0000")


def _zero_default(rows) -> dict[int, Decimal]:
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for key, value in rows:
        result[key] = Decimal(value)
    return result


def taken_into(session: Session, line_ids: list[int], kind: str, *, exclude_cancelled: bool = True) -> dict[int, Decimal]:
    """Per line: the quantity of `kind` lines made from it."""
    if not line_ids:
        return _zero_default([])
    statement = (
        select(DocumentLine.source_line_id, func.sum(DocumentLine.quantity))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.source_line_id.in_(line_ids), Document.kind == kind)
        .group_by(DocumentLine.source_line_id)
    )
    if exclude_cancelled:
        statement = statement.where(Document.state != "cancelled")
    return _zero_default(session.exec(statement).all())


def blocked_by_warehouse(session: Session, line_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """Per receipt line and warehouse: the quantity still blocked (receipt and release moves on
    the line itself, plus blocked return moves of return lines made from it)."""
    result: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    if not line_ids:
        return result
    own = session.exec(
        select(StockMove.document_line_id, StockMove.warehouse_id, func.sum(StockMove.quantity))
        .where(StockMove.document_line_id.in_(line_ids), StockMove.blocked.is_(True))
        .group_by(StockMove.document_line_id, StockMove.warehouse_id)
    ).all()
    sent_back = session.exec(
        select(DocumentLine.source_line_id, StockMove.warehouse_id, func.sum(StockMove.quantity))
        .join(StockMove, StockMove.document_line_id == DocumentLine.id)
        .where(DocumentLine.source_line_id.in_(line_ids), StockMove.blocked.is_(True), StockMove.symbol == "RS")
        .group_by(DocumentLine.source_line_id, StockMove.warehouse_id)
    ).all()
    for line_id, warehouse_id, quantity in [*own, *sent_back]:
        result[line_id][warehouse_id] += Decimal(quantity)
    return result


def blocked_left(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    by_warehouse = blocked_by_warehouse(session, line_ids)
    return _zero_default((line_id, sum(per.values(), ZERO)) for line_id, per in by_warehouse.items())


def released(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    """Per receipt line: what the technical release moved into free stock."""
    if not line_ids:
        return _zero_default([])
    return _zero_default(session.exec(
        select(StockMove.document_line_id, func.sum(StockMove.quantity))
        .where(StockMove.document_line_id.in_(line_ids), StockMove.blocked.is_(False), StockMove.symbol == "WE")
        .group_by(StockMove.document_line_id)
    ).all())


def receipt_warehouses(session: Session, line_ids: list[int]) -> dict[int, int]:
    """The warehouse each receipt line went into (its first movement)."""
    if not line_ids:
        return {}
    rows = session.exec(
        select(StockMove.document_line_id, func.min(StockMove.warehouse_id))
        .where(StockMove.document_line_id.in_(line_ids))
        .group_by(StockMove.document_line_id)
    ).all()
    return dict(rows)
