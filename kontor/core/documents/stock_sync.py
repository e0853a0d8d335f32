"""Stock-bearing documents keep their movements equal to their lines: a changed line changes
its movement, a deleted line deletes it (through the ledger's one writer)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.stock.ledger import MoveSpec, post_moves, remove_line_moves


def carries_stock(line: DocumentLine) -> bool:
    """Material lines move stock, except optional ones and returned goods not put back (restock off)."""
    return line.article_id is not None and line.article_type == "M" and not line.optional and line.restock


def move_for(document: Document, line: DocumentLine, already_moved: Decimal = Decimal("0")) -> MoveSpec:
    kind = kind_of(document.kind)
    return MoveSpec(
        article_id=line.article_id,
        quantity=(line.quantity - already_moved) * kind.stock,
        moved_on=document.doc_date,
        symbol=kind.symbol,
        document_id=document.id,
        document_line_id=line.id,
        document_number=document.number or "",
        unit_cost=line.cost_price,
    )


def post_lines(session: Session, ctx: Context, document: Document, lines: Iterable[DocumentLine]) -> None:
    if not kind_of(document.kind).stock:
        return
    lines = [line for line in lines if carries_stock(line)]
    moved = delivered_before(session, document, lines)
    moves = [move_for(document, line, moved.get(line.id, Decimal("0"))) for line in lines]
    expanded = ctx.hooks.kontor_expand_stock_moves(ctx=ctx, session=session, document=document, moves=moves)
    moves = moves if expanded is None else expanded
    planned = ctx.hooks.kontor_plan_stock_moves(ctx=ctx, session=session, document=document, moves=moves)
    post_moves(session, ctx, moves if planned is None else planned)


def delivered_before(session: Session, document: Document, lines: list[DocumentLine]) -> dict[int, Decimal]:
    """A work report line copied from a delivery-note line books only what differs from the
    delivery (extra, returned or broken goods): the delivery moved the rest already."""
    if document.kind != "work_report":
        return {}
    sources = {line.source_line_id for line in lines if line.source_line_id}
    if not sources:
        return {}
    rows = session.exec(
        select(DocumentLine.id, DocumentLine.quantity).join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.id.in_(sources), Document.kind == "delivery_note")
    ).all()
    delivered = dict(rows)
    return {line.id: delivered[line.source_line_id] for line in lines if line.source_line_id in delivered}


def repost_lines(session: Session, ctx: Context, document: Document, lines: list[DocumentLine],
                 removed_ids: Iterable[int] = ()) -> None:
    """Take back the movements of changed and removed lines, then post the changed ones anew."""
    if not kind_of(document.kind).stock:
        return
    remove_line_moves(session, ctx, [line.id for line in lines] + list(removed_ids))
    post_lines(session, ctx, document, lines)
