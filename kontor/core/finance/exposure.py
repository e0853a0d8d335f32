"""A customer's exposure kept beside its sources, so the credit check is a lookup.

The three parts of the credit risk (kontor.core.finance.risk) live in one row per customer
(`CustomerExposure`), and each open document's share of them in a row of its own
(`DocumentExposure`). A unit of work that changes documents, lines, open items or payments
marks what it touched (kontor.core.finance.exposure_tracking does that from the session's
flushes); `settle` then works out the share of every touched document anew from its lines,
writes the difference into the customer's row and returns it. That happens when the credit
check asks (the difference is what the document adds) and, for everything else, just before
the transaction commits, so the rows always change in the transaction of their sources.

A document's share, in home currency (at the document's exchange rate), each rounded half up
to the cent on its own:

- delivery note (not invoiced, not in the history): its item lines not yet taken into an
  invoice, remaining quantity / quantity x line net, less the end discount, plus the line's VAT;
- invoice or final invoice not yet posted: its gross total (its delivery notes count as
  invoiced already; once posted it is an open item);
- order (not done, delivered or invoiced, not in the history): its item lines neither
  delivered nor invoiced, valued like the delivery note's, less the down-payment invoices
  posted for it, never below zero.

The open-item part is worked out per touched customer from kontor's own open items and the
customer's unallocated payments (kontor.core.finance.open_items.open_balance).

Concurrency: `settle` locks the customer rows first (in customer order) and only then reads
the documents, so on PostgreSQL a second transaction of the same customer waits for the first
and then sees its lines and its stored shares: two clerks can never both pass the limit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.exposure_models import CustomerExposure, DocumentExposure
from kontor.core.masterdata.parties.models import Customer
from kontor.db.base import utcnow

ZERO = Decimal("0")
CENT = Decimal("0.01")
INVOICE_KINDS = ("invoice", "final_invoice")
EXPOSED_KINDS = ("order", "delivery_note", *INVOICE_KINDS)
# Kinds whose change moves another document's share: a posted down payment lowers its order's.
ORDER_BILLING_KINDS = ("partial_invoice", "final_invoice")
CHUNK = 500

DOCUMENTS_KEY = "kontor.exposure.documents"
LINES_KEY = "kontor.exposure.lines"
CUSTOMERS_KEY = "kontor.exposure.customers"


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Parts:
    """The three parts of a customer's exposure (or a change of them)."""

    open_items: Decimal = ZERO
    uninvoiced: Decimal = ZERO
    open_orders: Decimal = ZERO

    def __add__(self, other: "Parts") -> "Parts":
        return Parts(self.open_items + other.open_items, self.uninvoiced + other.uninvoiced,
                     self.open_orders + other.open_orders)


@dataclass(frozen=True)
class Share:
    tenant_id: int
    customer_id: int
    uninvoiced: Decimal = ZERO
    open_orders: Decimal = ZERO


# -- marking what a unit of work touched ---------------------------------------------------------


def touch_documents(session: Session, ids: Iterable[int | None]) -> None:
    session.info.setdefault(DOCUMENTS_KEY, set()).update(i for i in ids if i)


def touch_lines(session: Session, ids: Iterable[int | None]) -> None:
    """Lines whose documents' shares change (the sources a new or removed line took from)."""
    session.info.setdefault(LINES_KEY, set()).update(i for i in ids if i)


def touch_customers(session: Session, ids: Iterable[int | None]) -> None:
    """Customers whose open items or payments changed."""
    session.info.setdefault(CUSTOMERS_KEY, set()).update(i for i in ids if i)


def forget(session: Session) -> None:
    for key in (DOCUMENTS_KEY, LINES_KEY, CUSTOMERS_KEY):
        session.info.pop(key, None)


def pending(session: Session) -> bool:
    return any(session.info.get(key) for key in (DOCUMENTS_KEY, LINES_KEY, CUSTOMERS_KEY))


# -- shares of documents -------------------------------------------------------------------------


