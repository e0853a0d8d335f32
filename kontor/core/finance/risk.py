"""A customer's credit risk and limit, computed in a few queries per customer.

The risk has three parts, each counted or not as the tenant's settings say
(kontor.core.finance.risk_settings), all gross (VAT included, like the open items):

- open items: what the customer owes; asked through the `kontor_open_items` hook, so an
  accounting plugin can answer from an external ledger; the core's default sums kontor's own;
- uninvoiced: delivery-note lines not yet taken into an invoice, plus invoices not yet posted
  (a draft invoice is no open item yet, but its delivery notes count as invoiced already);
- open orders: order lines neither delivered nor invoiced, less the posted down-payment
  (partial) invoices of the order, which are open items already.

Every value moves between the parts along the document flow instead of being added twice: a
delivery note made from an order takes its value out of the open orders, an invoice made
from a delivery note takes it out of the uninvoiced part, and posting turns the draft into
an open item. `risk_with_and_without` also gives the risk as if one document did not exist
(from the same rows, in the same pass): the difference is what that document adds.

Line values are worked out in Python on Decimals (the exact column type allows no
multiplication in SQL): remaining quantity / quantity x line net, less the document's end
discount, plus the line's VAT, times the document's exchange rate. Each part is rounded half
up to the cent, once, at the end. Every part is in home currency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.risk_settings import RiskSettings, load_risk_settings
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.tenancy.services import get_setting
from kontor.errors import Invalid

ZERO = Decimal("0")
CENT = Decimal("0.01")
INVOICE_KINDS = ("invoice", "final_invoice")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Risk:
    customer_id: int
    credit_limit: Decimal
    open_items: Decimal
    uninvoiced: Decimal
    open_orders: Decimal

    @property
    def total(self) -> Decimal:
        return self.open_items + self.uninvoiced + self.open_orders

    @property
    def available(self) -> Decimal:
        return self.credit_limit - self.total


def credit_limit_of(session: Session, customer: Customer) -> Decimal:
    """The customer's own limit, or the default of the company parameters when it has none."""
    if customer.credit_limit is not None:
        return customer.credit_limit
    values = get_setting(session, customer.tenant_id, PARAMETERS_KEY, {}) or {}
    return CompanyParameters.model_validate(values).default_credit_limit


