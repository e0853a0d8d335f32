"""Creating, changing, reading and listing documents.

Every function takes the caller's session and never commits. A document is saved with its
lines, totals (kontor.core.documents.totals), stock movements (for delivery notes and
returns) and an audit entry in one go; the `kontor_validate` hook sees it before commit.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.currency import UNSET, assign_rate, choose_currency, home_totals
from kontor.core.documents.groups import apply_groups, check_subtotal_input, fill_subtotal
from kontor.core.documents.header import apply_header, load_customer, refuse_blocked, take_over_customer
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.lineage import (
    check_not_below_followers, check_open_quantity, lines_of, predecessors, predecessors_of,
)
from kontor.core.documents.lines import LineContext, apply_price, build_line, follow_up_inputs
from kontor.core.documents.locking import RULE_TEXTS, lock_rule_of
from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.price_rules import refuse_negative_prices
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.status import refresh_states
from kontor.core.documents.stock_sync import post_lines, repost_lines
from kontor.core.documents.totals import compute_totals
from kontor.core.events import after_commit
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound, Problem

# Kinds a clerk creates directly; the others come from conversions.
DIRECT_KINDS = ("inquiry", "quote", "order", "delivery_note", "invoice", "credit_note", "work_report")
SALES = "sales"
STORED = Decimal("0.0001")


def get_document(session: Session, ctx: Context, document_id: int, *, for_update: bool = False) -> Document:
    ctx.require(SALES, Level.READ)
    statement = select(Document).where(Document.id == document_id, Document.tenant_id == ctx.tenant_id)
    if for_update:
        statement = statement.with_for_update()
    document = session.exec(statement).first()
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    return document


def charges_of(session: Session, document_id: int) -> list[DocumentCharge]:
    return list(session.exec(select(DocumentCharge).where(DocumentCharge.document_id == document_id)
                             .order_by(DocumentCharge.id)))


def label(document: Document) -> str:
    return f"{document.kind.replace('_', ' ')} {document.number or f'(draft {document.id})'}"


def refuse_change(document: Document) -> None:
    """Posted documents never change (GoBD), nor do archived (history) or locked ones (lock
    rules, kontor.core.documents.locking); done ones must be brought back first."""
    if kind_of(document.kind).side != "sales":
        raise Conflict(f"{label(document)} is a purchase document; change it through purchasing (/api/purchasing)")
    if document.posted_at is not None:
        raise Conflict(f"{label(document)} is posted and cannot change; correct it with a credit note")
    if document.archived_at is not None:
        raise Conflict(f"{label(document)} is in the history since {document.archived_at:%Y-%m-%d} "
                       "and never changes")
    if document.locked:
        session = object_session(document)
        rule = lock_rule_of(session, document) if session is not None else ""
        reason = f" by the lock rule '{rule}' ({RULE_TEXTS[rule]})" if rule else ""
        raise Conflict(f"{label(document)} is locked{reason} and cannot change")
    if document.done:
        raise Conflict(f"{label(document)} is done; bring it back to the working list first")


# -- create --------------------------------------------------------------------------------------


def create_document(session: Session, ctx: Context, data: DocumentCreate) -> Document:
    ctx.require(SALES, Level.WRITE)
    kind = kind_of(data.kind)
    if kind.name not in DIRECT_KINDS:
        raise Invalid.field("kind", "direct", f"a {kind.title} is made from an order, not entered directly")
    refuse_negative_prices(ctx, data.lines)
    customer = load_customer(session, ctx, data.customer_id)
    refuse_blocked(customer, kind.name)
    document = Document(tenant_id=ctx.tenant_id, kind=kind.name, doc_date=data.doc_date or date.today(),
                        clerk=ctx.username, cash=data.cash, state=initial_state(kind.name))
    take_over_customer(session, document, customer)
    choose_currency(session, ctx, document, customer, data.currency_code)
    if kind.numbered == "create":
        document.number = next_number(session, ctx.tenant_id, kind.number_range)
    session.add(document)
    session.flush()
    apply_header(session, ctx, document, data, data.model_fields_set)
    assign_rate(session, ctx, document, requested_rate(data))
    lc = LineContext.load(session, ctx, document, customer)
    lines = add_lines(lc, data.lines, start=1)
    replace_charges(session, ctx, lc, document, data.charges)
    post_lines(session, ctx, document, lines)
    finish(session, ctx, document, "create", None)
    after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=document.id, kind=document.kind,
                 number=document.number)
    return document


def requested_rate(data: DocumentCreate | DocumentUpdate):
    """The rate the clerk set (a Decimal, or None for the rate of the date), or UNSET."""
    return data.exchange_rate if "exchange_rate" in data.model_fields_set else UNSET


def initial_state(kind: str) -> str:
    return "draft" if kind_of(kind).postable else "open"


def add_lines(lc: LineContext, inputs: list[LineInput], start: int, path: str = "lines") -> list[DocumentLine]:
    """New lines at positions start, start+1, ...; each article's follow-ups right after it."""
    lines, position = [], start
    lc.prefetch({data.article_id for data in inputs})
    for index, data in enumerate(inputs):
        if data.id is not None:
            raise Invalid.field(f"{path}.{index}.id", "new_line", "a new document has no lines to change yet")
        for item in [data, *follow_up_inputs(lc, data)]:
            line = build_line(lc, item, position, f"{path}.{index}")
            lc.session.add(line)
            lines.append(line)
            position += 1
    lc.session.flush()
    return lines


