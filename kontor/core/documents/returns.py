"""Taking goods back from customers (Warenrücknahme) and correcting posted invoices.

A return names articles and quantities a customer brings back. Per item the customer must
have bought the article (a delivery-note line of theirs: the one named, else the most recent
ones), may give back no more than was delivered less what came back before, and must be
within the article's warranty counted from the delivery date. `warranty_months` 0 means no
warranty period is set for the article: there is no time limit. The goods are credited at
the price, discount and tax of the delivered line, never at today's price.

One call makes, in the caller's transaction, a return delivery note (stock back in with
symbol RL, only for items with `restock`) and a credit note made from it (a cash credit
note when `credit="cash"`), posted at once. Where the goods were billed, the credit note
names that invoice (`corrects_id`); goods billed on several invoices are taken back in one
return per invoice.

An invoice correction converts lines of a posted invoice into a credit note (variant
"correction") that names the invoice, for no more than the invoice billed less what earlier
corrections and credited returns took.
"""

from __future__ import annotations

from calendar import monthrange
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.conversion import convert
from kontor.core.documents.currency import assign_rate
from kontor.core.documents.header import load_customer, take_over_customer
from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import Take
from kontor.core.documents.services import SALES, finish, get_document, label, lines_of, update_totals
from kontor.core.documents.lineage import taken
from kontor.core.documents.stock_sync import post_lines
from kontor.core.documents.totals import line_net
from kontor.core.events import after_commit
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

RETURNS = "returns"
BILLING = ("invoice", "final_invoice")
ZERO = Decimal("0")
# What a return line and its credit line take over from the delivered line.
_CARRIED = ("article_id", "temporary", "article_number", "description", "long_text", "article_type", "unit",
            "unit_price", "discount_percent", "tax_code_id", "tax_rate", "cost_price", "price_source")


class ReturnItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    returned_line_id: int | None = Field(default=None, description="the delivered line; empty: the most recent ones")
    restock: bool = Field(default=True, description="the goods go back into stock")


class ReturnLine(BaseModel):
    """A line of an order-like return request: the quantity is usually negative."""

    model_config = ConfigDict(extra="forbid")

    article_id: int
    quantity: Decimal = Field(max_digits=18, decimal_places=4, description="negative (or positive): the quantity back")
    returned_line_id: int | None = None
    restock: bool = True


class ReturnRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    lines: list[ReturnLine] = Field(min_length=1)
    cash: bool = Field(default=False, description="a cash credit note instead of a credit note")
    doc_date: date | None = None


@dataclass(frozen=True)
class ReturnResult:
    return_delivery_note: Document
    credit_note: Document


@dataclass
class _Share:  # the part of an item that comes back from one delivered line
    item: ReturnItem
    line: DocumentLine
    delivery: Document
    quantity: Decimal


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def warranty_end(delivered_on: date, months: int) -> date | None:
    """Last day goods delivered on a date may come back; None: no warranty period set."""
    return add_months(delivered_on, months) if months else None


# -- returns -------------------------------------------------------------------------------------


def take_back_request(session: Session, ctx: Context, request: ReturnRequest, *, on: date | None = None) -> ReturnResult:
    """The order-like form: lines with negative quantities become the items of a return."""
    items = []
    for index, line in enumerate(request.lines):
        if line.quantity == 0:
            raise Invalid.field(f"lines.{index}.quantity", "not_zero", "give the quantity taken back, e.g. -2")
        items.append(ReturnItem(article_id=line.article_id, quantity=abs(line.quantity),
                                returned_line_id=line.returned_line_id, restock=line.restock))
    return take_back(session, ctx, request.customer_id, items, on=on or request.doc_date or date.today(),
                     credit="cash" if request.cash else "credit_note", path="lines")