def chunked(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def gross_share(net: Decimal, tax_rate: Decimal, end_discount: Decimal, remaining: Decimal,
                quantity: Decimal, rate: Decimal = Decimal(1)) -> Decimal:
    """In home currency: `rate` is the document's exchange rate (1 in home currency)."""
    return net * remaining / quantity * (1 - end_discount / 100) * (1 + tax_rate / 100) * rate


_TAKING_LINE = aliased(DocumentLine, name="taking_line")
_TAKING_DOCUMENT = aliased(Document, name="taking_document")


def _taken(column_name: str, kinds: tuple[str, ...]):
    """Quantity taken from the outer query's line into documents of `kinds`: a correlated
    subquery on the indexed lineage column, so its cost follows the document's lines."""
    line, doc = _TAKING_LINE, _TAKING_DOCUMENT
    return (select(func.coalesce(func.sum(line.quantity), 0))
            .join(doc, doc.id == line.document_id)
            .where(getattr(line, column_name) == DocumentLine.id, doc.kind.in_(kinds))
            .scalar_subquery())


_DOCUMENTS = (select(Document.id, Document.tenant_id, Document.customer_id, Document.kind, Document.state,
                     Document.done, Document.archived_at, Document.posted_at,
                     Document.home_gross_total.label("gross_total"), Document.end_discount_percent,
                     Document.exchange_rate)
              .where(Document.id.in_(bindparam("ids", expanding=True)), Document.kind.in_(EXPOSED_KINDS),
                     Document.customer_id.is_not(None)))
_ITEM_LINE = and_(DocumentLine.optional.is_(False), DocumentLine.line_kind == "item")
_NOTE_LINES = (select(DocumentLine.document_id, DocumentLine.net_amount, DocumentLine.tax_rate, DocumentLine.quantity,
                      _taken("source_line_id", INVOICE_KINDS))
               .where(DocumentLine.document_id.in_(bindparam("ids", expanding=True)), _ITEM_LINE))
_ORDER_LINES = (select(DocumentLine.document_id, DocumentLine.net_amount, DocumentLine.tax_rate, DocumentLine.quantity,
                       _taken("order_line_id", ("delivery_note",)), _taken("order_line_id", INVOICE_KINDS))
                .where(DocumentLine.document_id.in_(bindparam("ids", expanding=True)), _ITEM_LINE))
_DOWN_PAYMENTS = (select(Document.order_id, func.sum(Document.home_gross_total))
                  .where(Document.order_id.in_(bindparam("ids", expanding=True)), Document.kind == "partial_invoice",
                         Document.posted_at.is_not(None))
                  .group_by(Document.order_id))


def exposed(row) -> str | None:
    """Which part a document's header puts it in, or None when it adds nothing now."""
    if row.archived_at is not None:
        return None
    if row.kind == "delivery_note":
        return "uninvoiced" if row.state != "invoiced" else None
    if row.kind == "order":
        return "open_orders" if not row.done and row.state not in ("delivered", "invoiced") else None
    return "draft" if row.posted_at is None else None


def document_shares(session: Session, document_ids: Iterable[int]) -> dict[int, Share]:
    """The share of each given document that adds something now (others are left out)."""
    shares: dict[int, Share] = {}
    for ids in chunked(sorted(set(document_ids))):
        shares.update(_shares_of_chunk(session, ids))
    return shares


def _shares_of_chunk(session: Session, ids: list[int]) -> dict[int, Share]:
    shares: dict[int, Share] = {}
    notes, orders = {}, {}
    for row in session.execute(_DOCUMENTS, {"ids": ids}):
        part = exposed(row)
        if part == "uninvoiced":
            notes[row.id] = row
        elif part == "open_orders":
            orders[row.id] = row
        elif part == "draft" and row.gross_total:
            shares[row.id] = Share(row.tenant_id, row.customer_id, uninvoiced=cents(row.gross_total))
    if notes:
        values: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for doc_id, net, rate, quantity, invoiced in session.execute(_NOTE_LINES, {"ids": list(notes)}):
            if quantity and quantity > invoiced:
                values[doc_id] += gross_share(net, rate, notes[doc_id].end_discount_percent,
                                              quantity - Decimal(invoiced), quantity, notes[doc_id].exchange_rate)
        for doc_id, value in values.items():
            if cents(value):
                shares[doc_id] = Share(notes[doc_id].tenant_id, notes[doc_id].customer_id, uninvoiced=cents(value))
    if orders:
        values = defaultdict(lambda: ZERO)
        for doc_id, net, rate, quantity, delivered, invoiced in session.execute(_ORDER_LINES, {"ids": list(orders)}):
            if not quantity:
                continue
            remaining = quantity - max(Decimal(delivered), Decimal(invoiced))
            if remaining > 0:
                values[doc_id] += gross_share(net, rate, orders[doc_id].end_discount_percent, remaining, quantity,
                                              orders[doc_id].exchange_rate)
        down = dict(session.execute(_DOWN_PAYMENTS, {"ids": list(values)}).all()) if values else {}
        for doc_id, value in values.items():
            rest = cents(max(value - (down.get(doc_id) or ZERO), ZERO))
            if rest:
                shares[doc_id] = Share(orders[doc_id].tenant_id, orders[doc_id].customer_id, open_orders=rest)
    return shares


# -- settling the touched documents into the customers' rows -------------------------------------


def settle(session: Session) -> dict[int, Parts]:
    """Bring the rows of everything this unit touched up to date; the change per customer."""
    documents = set(session.info.pop(DOCUMENTS_KEY, ()))
    lines = session.info.pop(LINES_KEY, ())
    customers_paid = set(session.info.pop(CUSTOMERS_KEY, ()))
    for ids in chunked(sorted(lines)):
        documents.update(session.execute(select(DocumentLine.document_id).where(DocumentLine.id.in_(ids))).scalars())
    if not documents and not customers_paid:
        return {}
    document_ids = sorted(documents)
    customers = set(customers_paid)
    for ids in chunked(document_ids):
        customers.update(session.execute(select(Document.customer_id).where(
            Document.id.in_(ids), Document.kind.in_(EXPOSED_KINDS), Document.customer_id.is_not(None))).scalars())
        customers.update(session.execute(select(DocumentExposure.customer_id).where(
            DocumentExposure.document_id.in_(ids))).scalars())
    if not customers:
        return {}
    lock_rows(session, customers)
    changes: dict[int, Parts] = defaultdict(Parts)
    for ids in chunked(document_ids):
        for customer_id, change in _settle_documents(session, ids).items():
            changes[customer_id] += change
    for customer_id, change in _settle_open_items(session, customers_paid).items():
        changes[customer_id] += change
    _apply(session, changes)
    return dict(changes)


def lock_rows(session: Session, customer_ids: Iterable[int]) -> None:
    """The customers' exposure rows, made where missing, locked until the transaction ends
    (in customer order, so two transactions never wait for each other in a circle)."""
    ids = sorted(set(customer_ids))
    for chunk in chunked(ids):
        found = set(session.execute(select(CustomerExposure.customer_id).where(
            CustomerExposure.customer_id.in_(chunk))).scalars())
        missing = [c for c in chunk if c not in found]
        if missing:
            tenants = session.execute(select(Customer.id, Customer.tenant_id).where(Customer.id.in_(missing))).all()
            _insert_missing(session, [{"customer_id": c, "tenant_id": t, "updated_at": utcnow()} for c, t in tenants])
        session.execute(select(CustomerExposure.customer_id).where(CustomerExposure.customer_id.in_(chunk))
                        .order_by(CustomerExposure.customer_id).with_for_update())


def _insert_missing(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    table = CustomerExposure.__table__
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(table).on_conflict_do_nothing(index_elements=["customer_id"]), rows)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(table).on_conflict_do_nothing(index_elements=["customer_id"]), rows)


