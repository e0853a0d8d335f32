"""The lineage of lines and the open-quantity rules that follow from it.

Every line that was taken over names its source (`source_line_id`) and the order line its
chain went through (`order_line_id`). How much of a line went into documents of a kind is
the sum of the lines of that kind that name it: for an order line, every line naming it as
`order_line_id` (an invoice made from a delivery note counts for the order too); for any
other line, the lines naming it as `source_line_id`. Each question is one grouped query.

This module sits low in kontor.core.documents: it knows the models and the kinds, and the
services, the status, the lock rules, the groups and the conversions all import it (never
the other way round), so the package has no import cycle.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.documents.kinds import KINDS, kind_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.errors import Invalid

ZERO = Decimal("0.0000")
# What counts as "taken into" a kind: its own kind (credit notes and returns are separate flows).
FAMILIES = {
    "quote": ("quote",),
    "order": ("order",),
    "picking_slip": ("picking_slip",),
    "delivery_note": ("delivery_note",),
    "work_report": ("work_report",),
    "return_delivery_note": ("return_delivery_note",),
    "invoice": ("invoice", "final_invoice"),
    "final_invoice": ("invoice", "final_invoice"),
    "partial_invoice": ("partial_invoice",),
    "credit_note": ("credit_note",),
    "inquiry": ("inquiry",),
}


def lines_of(session: Session, document_id: int) -> list[DocumentLine]:
    """A document's lines in their order."""
    return list(session.exec(select(DocumentLine).where(DocumentLine.document_id == document_id)
                             .order_by(DocumentLine.position, DocumentLine.id)))


def kinds_of_lines(session: Session, lines: list[DocumentLine]) -> dict[int, str]:
    """The kind of each line's document (one query)."""
    ids = {line.document_id for line in lines}
    kinds = dict(session.exec(select(Document.id, Document.kind).where(Document.id.in_(ids or {0}))).all())
    return {line.id: kinds[line.document_id] for line in lines}


def taken(session: Session, lines: list[DocumentLine], line_kinds: dict[int, str], target: str,
          exclude_line_id: int | None = None) -> dict[int, Decimal]:
    """Quantity of each line already taken into documents of the target's family."""
    family = FAMILIES[target]
    by_order = [line.id for line in lines if line_kinds[line.id] == "order"]
    by_source = [line.id for line in lines if line_kinds[line.id] != "order"]
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for column, ids in ((DocumentLine.order_line_id, by_order), (DocumentLine.source_line_id, by_source)):
        if not ids:
            continue
        statement = (
            select(column, func.sum(DocumentLine.quantity))
            .join(Document, Document.id == DocumentLine.document_id)
            .where(column.in_(ids), Document.kind.in_(family))
            .group_by(column)
        )
        if exclude_line_id is not None:
            statement = statement.where(DocumentLine.id != exclude_line_id)
        for line_id, quantity in session.exec(statement):
            result[line_id] = quantity
    return result


def open_quantities(session: Session, lines: list[DocumentLine], line_kinds: dict[int, str],
                    target: str) -> dict[int, Decimal]:
    """What of each line is still open for documents of the target's kind (may be negative
    when more was taken than the line holds now)."""
    already = taken(session, lines, line_kinds, target)
    return {line.id: line.quantity - already[line.id] for line in lines}


def order_line_status(session: Session, lines: list[DocumentLine]) -> dict[int, tuple[Decimal, Decimal]]:
    """(delivered, invoiced) per order line."""
    kinds = {line.id: "order" for line in lines}
    delivered = taken(session, lines, kinds, "delivery_note")
    invoiced = taken(session, lines, kinds, "invoice")
    return {line.id: (delivered[line.id], invoiced[line.id]) for line in lines}


# Kinds whose lines are the order lines of everything made from them.
ORDER_LINE_KINDS = ("order", "purchase_order", "internal_order")


def order_line_of(source: DocumentLine, source_kind: str) -> int | None:
    """The order line a line taken from `source` descends from: the source itself when it is
    an order line (a customer's, a purchase or an internal order's), else the source's own."""
    return source.id if source_kind in ORDER_LINE_KINDS else source.order_line_id


def predecessors(session: Session, line_snapshots: list[dict]) -> set[int]:
    """Documents the given lines were taken from (and the orders behind them)."""
    ids = {v for snap in line_snapshots for v in (snap.get("source_line_id"), snap.get("order_line_id")) if v}
    if not ids:
        return set()
    return set(session.exec(select(DocumentLine.document_id).where(DocumentLine.id.in_(ids))).all())


def predecessors_of(session: Session, document_id: int) -> set[int]:
    return predecessors(session, [{"source_line_id": l.source_line_id, "order_line_id": l.order_line_id}
                                  for l in lines_of(session, document_id)])


def order_documents(session: Session, lines: list[DocumentLine]) -> set[int]:
    """The orders the given lines descend from."""
    ids = {line.order_line_id for line in lines if line.order_line_id}
    if not ids:
        return set()
    return set(session.exec(select(DocumentLine.document_id).where(DocumentLine.id.in_(ids))).all())


def check_not_below_followers(session: Session, line: DocumentLine, kind: str, path: str) -> None:
    """A line cannot shrink below what following documents took from it already (an order
    line below its deliveries, a delivery-note line below what was invoiced from it)."""
    for target in (k.name for k in KINDS.values() if kind in k.sources and k.name != kind):
        already = taken(session, [line], {line.id: kind}, target)[line.id]
        if line.quantity < already:
            raise Invalid.field(f"{path}.quantity", "not_below_taken",
                                f"{already.normalize():f} of this line went into a {kind_of(target).title} already")


def check_open_quantity(session: Session, line: DocumentLine, kind: str, path: str) -> None:
    """A changed quantity of a taken-over line must stay within what its source has open."""
    source = session.get(DocumentLine, line.source_line_id)
    kinds = kinds_of_lines(session, [source])
    others = taken(session, [source], kinds, kind, exclude_line_id=line.id)[source.id]
    available = source.quantity - others
    if line.quantity > available:
        raise Invalid.field(f"{path}.quantity", "not_above_open",
                            f"only {max(available, 0).normalize():f} of the source line are open")
