"""Lists over open items and invoices: filtered by state, customer and due date.

Each list is one SQL statement with its filters, sorted and paged in the database, so it
stays quick over hundreds of thousands of items. The invoice list shows where each invoice
stands: `open` (a draft, not posted yet), `posted` (nothing paid), `partly_paid`, `paid`;
the state of a posted one is its open item's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, case, func, literal
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.finance.models import OPEN_ITEM_STATES, OpenItem
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.errors import Invalid

INVOICE_STATES = ("open", "posted", "partly_paid", "paid")
BILLING_KINDS = ("invoice", "partial_invoice", "final_invoice", "credit_note")


@dataclass(frozen=True)
class ItemFilter:
    customer_id: int | None = None
    states: tuple[str, ...] = ("open", "partly_paid")
    due_from: date | None = None
    due_to: date | None = None
    overdue_on: date | None = None  # only items due before this day
    kind: str | None = None


@dataclass(frozen=True)
class ItemRow:
    id: int
    document_id: int
    customer_id: int | None
    customer_number: str | None
    customer_name: str | None
    kind: str
    number: str
    doc_date: date
    due_date: date
    amount: Decimal
    open_amount: Decimal
    state: str
    cash_discount1_date: date | None
    cash_discount1_percent: Decimal
    cash_discount2_date: date | None
    cash_discount2_percent: Decimal
    dunning_level: int
    currency_code: str = "EUR"
    exchange_rate: Decimal = Decimal(1)
    home_amount: Decimal = Decimal(0)  # amount and what is open, in home currency (book value)
    home_open_amount: Decimal = Decimal(0)


def parse_states(text: str | None, allowed: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    """'open,partly_paid' -> ('open', 'partly_paid'); unknown states are refused."""
    if not text:
        return default
    states = tuple(s.strip() for s in text.split(",") if s.strip())
    refuse_unknown_states(states, allowed)
    return states


def refuse_unknown_states(states: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = [s for s in states if s not in allowed]
    if unknown:
        raise Invalid.field("state", "one_of", f"unknown state {', '.join(unknown)}; use {', '.join(allowed)}")


def _selected_items(statement, ctx: Context, selection: ItemFilter):
    statement = statement.where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.state.in_(selection.states))
    if selection.customer_id is not None:
        statement = statement.where(OpenItem.customer_id == selection.customer_id)
    if selection.due_from is not None:
        statement = statement.where(OpenItem.due_date >= selection.due_from)
    if selection.due_to is not None:
        statement = statement.where(OpenItem.due_date <= selection.due_to)
    if selection.overdue_on is not None:
        statement = statement.where(OpenItem.due_date < selection.overdue_on)
    if selection.kind is not None:
        statement = statement.where(OpenItem.kind == selection.kind)
    return statement


def list_open_items(session: Session, ctx: Context, selection: ItemFilter, limit: int = 100,
                    offset: int = 0) -> list[ItemRow]:
    ctx.require("finance", Level.READ)
    refuse_unknown_states(selection.states, OPEN_ITEM_STATES)
    statement = _selected_items(
        select(OpenItem.id, OpenItem.document_id, OpenItem.customer_id, Customer.number, Customer.name1, OpenItem.kind,
               OpenItem.number, OpenItem.doc_date, OpenItem.due_date, OpenItem.amount, OpenItem.open_amount,
               OpenItem.state, OpenItem.cash_discount1_date, OpenItem.cash_discount1_percent,
               OpenItem.cash_discount2_date, OpenItem.cash_discount2_percent, OpenItem.dunning_level,
               OpenItem.currency_code, OpenItem.exchange_rate, OpenItem.home_amount, OpenItem.home_open_amount)
        .outerjoin(Customer, Customer.id == OpenItem.customer_id), ctx, selection)
    statement = statement.order_by(OpenItem.due_date, OpenItem.id).limit(limit).offset(offset)
    return [ItemRow(*row) for row in session.execute(statement)]


def count_open_items(session: Session, ctx: Context, selection: ItemFilter) -> int:
    """How many items the selection holds (the `total` of a page of list_open_items)."""
    ctx.require("finance", Level.READ)
    refuse_unknown_states(selection.states, OPEN_ITEM_STATES)
    return session.execute(_selected_items(select(func.count(OpenItem.id)), ctx, selection)).scalar_one()


@dataclass(frozen=True)
class InvoiceRow:
    document_id: int
    kind: str
    number: str | None
    doc_date: date
    customer_id: int | None
    customer_name: str
    gross_total: Decimal
    open_amount: Decimal | None  # signed like the item; none on a draft
    due_date: date | None
    state: str


def _invoice_state():
    return case((Document.posted_at.is_(None), literal("open")),
                (OpenItem.state == "paid", literal("paid")),
                (OpenItem.state == "partly_paid", literal("partly_paid")),
                else_=literal("posted"))


def list_invoices(session: Session, ctx: Context, states: tuple[str, ...] = INVOICE_STATES,
                  customer_id: int | None = None, since: date | None = None, until: date | None = None,
                  due_from: date | None = None, due_to: date | None = None, limit: int = 100,
                  offset: int = 0) -> tuple[list[InvoiceRow], dict[str, int]]:
    """Invoices and credit notes by payment state, newest first, and how many there are of
    each state under the same filters (what the filter buttons show)."""
    ctx.require("sales", Level.READ)
    state = _invoice_state().label("state")
    base = (
        select(Document.id, Document.kind, Document.number, Document.doc_date, Document.customer_id,
               Document.bill_name1, Document.gross_total,
               OpenItem.open_amount, OpenItem.due_date, state)
        .outerjoin(OpenItem, and_(OpenItem.document_id == Document.id, OpenItem.tenant_id == Document.tenant_id))
        .where(Document.tenant_id == ctx.tenant_id, Document.kind.in_(BILLING_KINDS))
    )
    if customer_id is not None:
        base = base.where(Document.customer_id == customer_id)
    if since is not None:
        base = base.where(Document.doc_date >= since)
    if until is not None:
        base = base.where(Document.doc_date <= until)
    if due_from is not None:
        base = base.where(OpenItem.due_date >= due_from)
    if due_to is not None:
        base = base.where(OpenItem.due_date <= due_to)
    listed = base.subquery()
    counts = dict(session.execute(select(listed.c.state, func.count()).group_by(listed.c.state)).all())
    rows = session.execute(select(listed).where(listed.c.state.in_(states))
                           .order_by(listed.c.doc_date.desc(), listed.c.id.desc()).limit(limit).offset(offset))
    return ([InvoiceRow(*row) for row in rows], {s: counts.get(s, 0) for s in INVOICE_STATES})