def lock_customer(session: Session, ctx: Context, customer_id: int) -> Customer:
    """The customer row, locked until the transaction ends, freshly read, so two documents of
    one customer are checked one after the other, each seeing the other. On PostgreSQL it is
    `FOR NO KEY UPDATE`: it excludes a second check but not the key-share lock an inserted
    document's foreign key holds on the customer (a plain `FOR UPDATE` would deadlock two
    clerks who both saved a document first). SQLite write units hold the database lock anyway."""
    customer = session.execute(
        select(Customer).where(Customer.id == customer_id, Customer.tenant_id == ctx.tenant_id)
        .with_for_update(key_share=True).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if customer is None:
        raise Invalid.field("customer_id", "exists", f"no customer with id {customer_id}")
    return customer


def customer_risk(session: Session, ctx: Context, customer: Customer, settings: RiskSettings | None = None) -> Risk:
    """The risk now; parts the settings do not count are zero."""
    return risk_with_and_without(session, ctx, customer, settings)[0]


def risk_with_and_without(session: Session, ctx: Context, customer: Customer, settings: RiskSettings | None = None,
                          document_id: int | None = None) -> tuple[Risk, Risk]:
    """The risk, and the risk as if the document `document_id` did not exist (neither its own
    lines nor what it took from other documents), from one pass over the same rows."""
    settings = settings or load_risk_settings(session, ctx.tenant_id)
    open_items = ZERO
    if settings.count_open_items:
        answer = ctx.hooks.kontor_open_items(ctx=ctx, session=session, customer=customer)
        open_items = cents(Decimal(answer)) if answer is not None else ZERO
    uninvoiced = uninvoiced_value(session, ctx.tenant_id, customer.id, document_id) \
        if settings.count_uninvoiced else (ZERO, ZERO)
    orders = open_order_value(session, ctx.tenant_id, customer.id, document_id) \
        if settings.count_open_orders else (ZERO, ZERO)
    limit = credit_limit_of(session, customer)
    return tuple(Risk(customer_id=customer.id, credit_limit=limit, open_items=open_items, uninvoiced=uninvoiced[i],
                      open_orders=orders[i]) for i in (0, 1))


def _gross_share(net: Decimal, tax_rate: Decimal, end_discount: Decimal, remaining: Decimal,
                 quantity: Decimal, rate: Decimal) -> Decimal:
    """In home currency: `rate` is the document's exchange rate (1 in home currency)."""
    return net * remaining / quantity * (1 - end_discount / 100) * (1 + tax_rate / 100) * rate


# Made once: aliasing a table builds proxies of all its columns, which cost more than the
# query itself when done on every check (the document table is wide).
_TAKING_LINE = aliased(DocumentLine, name="taking_line")
_TAKING_DOCUMENT = aliased(Document, name="taking_document")
_ORDER = aliased(Document, name="down_paid_order")


def _taken(column_name: str, kinds: tuple[str, ...], document_id: int | None = None):
    """Quantity taken from the outer query's line into documents of `kinds` (only into the
    document `document_id` when given): a correlated subquery on the indexed lineage column,
    so its cost follows the candidate lines, not the customer's whole history."""
    line, doc = _TAKING_LINE, _TAKING_DOCUMENT
    statement = (
        select(func.coalesce(func.sum(line.quantity), 0))
        .join(doc, doc.id == line.document_id)
        .where(getattr(line, column_name) == DocumentLine.id, doc.kind.in_(kinds))
    )
    if document_id is not None:
        statement = statement.where(line.document_id == document_id)
    return statement.scalar_subquery()


def _by_document(column_name: str, kinds: tuple[str, ...], document_id: int | None):
    if document_id is None:
        return literal(0, DocumentLine.quantity.type)
    return _taken(column_name, kinds, document_id)


def uninvoiced_value(session: Session, tenant_id: int, customer_id: int,
                     document_id: int | None = None) -> tuple[Decimal, Decimal]:
    """Delivered-not-invoiced plus unposted invoices: (with, without the document)."""
    taken, by_document = _taken("source_line_id", INVOICE_KINDS), _by_document("source_line_id", INVOICE_KINDS,
                                                                                 document_id)
    statement = (
        select(Document.id, DocumentLine.net_amount, DocumentLine.tax_rate, DocumentLine.quantity, taken, by_document,
               Document.end_discount_percent, Document.exchange_rate)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(Document.tenant_id == tenant_id, Document.customer_id == customer_id,
               Document.kind == "delivery_note", Document.state != "invoiced", Document.archived_at.is_(None),
               DocumentLine.optional.is_(False), DocumentLine.line_kind == "item",
               DocumentLine.quantity + by_document > taken)
    )
    own = case((Document.id == (document_id or 0), Document.home_gross_total),
               else_=literal(0, Document.home_gross_total.type))
    drafts = (
        select(func.sum(Document.home_gross_total), func.sum(own))
        .where(Document.tenant_id == tenant_id, Document.customer_id == customer_id,
               Document.kind.in_(INVOICE_KINDS), Document.posted_at.is_(None), Document.archived_at.is_(None))
    )
    with_, without = ZERO, ZERO
    for note_id, net, rate, quantity, already, by_it, end_discount, fx in session.execute(statement):
        if not quantity:
            continue
        if quantity > already:
            with_ += _gross_share(net, rate, end_discount, quantity - Decimal(already), quantity, fx)
        if note_id != document_id:
            without += _gross_share(net, rate, end_discount, quantity - Decimal(already) + Decimal(by_it), quantity,
                                    fx)
    all_drafts, own_draft = session.execute(drafts).one()
    all_drafts, own_draft = all_drafts or ZERO, own_draft or ZERO
    return cents(with_ + all_drafts), cents(without + all_drafts - own_draft)


def open_order_value(session: Session, tenant_id: int, customer_id: int,
                     document_id: int | None = None) -> tuple[Decimal, Decimal]:
    """Order value neither delivered nor invoiced, less posted down payments: (with, without the document)."""
    statement = (
        select(DocumentLine.document_id, DocumentLine.net_amount, DocumentLine.tax_rate, DocumentLine.quantity,
               _taken("order_line_id", ("delivery_note",)), _taken("order_line_id", INVOICE_KINDS),
               _by_document("order_line_id", ("delivery_note",), document_id),
               _by_document("order_line_id", INVOICE_KINDS, document_id),
               Document.end_discount_percent, Document.exchange_rate)
        .join(Document, Document.id == DocumentLine.document_id)
        .where(Document.tenant_id == tenant_id, Document.customer_id == customer_id, Document.kind == "order",
               Document.done.is_(False), Document.archived_at.is_(None),
               Document.state.notin_(("delivered", "invoiced")),
               DocumentLine.optional.is_(False), DocumentLine.line_kind == "item")
    )
    with_: dict[int, Decimal] = defaultdict(lambda: ZERO)
    without: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for (order_id, net, rate, quantity, went, billed, went_by_it, billed_by_it, end_discount,
         fx) in session.execute(statement):
        if not quantity:
            continue
        remaining = quantity - max(Decimal(went), Decimal(billed))
        if remaining > 0:
            with_[order_id] += _gross_share(net, rate, end_discount, remaining, quantity, fx)
        remaining = quantity - max(Decimal(went) - Decimal(went_by_it), Decimal(billed) - Decimal(billed_by_it))
        if order_id != document_id and remaining > 0:
            without[order_id] += _gross_share(net, rate, end_discount, remaining, quantity, fx)
    orders = set(with_) | set(without)
    if not orders:
        return ZERO, ZERO
    order = _ORDER
    down_payments = dict(session.execute(
        select(Document.order_id, func.sum(Document.home_gross_total))
        .join(order, order.id == Document.order_id)
        .where(Document.tenant_id == tenant_id, Document.customer_id == customer_id,
               Document.kind == "partial_invoice", Document.posted_at.is_not(None),
               order.done.is_(False), order.state.notin_(("delivered", "invoiced")))
        .group_by(Document.order_id)
    ).all())

    def total(values: dict[int, Decimal]) -> Decimal:
        return cents(sum((max(value - (down_payments.get(order_id) or ZERO), ZERO)
                          for order_id, value in values.items()), ZERO))

    return total(with_), total(without)


def classify(total: Decimal, limit: Decimal, warning_percent: Decimal) -> str:
    """within, warning (from `warning_percent` of the limit on) or over (above the limit)."""
    if total > limit:
        return "over"
    if total >= limit * warning_percent / 100:
        return "warning"
    return "within"