def _settle_documents(session: Session, ids: list[int]) -> dict[int, Parts]:
    new = _shares_of_chunk(session, ids)
    old = {row.document_id: row for row in session.execute(
        select(DocumentExposure.document_id, DocumentExposure.customer_id, DocumentExposure.uninvoiced,
               DocumentExposure.open_orders).where(DocumentExposure.document_id.in_(ids)))}
    changes: dict[int, Parts] = defaultdict(Parts)
    inserts, updates, deletes = [], [], []
    for doc_id in ids:
        before, after = old.get(doc_id), new.get(doc_id)
        if before is None and after is None:
            continue
        if before is not None:
            if after is not None and (before.customer_id, before.uninvoiced, before.open_orders) == (
                    after.customer_id, after.uninvoiced, after.open_orders):
                continue
            changes[before.customer_id] += Parts(uninvoiced=-before.uninvoiced, open_orders=-before.open_orders)
        if after is not None:
            changes[after.customer_id] += Parts(uninvoiced=after.uninvoiced, open_orders=after.open_orders)
        row = {"doc": doc_id} | ({"customer_id": after.customer_id, "tenant_id": after.tenant_id,
                                  "uninvoiced": after.uninvoiced, "open_orders": after.open_orders} if after else {})
        (deletes if after is None else inserts if before is None else updates).append(row)
    table = DocumentExposure.__table__
    if deletes:
        session.execute(delete(table).where(table.c.document_id.in_([row["doc"] for row in deletes])))
    if updates:
        session.execute(update(table).where(table.c.document_id == bindparam("doc")).values(
            customer_id=bindparam("customer_id"), uninvoiced=bindparam("uninvoiced"),
            open_orders=bindparam("open_orders")), updates)
    if inserts:
        session.execute(insert(table), [{"document_id": row.pop("doc"), **row} for row in inserts])
    return changes