def take_back(session: Session, ctx: Context, customer_id: int, items: list[ReturnItem], *, on: date,
              credit: Literal["credit_note", "cash"] = "credit_note", path: str = "items") -> ReturnResult:
    """Check every item, then write the return delivery note and the posted credit note."""
    ctx.require(SALES, Level.POST)  # the credit note is posted at once
    ctx.require(RETURNS, Level.WRITE)
    if credit not in ("credit_note", "cash"):
        raise Invalid.field("credit", "one_of", "credit the goods by 'credit_note' or 'cash'")
    if not items:
        raise Invalid.field(path, "required", "name at least one article to take back")
    customer = load_customer(session, ctx, customer_id)
    shares = _allocate(session, ctx, customer, items, on, path)
    invoice = _invoice_of(session, shares, path)
    terms = {(s.delivery.currency_code, s.delivery.end_discount_percent) for s in shares}
    if len(terms) > 1:
        raise Invalid.field(path, "same_terms", "the goods were delivered in different currencies or with different "
                                                "end discounts; take them back in separate returns")

    note = _new_document(session, ctx, "return_delivery_note", customer, on, *terms.pop())
    note.number = next_number(session, ctx.tenant_id, "return_delivery_note")
    note.state, note.locked = "credited", True
    lines = [_return_line(ctx, note, share, position) for position, share in enumerate(shares, start=1)]
    session.add_all(lines)
    session.flush()
    post_lines(session, ctx, note, lines)
    finish(session, ctx, note, "convert", None)

    credit_note = _new_document(session, ctx, "credit_note", customer, on, note.currency_code,
                                note.end_discount_percent, cash=credit == "cash")
    credit_note.corrects_id = invoice.id if invoice else None
    session.add_all([_credit_line(ctx, credit_note, line) for line in lines])
    session.flush()
    finish(session, ctx, credit_note, "convert", None)
    post_document(session, ctx, credit_note.id)
    sources = {note.id: sorted({s.delivery.id for s in shares}), credit_note.id: [note.id]}
    for document in (note, credit_note):
        after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=document.id, kind=document.kind,
                     number=document.number)
        after_commit(session, ctx, ctx.hooks.kontor_document_converted, document_id=document.id, kind=document.kind,
                     source_document_ids=sources[document.id])
    return ReturnResult(note, credit_note)


def _allocate(session: Session, ctx: Context, customer: Customer, items: list[ReturnItem], on: date,
              path: str) -> list[_Share]:
    articles = {a.id: a for a in session.exec(select(Article).where(
        Article.tenant_id == ctx.tenant_id, Article.id.in_({item.article_id for item in items})))}
    pending: dict[int, Decimal] = defaultdict(lambda: ZERO)  # taken by earlier items of this return
    shares: list[_Share] = []
    for index, item in enumerate(items):
        at = f"{path}.{index}"
        article = articles.get(item.article_id)
        if article is None:
            raise Invalid.field(f"{at}.article_id", "exists", f"no article with id {item.article_id}")
        if item.quantity <= 0:
            raise Invalid.field(f"{at}.quantity", "positive", "take back a quantity above 0")
        named = f"{at}.returned_line_id" if item.returned_line_id is not None else f"{at}.article_id"
        candidates = _delivered(session, ctx, customer.id, article.id, item.returned_line_id, on)
        if not candidates:
            what = f"line {item.returned_line_id} is no delivery" if item.returned_line_id is not None else "nothing"
            raise Invalid.field(named, "bought_by_customer", (
                f"{what} of article {article.number} was delivered to customer {customer.number} "
                f"({customer.short_name}) up to {on:%d.%m.%Y}"))
        returned = _already_returned(session, [line.id for line, _ in candidates])
        left = {line.id: max(line.quantity - returned[line.id] - pending[line.id], ZERO) for line, _ in candidates}
        valid = [(line, doc) for line, doc in candidates
                 if (end := warranty_end(doc.doc_date, article.warranty_months)) is None or on <= end]
        wanted = item.quantity
        if sum((left[line.id] for line, _ in valid), ZERO) < wanted:
            _refuse_quantity(at, named, article, candidates, valid, returned, pending, left, wanted, on)
        for line, doc in valid:
            share = min(left[line.id], wanted)
            if share <= 0:
                continue
            shares.append(_Share(item, line, doc, share))
            pending[line.id] += share
            wanted -= share
            if wanted == 0:
                break
    return shares