def replace_charges(session: Session, ctx: Context, lc: LineContext, document: Document,
                    charges: list[ChargeInput]) -> None:
    session.exec(delete(DocumentCharge).where(DocumentCharge.document_id == document.id))
    for index, data in enumerate(charges):
        tax = lc.tax_code(data.tax_code_id, None, f"charges.{index}.tax_code_id")
        session.add(DocumentCharge(tenant_id=ctx.tenant_id, document_id=document.id, kind=data.kind,
                                   text=data.text, amount=data.amount, tax_code_id=tax.id, tax_rate=tax.rate))
    session.flush()


def finish(session: Session, ctx: Context, document: Document, action: str, before: dict | None) -> None:
    """Totals, the validation hook and the audit entry of a saved document."""
    apply_groups(session, document, before.get("lines") if before else None)
    update_totals(session, document)
    problems: list[Problem] = []
    for answer in ctx.hooks.kontor_validate(ctx=ctx, session=session, subject="documents", action=action,
                                            record=document, before=before):
        problems += answer or []
    if problems:
        raise Invalid(problems)
    after = snapshot(document)
    after["lines"] = [snapshot(line) for line in lines_of(session, document.id)]
    record_change(session, ctx, "documents", document.id, action, before, after)


def update_totals(session: Session, document: Document) -> None:
    lines = lines_of(session, document.id)
    charges = charges_of(session, document.id)
    totals = compute_totals(
        ((line.net_amount, line.tax_rate, line.optional) for line in lines),
        ((charge.amount, charge.tax_rate) for charge in charges),
        document.end_discount_percent,
    )
    # Stored with the columns' four places, so a fresh answer reads like a stored one.
    document.lines_net = totals.lines_net.quantize(STORED)
    document.end_discount_amount = totals.end_discount.quantize(STORED)
    document.charges_net = totals.charges_net.quantize(STORED)
    document.net_total = totals.net.quantize(STORED)
    document.tax_total = totals.tax.quantize(STORED)
    document.gross_total = totals.gross.quantize(STORED)
    home = home_totals(totals.rows, document.exchange_rate)
    document.home_net_total, document.home_tax_total, document.home_gross_total = (v.quantize(STORED) for v in home)
    session.add(document)
    session.flush()


# -- update --------------------------------------------------------------------------------------


