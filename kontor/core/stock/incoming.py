"""Goods still to come: the open lines of purchase orders, per line, with their expected date.

Reservations from open purchase orders and the availability at a date need each line on
its own (how much is still open, when it is expected, how much of it is promised already);
the totals per article come from purchasing (`kontor.core.purchasing.queries.on_order`).

A purchase-order line is open for the quantity not yet received (goods-receipt lines name it
as their source line); its expected date is the one purchasing gave the line. One query for
any number of articles, plus one grouped query of the reservations on the lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.stock.planning_models import Reservation

ZERO = Decimal("0.0000")


@dataclass(frozen=True)
class PurchaseLine:
    line_id: int
    document_id: int
    number: str
    supplier_id: int | None
    article_id: int
    open_quantity: Decimal  # ordered and not received
    reserved: Decimal  # promised to customers out of this line
    expected_on: date

    @property
    def free(self) -> Decimal:
        return self.open_quantity - self.reserved


def received_of_line():
    """Scalar subquery: what goods receipts took of the purchase-order line of the outer query
    (receipt lines naming it as source; looked up through ix_document_line_source)."""
    receipt, receipt_doc = aliased(DocumentLine), aliased(Document)
    return (select(func.coalesce(func.sum(receipt.quantity), 0))
            .join(receipt_doc, receipt_doc.id == receipt.document_id)
            .where(receipt.source_line_id == DocumentLine.id, receipt_doc.kind == "goods_receipt")
            .correlate(DocumentLine).scalar_subquery())


def open_purchase_lines(session: Session, tenant_id: int, article_ids: Iterable[int] | None = None,
                        line_ids: Iterable[int] | None = None) -> list[PurchaseLine]:
    """Open lines of purchase and internal orders (not cancelled, done or archived), with the
    expected date purchasing gave each line, earliest expected first. Counted the way
    purchasing's `on_order` counts them."""
    from kontor.core.purchasing.common import ORDER_KINDS
    from kontor.core.purchasing.models import PurchaseLine as ExpectedDate

    open_quantity = DocumentLine.quantity - received_of_line()
    statement = (
        select(DocumentLine.id, Document.id, Document.number, Document.supplier_id, DocumentLine.article_id,
               open_quantity, ExpectedDate.expected_date, Document.supplier_delivery_date, Document.doc_date)
        .join(Document, Document.id == DocumentLine.document_id)
        .outerjoin(ExpectedDate, ExpectedDate.document_line_id == DocumentLine.id)
        .where(Document.tenant_id == tenant_id, Document.kind.in_(ORDER_KINDS), Document.state != "cancelled",
               Document.done.is_(False), Document.archived_at.is_(None), DocumentLine.article_id.is_not(None),
               open_quantity > 0)
    )
    reserved = (
        select(Reservation.purchase_line_id, func.sum(Reservation.quantity))
        .where(Reservation.tenant_id == tenant_id, Reservation.purchase_line_id.is_not(None))
        .group_by(Reservation.purchase_line_id)
    )
    if article_ids is not None:
        article_ids = list(article_ids)
        statement = statement.where(DocumentLine.article_id.in_(article_ids))
        reserved = reserved.where(Reservation.article_id.in_(article_ids))
    if line_ids is not None:
        line_ids = list(line_ids)
        statement = statement.where(DocumentLine.id.in_(line_ids))
        reserved = reserved.where(Reservation.purchase_line_id.in_(line_ids))
    rows = session.execute(statement).all()
    if not rows:
        return []
    promised = dict(session.execute(reserved).all())
    lines = [
        PurchaseLine(line_id, document_id, number or "", supplier_id, article_id, Decimal(open_quantity),
                     promised.get(line_id, ZERO), expected or delivery_date or doc_date)
        for line_id, document_id, number, supplier_id, article_id, open_quantity, expected, delivery_date, doc_date
        in rows
    ]
    return sorted(lines, key=lambda p: (p.expected_on, p.line_id))