def _refuse_quantity(at: str, named: str, article: Article, candidates, valid, returned, pending, left,
                     wanted: Decimal, on: date) -> None:
    delivered = sum((line.quantity for line, _ in candidates), ZERO)
    back = sum((returned[line.id] + pending[line.id] for line, _ in candidates), ZERO)
    notes = ", ".join(sorted({doc.number or str(doc.id) for _, doc in candidates}))
    if sum((left[line.id] for line, _ in candidates), ZERO) >= wanted:
        months = article.warranty_months
        expired = {doc.number or str(doc.id): end for _, doc in candidates
                   if (end := warranty_end(doc.doc_date, months)) < on}
        ended, notes = max(expired.values()), ", ".join(sorted(expired))
        within = sum((left[line.id] for line, _ in valid), ZERO)
        raise Invalid.field(named, "within_warranty", (
            f"article {article.number} has a warranty of {months} months, which ended on {ended:%d.%m.%Y} for "
            f"goods delivered with {notes}; only {_fmt(within)} delivered within the warranty can still come "
            f"back on {on:%d.%m.%Y}, {_fmt(wanted)} asked for"))
    raise Invalid.field(f"{at}.quantity", "not_above_delivered", (
        f"{_fmt(delivered)} of article {article.number} were delivered ({notes}) and {_fmt(back)} came back already; "
        f"at most {_fmt(max(delivered - back, ZERO))} can be taken back, {_fmt(wanted)} asked for"))


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _delivered(session: Session, ctx: Context, customer_id: int, article_id: int, line_id: int | None,
               on: date) -> list[tuple[DocumentLine, Document]]:
    """Delivery-note lines of the customer for the article up to the day, the most recent first."""
    statement = (
        select(DocumentLine, Document).join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.tenant_id == ctx.tenant_id, Document.kind == "delivery_note",
               Document.customer_id == customer_id, DocumentLine.article_id == article_id,
               DocumentLine.optional.is_(False), Document.doc_date <= on)
        .order_by(Document.doc_date.desc(), Document.id.desc(), DocumentLine.position.desc())
        .with_for_update(of=DocumentLine)  # two returns of the same goods at once: one waits
    )
    if line_id is not None:
        statement = statement.where(DocumentLine.id == line_id)
    return [(line, document) for line, document in session.exec(statement).all()]


def _already_returned(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    """Quantity of each delivered line on return delivery notes so far."""
    rows = session.exec(
        select(DocumentLine.returned_line_id, func.sum(DocumentLine.quantity))
        .join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.returned_line_id.in_(line_ids), Document.kind == "return_delivery_note")
        .group_by(DocumentLine.returned_line_id)
    ).all()
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    result.update({line_id: quantity for line_id, quantity in rows})
    return result


def _invoice_of(session: Session, shares: list[_Share], path: str) -> Document | None:
    """The posted invoice that billed the delivered lines (or their order lines), if any."""
    keys = {s.line.id for s in shares} | {s.line.order_line_id for s in shares if s.line.order_line_id}
    rows = session.exec(
        select(DocumentLine.source_line_id, Document).join(Document, Document.id == DocumentLine.document_id)
        .where(DocumentLine.source_line_id.in_(keys), Document.kind.in_(BILLING), Document.posted_at.is_not(None))
        .order_by(Document.doc_date, Document.id)
    ).all()
    by_source: dict[int, dict[int, Document]] = defaultdict(dict)
    for source_id, document in rows:
        by_source[source_id][document.id] = document
    invoices: dict[int, Document] = {}
    for share in shares:
        found = by_source.get(share.line.id) or by_source.get(share.line.order_line_id or 0) or {}
        invoices.update(found)
    if len(invoices) > 1:
        numbers = ", ".join(sorted(d.number or str(d.id) for d in invoices.values()))
        raise Invalid.field(path, "one_invoice", f"the goods were billed on several invoices ({numbers}); take "
                                                 "them back in one return per invoice, naming the delivered lines")
    return next(iter(invoices.values()), None)


def _new_document(session: Session, ctx: Context, kind: str, customer: Customer, on: date, currency: str,
                  end_discount: Decimal, *, cash: bool = False) -> Document:
    document = Document(tenant_id=ctx.tenant_id, kind=kind, doc_date=on, clerk=ctx.username, cash=cash,
                        state="draft" if kind == "credit_note" else "open", variant="return")
    take_over_customer(session, document, customer)
    document.currency_code, document.end_discount_percent = currency, end_discount
    assign_rate(session, ctx, document)  # the rate of the return's date
    session.add(document)
    session.flush()
    return document


def _return_line(ctx: Context, note: Document, share: _Share, position: int) -> DocumentLine:
    line = _carry(ctx, note, share.line, position, share.quantity)
    line.returned_line_id, line.restock = share.line.id, share.item.restock
    return line


def _credit_line(ctx: Context, credit_note: Document, returned: DocumentLine) -> DocumentLine:
    return _carry(ctx, credit_note, returned, returned.position, returned.quantity)


def _carry(ctx: Context, document: Document, source: DocumentLine, position: int, quantity: Decimal) -> DocumentLine:
    """A line made from `source`, naming it as its source line, at the source's price."""
    line = DocumentLine(tenant_id=ctx.tenant_id, document_id=document.id, position=position, quantity=quantity,
                        source_line_id=source.id, order_line_id=source.order_line_id)
    for key in _CARRIED:
        setattr(line, key, getattr(source, key))
    line.net_amount = line_net(quantity, line.unit_price, line.discount_percent)
    return line