def update_document(session: Session, ctx: Context, document_id: int, data: DocumentUpdate) -> Document:
    ctx.require(SALES, Level.WRITE)
    document = get_document(session, ctx, document_id, for_update=True)
    refuse_change(document)
    before = snapshot(document)
    before["lines"] = [snapshot(line) for line in lines_of(session, document.id)]
    if data.lines is not None:
        refuse_negative_prices(ctx, data.lines, before["lines"])
    customer = load_customer(session, ctx, document.customer_id)
    apply_header(session, ctx, document, data, data.model_fields_set)
    assign_rate(session, ctx, document, requested_rate(data))
    lc = LineContext.load(session, ctx, document, customer)
    if data.lines is not None:
        sync_lines(session, ctx, lc, document, data.lines)
    elif "doc_date" in data.model_fields_set:
        repost_lines(session, ctx, document, lines_of(session, document.id))
    if data.charges is not None:
        replace_charges(session, ctx, lc, document, data.charges)
    finish(session, ctx, document, "update", before)
    refresh_states(session, ctx, {document.id} | predecessors(session, before["lines"])
                   | predecessors_of(session, document.id))
    return document


def sync_lines(session: Session, ctx: Context, lc: LineContext, document: Document, inputs: list[LineInput]) -> None:
    """Make the lines equal the list: lines with an id change, others are added, missing ones go.
    A line taken over from a predecessor keeps its source and may not exceed what is open."""
    existing = {line.id: line for line in lines_of(session, document.id)}
    given = {data.id for data in inputs if data.id is not None}
    unknown = given - set(existing)
    if unknown:
        index = next(i for i, d in enumerate(inputs) if d.id in unknown)
        raise Invalid.field(f"lines.{index}.id", "exists", f"line {inputs[index].id} is not a line of this document")
    removed = [line_id for line_id in existing if line_id not in given]
    changed: list[DocumentLine] = []
    for line_id in removed:
        if session.exec(select(DocumentLine.id).where(DocumentLine.source_line_id == line_id)).first():
            raise Conflict(f"line {existing[line_id].position} of {label(document)} was taken over into a "
                           "following document and cannot be removed")
    position = 1
    for index, data in enumerate(inputs):
        path = f"lines.{index}"
        if data.id is None:
            new = add_lines(lc, [data], start=position, path="lines")
            for offset, line in enumerate(new):
                line.position = position + offset
            changed += new
            position += len(new)
            continue
        line = existing[data.id]
        if data.line_kind != line.line_kind:
            raise Invalid.field(f"{path}.line_kind", "fixed", "a line cannot change between item and subtotal; "
                                "remove it and add a new one")
        if line.line_kind == "subtotal":
            check_subtotal_input(data, path)
            fill_subtotal(line, data)
            line.position = position
            session.add(line)
            position += 1
            continue
        article = lc.article(line.article_id, f"{path}.article_id") if line.article_id else None
        if data.article_id is not None and data.article_id != line.article_id:
            raise Invalid.field(f"{path}.article_id", "fixed", "the article of a line cannot change; remove the line and add a new one")
        moved = data.quantity != line.quantity
        line.quantity = data.quantity
        line.position = position
        line.description = data.description or line.description
        line.long_text = data.long_text or line.long_text
        line.unit = data.unit or line.unit
        line.optional = data.optional
        # A taken-over line keeps the price of its source, a manual price stays manual; what
        # the clerk left empty keeps its value (only a hook price is found anew).
        keep = line.source_line_id is not None or line.price_source == "manual"
        kept = {}
        if data.unit_price is None and keep:
            kept["unit_price"] = line.unit_price
        if data.discount_percent is None and (keep or data.unit_price is not None):
            kept["discount_percent"] = line.discount_percent
        if data.tax_code_id is None:
            kept["tax_code_id"] = line.tax_code_id
        source_tag = line.price_source
        shown_discount = line.discount_percent  # sent back unchanged: the group's share stays a group share
        apply_price(lc, line, article, data.model_copy(update=kept) if kept else data, path)
        if "unit_price" in kept:
            line.price_source = source_tag
        if "discount_percent" not in kept and data.discount_percent != shown_discount:
            line.own_discount_percent = None  # a discount found anew is the line's own (groups apply on top)
        if moved:
            # A work report records what was really used: more than delivered is its point.
            if line.source_line_id is not None and document.kind != "work_report":
                check_open_quantity(session, line, document.kind, path)
            check_not_below_followers(session, line, document.kind, path)
        session.add(line)
        changed.append(line)
        position += 1
    session.flush()
    repost_lines(session, ctx, document, changed, removed_ids=removed)
    for line_id in removed:
        session.delete(existing[line_id])
    session.flush()


