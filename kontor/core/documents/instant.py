"""Invoices in one step: instant and cash invoices, and maintenance invoices.

An instant invoice bills an order right after it was taken: one call delivers every open
line (a delivery note that moves the stock) and bills that delivery note with an invoice,
posted at once. A cash invoice is the same, marked as paid in cash. The delivery note of an
earlier delivery can be billed at once the same way.

A maintenance invoice bills a recurring charge: the lines of an order or delivery note are
copied into a new invoice at the prices agreed there, without taking anything of what the
source has open, so the same order can be billed again next period. It stays a draft for
the clerk to add the period before posting.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.conversion import convert
from kontor.core.documents.copying import copy_as
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.services import SALES, get_document, label
from kontor.core.users.permissions import Level
from kontor.errors import Conflict

INSTANT = "instant"
CASH = "cash"
MAINTENANCE = "maintenance"


def instant_invoice(session: Session, ctx: Context, order_id: int, *, cash: bool = False,
                    on: date | None = None) -> Document:
    """Deliver all that is open of the order and bill it; returns the posted invoice."""
    ctx.require(SALES, Level.POST)
    order = get_document(session, ctx, order_id, for_update=True)
    if order.kind != "order":
        raise Conflict(f"{label(order)} is no order; an instant invoice is made from an order")
    note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=on)
    _mark(session, ctx, note, INSTANT)
    return _bill(session, ctx, note, cash=cash, on=on)


def instant_invoice_from_delivery_note(session: Session, ctx: Context, delivery_note_id: int, *,
                                       cash: bool = False, on: date | None = None) -> Document:
    """Bill what is not yet billed of a delivery note; returns the posted invoice."""
    ctx.require(SALES, Level.POST)
    note = get_document(session, ctx, delivery_note_id, for_update=True)
    if note.kind != "delivery_note":
        raise Conflict(f"{label(note)} is no delivery note; an instant invoice is made from a delivery note")
    return _bill(session, ctx, note, cash=cash, on=on)


def maintenance_invoice(session: Session, ctx: Context, source_document_id: int, *,
                        on: date | None = None) -> Document:
    """A draft invoice with the lines of an order or delivery note at their prices, as a copy."""
    source = get_document(session, ctx, source_document_id)
    if source.kind not in ("order", "delivery_note"):
        raise Conflict(f"{label(source)} is no order or delivery note; a maintenance invoice copies one of those")
    return copy_as(session, ctx, source, "invoice", source.customer_id, variant=MAINTENANCE, keep_prices=True,
                   keep_reference=True, on=on)


def _bill(session: Session, ctx: Context, note: Document, *, cash: bool, on: date | None) -> Document:
    invoice = convert(session, ctx, "invoice", source_document_ids=[note.id], doc_date=on, cash=cash)
    _mark(session, ctx, invoice, CASH if cash else INSTANT)
    return post_document(session, ctx, invoice.id)


def _mark(session: Session, ctx: Context, document: Document, variant: str) -> None:
    before = snapshot(document)
    document.variant = variant
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "update", before, snapshot(document))
