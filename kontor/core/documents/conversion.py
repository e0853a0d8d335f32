"""Conversions: one service call makes a document from lines of other documents.

Quote to order, order to picking slip or delivery note (partly, several orders into one),
picking slip to delivery note, orders and delivery notes to invoices, invoices to credit
notes. Each makes the new lines with the builder of the target kind
(kontor.core.documents.builders: the fields a line carries forward are named there), checks
that no line takes more than is still open (kontor.core.documents.lineage), and refreshes the
state of the documents it took from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.builders import sales_line_for
from kontor.core.documents.currency import assign_rate
from kontor.core.documents.header import load_customer, refuse_blocked
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.lineage import FAMILIES, kinds_of_lines, lines_of, order_documents, taken
from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.schemas import Take
from kontor.core.documents.services import SALES, finish, label, update_totals
from kontor.core.documents.status import refresh_states
from kontor.core.documents.stock_sync import post_lines
from kontor.core.events import after_commit
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

# Header fields a new document takes over from the first document it is made from.
_NOT_COPIED = {"id", "kind", "number", "state", "done", "posted_at", "corrects_id", "created_at", "updated_at",
               "doc_date", "clerk", "lines_net", "end_discount_amount", "charges_net", "net_total", "tax_total",
               "gross_total", "home_net_total", "home_tax_total", "home_gross_total", "cash", "batch_key", "variant", "order_id", "locked", "archived_at"}


@dataclass(frozen=True)
class Taking:
    line: DocumentLine
    quantity: Decimal
    source_kind: str


def convert(session: Session, ctx: Context, target: str, takes: list[Take] | None = None,
            source_document_ids: list[int] = (), *, doc_date: date | None = None, cash: bool = False) -> Document:
    """Make a document of kind `target` from the given lines (or every open line of the given
    documents); refuses more than is open, foreign or locked sources, and blocked customers."""
    ctx.require(SALES, Level.WRITE)
    kind = kind_of(target)
    if kind.side != "sales":
        raise Invalid.field("target", "sales_kind", f"a {kind.title} is made through purchasing (/api/purchasing)")
    sources, takings = _collect(session, ctx, kind.name, takes, list(source_document_ids))
    first = sources[min(sources)] if not takes else sources[takings[0].line.document_id]
    customer = load_customer(session, ctx, first.customer_id)
    refuse_blocked(customer, kind.name)

    document = Document(tenant_id=ctx.tenant_id, kind=kind.name, doc_date=doc_date or date.today(),
                        clerk=ctx.username, cash=cash, state="draft" if kind.postable else "open")
    for column in Document.__table__.columns:
        if column.key not in _NOT_COPIED:
            setattr(document, column.key, getattr(first, column.key))
    if kind.name == "credit_note" and first.kind == "invoice":
        document.corrects_id = first.id
    assign_rate(session, ctx, document)
    if kind.numbered == "create":
        document.number = next_number(session, ctx.tenant_id, kind.number_range)
    session.add(document)
    session.flush()

    lines = _build_lines(session, ctx, document, takings)
    session.add_all(lines)
    _take_charges(session, ctx, document, sorted(sources))
    session.flush()
    post_lines(session, ctx, document, lines)
    update_totals(session, document)
    finish(session, ctx, document, "convert", None)
    touched = set(sources) | order_documents(session, lines)
    refresh_states(session, ctx, touched)
    after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=document.id, kind=document.kind,
                 number=document.number)
    after_commit(session, ctx, ctx.hooks.kontor_document_converted, document_id=document.id, kind=document.kind,
                 source_document_ids=sorted(sources))
    return document


def _collect(session: Session, ctx: Context, target: str, takes: list[Take] | None,
             document_ids: list[int]) -> tuple[dict[int, Document], list[Taking]]:
    if takes:
        ids = [t.source_line_id for t in takes]
        found = {line.id: line for line in session.exec(
            select(DocumentLine).where(DocumentLine.tenant_id == ctx.tenant_id, DocumentLine.id.in_(ids)))}
        for index, take in enumerate(takes):
            if take.source_line_id not in found:
                raise Invalid.field(f"lines.{index}.source_line_id", "exists", f"no line with id {take.source_line_id}")
        lines = [found[t.source_line_id] for t in takes]
    elif document_ids:
        lines = []
        for document_id in document_ids:
            document = session.get(Document, document_id)
            if document is None or document.tenant_id != ctx.tenant_id:
                raise Invalid.field("source_document_ids", "exists", f"no document with id {document_id}")
            lines += [line for line in lines_of(session, document_id) if not line.optional]
    else:
        raise Invalid.field("lines", "required", "name the lines or the documents to take over")

    sources = {d.id: d for d in session.exec(select(Document).where(Document.id.in_({l.document_id for l in lines})))}
    _check_sources(sources, target)
    kinds = kinds_of_lines(session, lines)
    already = taken(session, lines, kinds, target)
    takings = []
    for index, line in enumerate(lines):
        if line.optional and kind_of(target).name not in ("quote", "order", "inquiry"):
            raise Invalid.field(f"lines.{index}.source_line_id", "not_optional",
                                f"line {line.position} of {label(sources[line.document_id])} is an optional line; "
                                "make it a regular line before it is delivered or invoiced")
        open_quantity = line.quantity - already[line.id]
        wanted = takes[index].quantity if takes else None
        if wanted is None:
            if open_quantity > 0:
                takings.append(Taking(line, open_quantity, kinds[line.id]))
            elif takes:
                raise Invalid.field(f"lines.{index}.quantity", "open", f"line {line.position} of "
                                    f"{label(sources[line.document_id])} has nothing open")
            continue
        if wanted > open_quantity:
            raise Invalid.field(f"lines.{index}.quantity", "not_above_open",
                                f"line {line.position} of {label(sources[line.document_id])} has only "
                                f"{max(open_quantity, 0).normalize():f} open, {wanted.normalize():f} asked for")
        takings.append(Taking(line, wanted, kinds[line.id]))
    if not takings:
        raise Conflict("nothing is open to take over")
    return sources, takings


def _check_sources(sources: dict[int, Document], target: str) -> None:
    kind = kind_of(target)
    customers = {d.customer_id for d in sources.values()}
    if len(customers) > 1:
        raise Conflict("the lines belong to documents of different customers; one document serves one customer")
    for document in sources.values():
        if document.kind not in kind.sources:
            raise Conflict(f"a {kind.title} cannot be made from {label(document)}")
        if document.done:
            raise Conflict(f"{label(document)} is done; bring it back to the working list first")
        if kind_of(document.kind).postable and document.posted_at is None:
            raise Conflict(f"{label(document)} is not posted yet")
        if kind.postable and document.kind == target and kind.name == "invoice":
            raise Conflict(f"an invoice is not made from another invoice ({label(document)}); copy it instead")


def _build_lines(session: Session, ctx: Context, document: Document, takings: list[Taking]) -> list[DocumentLine]:
    """The new document's lines, each from the builder of its kind; a line a plugin found
    nothing invoiceable of (quantity 0) stays out and stays open."""
    lines = []
    for taking in takings:
        line = sales_line_for(ctx, session, document.kind, taking.line, taking.source_kind, taking.quantity)
        if line.quantity == 0:
            continue
        line.document_id = document.id
        line.position = len(lines) + 1
        lines.append(line)
    if not lines:
        raise Conflict("nothing is open to take over")
    return lines


def _take_charges(session: Session, ctx: Context, document: Document, source_ids: list[int]) -> None:
    """Direct costs travel with the documents, each only once into a kind: the freight of an
    order goes to its first delivery note and its first invoice, never to a second one."""
    family = FAMILIES[document.kind]
    charges = session.exec(select(DocumentCharge).where(DocumentCharge.document_id.in_(source_ids))
                           .order_by(DocumentCharge.id)).all()
    for charge in charges:
        origin = charge.origin_charge_id or charge.id
        already = session.exec(
            select(DocumentCharge.id).join(Document, Document.id == DocumentCharge.document_id)
            .where(DocumentCharge.origin_charge_id == origin, Document.kind.in_(family))
        ).first()
        if already is None:
            session.add(DocumentCharge(tenant_id=ctx.tenant_id, document_id=document.id, kind=charge.kind,
                                       text=charge.text, amount=charge.amount, tax_code_id=charge.tax_code_id,
                                       tax_rate=charge.tax_rate, origin_charge_id=origin))
