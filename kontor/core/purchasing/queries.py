"""What is on order, and what is late: set-based reads over the open purchase-order lines.

A line of a purchase or internal order is open by what goods receipts made from it have not
received yet; cancelled, done and archived orders count no more. Blanket orders are frames,
not orders: only their call-offs count. Both reads are grouped queries, never a query per line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.purchasing.common import ORDER_KINDS, PURCHASING
from kontor.core.purchasing.models import PurchaseLine
from kontor.core.purchasing.schemas import OverdueLine, OverdueSupplier
from kontor.core.users.permissions import Level

ZERO = Decimal("0")


@dataclass(frozen=True)
class OnOrder:
    quantity: Decimal
    earliest_date: date | None


def received_per_line(tenant_id: int):
    """Subquery: quantity received per order line (goods-receipt lines naming it as source)."""
    return (
        select(DocumentLine.source_line_id.label("line_id"), func.sum(DocumentLine.quantity).label("received"))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(Document.tenant_id == tenant_id, Document.kind == "goods_receipt",
               DocumentLine.source_line_id.is_not(None))
        .group_by(DocumentLine.source_line_id)
        .subquery()
    )


def _open_lines(tenant_id: int, article_ids: list[int] | None = None):
    """Select of every open order line: the line, its document, what is open and when expected."""
    received = received_per_line(tenant_id)
    open_quantity = DocumentLine.quantity - func.coalesce(received.c.received, 0)
    statement = (
        select(DocumentLine, Document, open_quantity.label("open"), PurchaseLine.expected_date,
               func.coalesce(received.c.received, 0).label("received"))
        .join(Document, Document.id == DocumentLine.document_id)
        .outerjoin(received, received.c.line_id == DocumentLine.id)
        .outerjoin(PurchaseLine, PurchaseLine.document_line_id == DocumentLine.id)
        .where(Document.tenant_id == tenant_id, Document.kind.in_(ORDER_KINDS), Document.state != "cancelled",
               Document.done.is_(False), Document.archived_at.is_(None), open_quantity > 0)
    )
    if article_ids is not None:
        statement = statement.where(DocumentLine.article_id.in_(article_ids))
    return statement


def on_order(session: Session, tenant_id: int, article_ids: list[int] | None = None) -> dict[int, OnOrder]:
    """Per article: the quantity ordered from suppliers and not received yet, and the earliest
    date it is expected (one grouped query; articles with nothing on order are left out)."""
    if article_ids is not None and not article_ids:
        return {}
    received = received_per_line(tenant_id)
    open_quantity = DocumentLine.quantity - func.coalesce(received.c.received, 0)
    per_line = (
        select(DocumentLine.article_id.label("article_id"), open_quantity.label("open"),
               PurchaseLine.expected_date.label("expected"))
        .join(Document, Document.id == DocumentLine.document_id)
        .outerjoin(received, received.c.line_id == DocumentLine.id)
        .outerjoin(PurchaseLine, PurchaseLine.document_line_id == DocumentLine.id)
        .where(Document.tenant_id == tenant_id, Document.kind.in_(ORDER_KINDS), Document.state != "cancelled",
               Document.done.is_(False), Document.archived_at.is_(None), DocumentLine.article_id.is_not(None),
               open_quantity > 0)
    )
    if article_ids is not None:
        per_line = per_line.where(DocumentLine.article_id.in_(article_ids))
    per_line = per_line.subquery()
    rows = session.execute(
        select(per_line.c.article_id, func.sum(per_line.c.open), func.min(per_line.c.expected))
        .group_by(per_line.c.article_id)
    ).all()
    return {article_id: OnOrder(quantity=Decimal(quantity), earliest_date=earliest)
            for article_id, quantity, earliest in rows}


def overdue_list(session: Session, ctx: Context, on: date | None = None,
                 supplier_id: int | None = None) -> list[OverdueSupplier]:
    """The overdue (urgency) list: open order lines whose expected date is before `on`
    (default today), with the days they are late, grouped per supplier, longest late first."""
    ctx.require(PURCHASING, Level.READ)
    on = on or date.today()
    statement = (
        _open_lines(ctx.tenant_id)
        .add_columns(Supplier.id, Supplier.number, Supplier.name1)
        .join(Supplier, Supplier.id == Document.supplier_id)
        .where(and_(PurchaseLine.expected_date.is_not(None), PurchaseLine.expected_date < on))
        .order_by(Supplier.number, PurchaseLine.expected_date, Document.number, DocumentLine.position)
    )
    if supplier_id is not None:
        statement = statement.where(Document.supplier_id == supplier_id)
    suppliers: dict[int, OverdueSupplier] = {}
    for line, document, open_, expected, received, sid, number, name in session.execute(statement):
        group = suppliers.setdefault(sid, OverdueSupplier(supplier_id=sid, supplier_number=number,
                                                          supplier_name=name, lines=[]))
        group.lines.append(OverdueLine(
            document_id=document.id, number=document.number, kind=document.kind, line_id=line.id,
            position=line.position, article_id=line.article_id, article_number=line.article_number,
            description=line.description, ordered=line.quantity, received=Decimal(received), open=Decimal(open_),
            expected_date=expected, days_late=(on - expected).days))
    return list(suppliers.values())
