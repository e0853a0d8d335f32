"""Copying a document as a template: a new inquiry, quote, order or invoice for the same or
another customer, with the lines of the source as new lines.

A copy is not a conversion: its lines have no source line and take nothing of what the
source has open. Prices are found anew through the pricing hook for the copy's customer,
except where a clerk typed them (`price_source` "manual"; temporary articles always). For
the same customer the tax codes, texts, end discount and agreements come along; for
another customer these follow the new customer as for any new document (a temporary
article keeps its tax code).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.kinds import KINDS
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput
from kontor.core.documents.services import charges_of, create_document, get_document, label, lines_of
from kontor.errors import Conflict, Invalid

TEMPLATE_KINDS = ("inquiry", "quote", "order", "invoice")
TEMPLATE_COPY = "template copy"
# Header fields a copy for the same customer takes over.
_SAME_CUSTOMER_FIELDS = ("header_text", "footer_text", "set_text", "agreements", "end_discount_percent")


def copy_document(session: Session, ctx: Context, document_id: int, *, kind: str | None = None,
                  customer_id: int | None = None, on: date | None = None) -> Document:
    """A new document of `kind` (default: the source's) for `customer_id` (default: the
    source's customer) with the source's lines copied as new lines."""
    source = get_document(session, ctx, document_id)
    target = kind or source.kind
    if target not in TEMPLATE_KINDS:
        known = "unknown" if target not in KINDS else "not made by copying"
        raise Invalid.field("kind", "one_of", f"a copy is one of {', '.join(TEMPLATE_KINDS)}; '{target}' is {known}")
    return copy_as(session, ctx, source, target, customer_id or source.customer_id, variant=TEMPLATE_COPY, on=on)


def copy_as(session: Session, ctx: Context, source: Document, kind: str, customer_id: int, *, variant: str,
            keep_prices: bool = False, keep_reference: bool = False, on: date | None = None) -> Document:
    """The copy itself; `keep_prices` keeps every price of the source (a recurring charge),
    `keep_reference` the customer's order number."""
    same_customer = customer_id == source.customer_id
    lines = [line_input(line, keep_price=keep_prices, keep_tax=same_customer)
             for line in lines_of(session, source.id)]
    if not lines:
        raise Conflict(f"{label(source)} has no lines to copy")
    header: dict = {"doc_date": on} if on else {}
    if same_customer:
        header.update({name: getattr(source, name) for name in _SAME_CUSTOMER_FIELDS})
        if keep_reference:
            header["customer_order_number"] = source.customer_order_number
    charges = [ChargeInput(kind=c.kind, text=c.text, amount=c.amount, tax_code_id=c.tax_code_id if same_customer else None)
               for c in charges_of(session, source.id)]
    document = create_document(session, ctx, DocumentCreate(kind=kind, customer_id=customer_id, lines=lines,
                                                             charges=charges, **header))
    before = snapshot(document)
    document.variant = variant
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "copy", before,
                  {**snapshot(document), "copied_from": source.id})
    return document


def line_input(line: DocumentLine, *, keep_price: bool, keep_tax: bool) -> LineInput:
    """A new line like the given one; price and tax left to the rules unless kept."""
    temporary = line.article_id is None
    price = keep_price or temporary or line.price_source == "manual"
    return LineInput(
        article_id=line.article_id,
        article_number=line.article_number if temporary else "",
        description=line.description,
        long_text=line.long_text,
        article_type=line.article_type if temporary else None,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price if price else None,
        discount_percent=line.discount_percent if price else None,
        tax_code_id=line.tax_code_id if keep_tax or temporary else None,
        cost_price=line.cost_price if temporary else None,
        optional=line.optional,
        with_follow_ups=False,  # the follow-ups are lines of the source already
    )