def _settle_open_items(session: Session, customer_ids: set[int]) -> dict[int, Parts]:
    """The open-item part of the customers anew (two grouped queries per tenant and chunk)."""
    from kontor.core.finance.models import OpenItem
    from kontor.core.finance.payment_models import Payment

    changes = {}
    for ids in chunked(sorted(customer_ids)):
        stored = session.execute(select(CustomerExposure.customer_id, CustomerExposure.tenant_id,
                                        CustomerExposure.open_items).where(CustomerExposure.customer_id.in_(ids))).all()
        for tenant_id in {tenant for _c, tenant, _o in stored}:
            mine = [c for c, tenant, _o in stored if tenant == tenant_id]
            now: dict[int, Decimal] = defaultdict(lambda: ZERO)
            for customer_id, amount in session.execute(
                    select(OpenItem.customer_id, func.sum(OpenItem.home_open_amount))
                    .where(OpenItem.tenant_id == tenant_id, OpenItem.customer_id.in_(mine), OpenItem.state != "paid")
                    .group_by(OpenItem.customer_id)):
                now[customer_id] += amount or ZERO
            for customer_id, amount in session.execute(
                    select(Payment.customer_id, func.sum(Payment.home_unallocated))
                    .where(Payment.tenant_id == tenant_id, Payment.customer_id.in_(mine))
                    .group_by(Payment.customer_id)):
                now[customer_id] -= amount or ZERO
            for customer_id, tenant, open_items in stored:
                if tenant == tenant_id and now[customer_id] != open_items:
                    changes[customer_id] = Parts(open_items=now[customer_id] - open_items)
    return changes


def _apply(session: Session, changes: dict[int, Parts]) -> None:
    rows = [{"customer": c, "oi": p.open_items, "un": p.uninvoiced, "oo": p.open_orders, "now": utcnow()}
            for c, p in sorted(changes.items()) if p != Parts()]
    if not rows:
        return
    table = CustomerExposure.__table__
    session.execute(update(table).where(table.c.customer_id == bindparam("customer")).values(
        open_items=table.c.open_items + bindparam("oi", type_=table.c.open_items.type),
        uninvoiced=table.c.uninvoiced + bindparam("un", type_=table.c.uninvoiced.type),
        open_orders=table.c.open_orders + bindparam("oo", type_=table.c.open_orders.type),
        updated_at=bindparam("now")), rows)


# -- reading -------------------------------------------------------------------------------------


def exposure_of(session: Session, customer_id: int) -> Parts:
    """The customer's stored parts (after what this unit touched was settled)."""
    if pending(session):
        settle(session)
    row = session.execute(select(CustomerExposure.open_items, CustomerExposure.uninvoiced,
                                 CustomerExposure.open_orders)
                          .where(CustomerExposure.customer_id == customer_id)).first()
    return Parts(*row) if row is not None else Parts()


def open_documents(tenant_id: int | None = None):
    """Ids of the documents that may add something now (the candidates of a full count)."""
    conditions = [Document.kind.in_(EXPOSED_KINDS), Document.customer_id.is_not(None), Document.archived_at.is_(None),
                  or_(and_(Document.kind == "delivery_note", Document.state != "invoiced"),
                      and_(Document.kind == "order", Document.done.is_(False),
                           Document.state.notin_(("delivered", "invoiced"))),
                      and_(Document.kind.in_(INVOICE_KINDS), Document.posted_at.is_(None)))]
    if tenant_id is not None:
        conditions.append(Document.tenant_id == tenant_id)
    return select(Document.id).where(*conditions).order_by(Document.id)