# -- delete, done --------------------------------------------------------------------------------


def delete_document(session: Session, ctx: Context, document_id: int) -> None:
    ctx.require(SALES, Level.WRITE)
    document = get_document(session, ctx, document_id, for_update=True)
    refuse_change(document)
    if kind_of(document.kind).numbered == "create" and document.kind not in ("inquiry", "quote"):
        raise Conflict(f"{label(document)} has a number and stays; set it done or cancel it with a counter document")
    lines = lines_of(session, document.id)
    followers = session.exec(select(func.count()).select_from(DocumentLine).where(
        DocumentLine.source_line_id.in_([line.id for line in lines] or [0]))).one()
    if followers:
        raise Conflict(f"{label(document)} was taken over into following documents and cannot be deleted")
    before = snapshot(document)
    sources = predecessors_of(session, document.id)
    repost_lines(session, ctx, document, [], removed_ids=[line.id for line in lines])
    session.exec(delete(DocumentCharge).where(DocumentCharge.document_id == document.id))
    session.exec(delete(DocumentLine).where(DocumentLine.document_id == document.id))
    session.delete(document)
    session.flush()
    record_change(session, ctx, "documents", document_id, "delete", before, None)
    refresh_states(session, ctx, sources)


def set_done(session: Session, ctx: Context, document_id: int, done: bool) -> Document:
    """Take a document off the working list (done) or bring it back."""
    ctx.require(SALES, Level.WRITE)
    document = get_document(session, ctx, document_id, for_update=True)
    if document.archived_at is not None:
        raise Conflict(f"{label(document)} is in the history and never changes")
    if document.done == done:
        return document
    before = {"done": document.done}
    document.done = done
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "done" if done else "undone", before, {"done": done})
    return document


# -- reading -------------------------------------------------------------------------------------


def read_document(session: Session, ctx: Context, document_id: int) -> dict[str, Any]:
    document = get_document(session, ctx, document_id)
    return document_dict(session, document)


def document_dict(session: Session, document: Document) -> dict[str, Any]:
    values = {column.key: getattr(document, column.key) for column in document.__table__.columns}
    lines = lines_of(session, document.id)
    charges = charges_of(session, document.id)
    values["lines"] = [{**{c.key: getattr(line, c.key) for c in line.__table__.columns},
                        "added": line.source_line_id is None} for line in lines]
    values["charges"] = charges
    totals = compute_totals(((l.net_amount, l.tax_rate, l.optional) for l in lines),
                            ((c.amount, c.tax_rate) for c in charges), document.end_discount_percent)
    values["taxes"] = [asdict(row) for row in totals.rows]
    return values


def list_documents(session: Session, ctx: Context, *, kind: str | None = None, customer_id: int | None = None,
                   state: str | None = None, q: str | None = None, include_done: bool = False,
                   history: bool = False, limit: int = 50, offset: int = 0) -> tuple[list[Document], int]:
    """The working list: documents not done (unless asked), newest first; with `history`, the
    history instead: only archived documents, done or not."""
    ctx.require(SALES, Level.READ)
    conditions = [Document.tenant_id == ctx.tenant_id]
    if kind:
        conditions.append(Document.kind == kind_of(kind).name)
    if customer_id is not None:
        conditions.append(Document.customer_id == customer_id)
    if state:
        conditions.append(Document.state == state)
    if history:
        conditions.append(Document.archived_at.is_not(None))
    else:
        conditions.append(Document.archived_at.is_(None))
        if not include_done:
            conditions.append(Document.done.is_(False))
    if q:
        needle = f"%{q.strip().lower()}%"
        conditions.append(or_(func.lower(Document.number).like(needle), func.lower(Document.bill_name1).like(needle),
                              func.lower(Document.customer_order_number).like(needle)))
    total = session.exec(select(func.count()).select_from(Document).where(*conditions)).one()
    rows = session.exec(select(Document).where(*conditions).order_by(Document.doc_date.desc(), Document.id.desc())
                        .offset(offset).limit(limit)).all()
    return list(rows), total