# -- invoice corrections -------------------------------------------------------------------------


def correct_invoice(session: Session, ctx: Context, invoice_id: int, lines: list[Take] | None = None, *,
                    on: date | None = None) -> Document:
    """A posted credit note correcting a posted invoice: the lines given (all that is left when
    None). Direct costs are credited only when the correction takes everything that is left."""
    ctx.require(SALES, Level.POST)
    invoice = get_document(session, ctx, invoice_id, for_update=True)
    if invoice.kind not in BILLING:
        raise Conflict(f"{label(invoice)} is no invoice; only invoices are corrected by a credit note")
    if invoice.posted_at is None:
        raise Conflict(f"{label(invoice)} is a draft; change it instead of correcting it")
    billed = {line.id: line for line in lines_of(session, invoice.id) if not line.optional}
    left = left_to_correct(session, invoice, list(billed.values()))
    if lines is None:
        takes = [Take(source_line_id=i, quantity=q) for i, q in left.items() if q > 0]
        if not takes:
            raise Conflict(f"{label(invoice)} is corrected in full already")
    else:
        takes = _checked_takes(invoice, billed, left, lines)
    asked = defaultdict(lambda: ZERO)
    for take in takes:
        asked[take.source_line_id] += take.quantity
    everything = all(asked[i] == q for i, q in left.items() if q > 0)

    credit = convert(session, ctx, "credit_note", takes, [invoice.id], doc_date=on, cash=invoice.cash)
    before = snapshot(credit)
    if not everything:
        session.exec(delete(DocumentCharge).where(DocumentCharge.document_id == credit.id))
        session.flush()
        update_totals(session, credit)
    credit.corrects_id, credit.variant = invoice.id, "correction"
    credit.header_text = f"Invoice correction of invoice {invoice.number} of {invoice.doc_date:%d.%m.%Y}"
    session.add(credit)
    session.flush()
    record_change(session, ctx, "documents", credit.id, "correct", before, snapshot(credit))
    posted = post_document(session, ctx, credit.id)
    if everything:  # nothing of the invoice stands any more: it is cancelled (storniert)
        after_commit(session, ctx, ctx.hooks.kontor_document_cancelled, document_id=invoice.id, kind=invoice.kind,
                     number=invoice.number, by_document_id=posted.id)
    return posted


def _checked_takes(invoice: Document, billed: dict[int, DocumentLine], left: dict[int, Decimal],
                   lines: list[Take]) -> list[Take]:
    if not lines:
        raise Invalid.field("lines", "required", "name the invoice lines to correct, or none for all")
    asked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    takes = []
    for index, take in enumerate(lines):
        line = billed.get(take.source_line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.source_line_id", "of_invoice",
                                f"line {take.source_line_id} is not a line of {label(invoice)}")
        open_ = left[line.id] - asked[line.id]
        wanted = take.quantity if take.quantity is not None else open_
        if wanted <= 0 or wanted > open_:
            raise Invalid.field(f"lines.{index}.quantity", "not_above_billed", (
                f"line {line.position} of {label(invoice)} billed {_fmt(line.quantity)}, of which "
                f"{_fmt(max(open_, ZERO))} are left to correct; {_fmt(wanted)} asked for"))
        asked[line.id] += wanted
        takes.append(Take(source_line_id=line.id, quantity=wanted))
    return takes


def left_to_correct(session: Session, invoice: Document, lines: list[DocumentLine]) -> dict[int, Decimal]:
    """Per invoice line: billed less earlier corrections and less credited returns of its goods
    (credit notes of returns that name this invoice, matched through the returned line)."""
    corrected = taken(session, lines, {line.id: invoice.kind for line in lines}, "credit_note")
    returned = aliased(DocumentLine)
    rows = session.exec(
        select(returned.returned_line_id, returned.order_line_id, func.sum(DocumentLine.quantity))
        .join(returned, returned.id == DocumentLine.source_line_id)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(Document.kind == "credit_note", Document.corrects_id == invoice.id,
               returned.returned_line_id.is_not(None))
        .group_by(returned.returned_line_id, returned.order_line_id)
    ).all()
    sources = {line.source_line_id for line in lines}
    pool: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for returned_id, order_line_id, quantity in rows:
        pool[returned_id if returned_id in sources else order_line_id] += quantity
    left = {}
    for line in lines:
        rest = line.quantity - corrected[line.id]
        used = min(pool[line.source_line_id], rest) if line.source_line_id else ZERO
        pool[line.source_line_id] -= used
        left[line.id] = rest - used
    return left
