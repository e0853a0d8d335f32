"""Processing status (Bearbeitungsstand) from the lineage of lines, in grouped queries.

The quantities come from kontor.core.documents.lineage; this module answers a document's
status (ordered, delivered, invoiced, open per line; what stock the open lines need) and keeps
the documents' states up to date after their lines were taken over.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.lineage import ZERO, lines_of, order_line_status, taken
from kontor.core.documents.locking import apply_lock_rules
from kontor.core.documents.models import Document
from kontor.core.documents.schemas import DocumentStatus, LineStatus, StockNeed
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.stock.extensions import composed_stock, merged_details
from kontor.core.stock.models import StockLevel
from kontor.core.tenancy.services import get_setting

def document_status(session: Session, ctx: Context, document: Document) -> DocumentStatus:
    lines = [line for line in lines_of(session, document.id) if not line.optional]
    kinds = {line.id: document.kind for line in lines}
    if document.kind == "order":
        delivered = taken(session, lines, kinds, "delivery_note")
    else:
        delivered = {line.id: line.quantity if document.kind == "delivery_note" else ZERO for line in lines}
    invoiced = taken(session, lines, kinds, "invoice")
    reported = taken(session, lines, kinds, "work_report") if document.kind == "order" else defaultdict(lambda: ZERO)
    rows, needs = [], defaultdict(lambda: ZERO)
    for line in lines:
        done_delivering = delivered[line.id]
        rows.append(LineStatus(
            line_id=line.id, position=line.position, article_number=line.article_number,
            description=line.description, ordered=line.quantity, delivered=done_delivering,
            invoiced=invoiced[line.id], reported=reported[line.id],
            open_to_deliver=max(line.quantity - done_delivering, ZERO),
            open_to_invoice=max(line.quantity - invoiced[line.id], ZERO),
        ))
        if line.article_id is not None and line.article_type == "M":
            needs[(line.article_id, line.article_number)] += max(line.quantity - done_delivering, ZERO)
    stock = []
    if needs:
        on_hand = dict(session.exec(
            select(StockLevel.article_id, func.sum(StockLevel.on_hand))
            .where(StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id.in_([a for a, _ in needs]))
            .group_by(StockLevel.article_id)
        ).all())
        # an article made up of others (a kit) has what its components make
        on_hand.update({a: c.on_hand for a, c in composed_stock(session, ctx, [a for a, _ in needs]).items()})
        for (article_id, number), needed in needs.items():
            have = on_hand.get(article_id, ZERO)
            stock.append(StockNeed(article_id=article_id, article_number=number, needed=needed, on_hand=have,
                                   shortfall=max(needed - have, ZERO)))
    status = DocumentStatus(document_id=document.id, state=document.state, lines=rows, stock=stock)
    status.details = merged_details(ctx.hooks.kontor_document_status(ctx=ctx, session=session, document=document,
                                                                     status=status))
    return status


def refresh_states(session: Session, ctx: Context, document_ids: set[int]) -> None:
    """Recompute the state of documents whose lines were taken over (order: open, partly
    delivered, delivered, partly invoiced, invoiced; quote: accepted; delivery note: invoiced)."""
    done_when = (get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}).get("orders_done_when", "never")
    for document_id in document_ids:
        document = session.get(Document, document_id)
        lines = [line for line in lines_of(session, document_id) if not line.optional]
        if document.posted_at is not None or kind_of(document.kind).postable:
            continue
        if not lines:
            document.state = "open"  # nothing left on it: nothing delivered or invoiced from it
            session.add(document)
            continue
        kinds = {line.id: document.kind for line in lines}
        if document.kind == "order":
            status = order_line_status(session, lines)
            delivered = [status[l.id][0] >= l.quantity for l in lines]
            invoiced = [status[l.id][1] >= l.quantity for l in lines]
            any_delivered = any(status[l.id][0] > 0 for l in lines)
            any_invoiced = any(status[l.id][1] > 0 for l in lines)
            document.state = ("invoiced" if all(invoiced) else "partly_invoiced" if any_invoiced
                              else "delivered" if all(delivered) else "partly_delivered" if any_delivered else "open")
            if (done_when == "delivered" and all(delivered)) or (done_when == "invoiced" and all(invoiced)):
                document.done = True
        elif document.kind in ("quote", "inquiry"):
            ordered = taken(session, lines, kinds, "order" if document.kind == "quote" else "quote")
            document.state = "accepted" if any(ordered[l.id] > 0 for l in lines) else "open"
        elif document.kind in ("delivery_note", "picking_slip"):
            target = "invoice" if document.kind == "delivery_note" else "delivery_note"
            took = taken(session, lines, kinds, target)
            full = all(took[l.id] >= l.quantity for l in lines)
            word = "invoiced" if target == "invoice" else "confirmed"
            document.state = word if full else f"partly_{word}" if any(took[l.id] > 0 for l in lines) else "open"
        session.add(document)
    session.flush()
    apply_lock_rules(session, ctx, document_ids)
