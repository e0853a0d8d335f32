"""A customer's credit risk and limit, read from the customer's exposure row.

The risk has three parts, each counted or not as the tenant's settings say
(kontor.core.finance.risk_settings), all gross (VAT included, like the open items):

- open items: what the customer owes; asked through the `kontor_open_items` hook, so an
  accounting plugin can answer from an external ledger; the core's default reads kontor's own
  from the exposure row;
- uninvoiced: delivery-note lines not yet taken into an invoice, plus invoices not yet posted
  (a draft invoice is no open item yet, but its delivery notes count as invoiced already);
- open orders: order lines neither delivered nor invoiced, less the posted down-payment
  (partial) invoices of the order, which are open items already.

Every value moves between the parts along the document flow instead of being added twice: a
delivery note made from an order takes its value out of the open orders, an invoice made
from a delivery note takes it out of the uninvoiced part, and posting turns the draft into
an open item. The parts are kept in a row per customer beside their sources and changed in
the transaction of each change (kontor.core.finance.exposure, which also says how a
document's share is valued and rounded), so reading the risk is one lookup. Every part is
in home currency (a foreign document's share at its exchange rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.finance.exposure import ZERO, Parts, cents, exposure_of
from kontor.core.finance.risk_settings import RiskSettings, load_risk_settings
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.masterdata.parties.models import Customer
from kontor.core.tenancy.services import get_setting
from kontor.errors import Invalid


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
    """The risk now (what this unit of work changed included); parts the settings do not count are zero."""
    settings = settings or load_risk_settings(session, ctx.tenant_id)
    parts = exposure_of(session, customer.id)
    open_items = ZERO
    if settings.count_open_items:
        answer = ctx.hooks.kontor_open_items(ctx=ctx, session=session, customer=customer)
        open_items = cents(Decimal(answer)) if answer is not None else ZERO
    return Risk(customer_id=customer.id, credit_limit=credit_limit_of(session, customer), open_items=open_items,
                uninvoiced=parts.uninvoiced if settings.count_uninvoiced else ZERO,
                open_orders=parts.open_orders if settings.count_open_orders else ZERO)


def counted_change(change: Parts, settings: RiskSettings) -> Decimal:
    """What a change of the exposure adds to the risk as the settings count it (documents
    never change open items while they are checked: posting is not)."""
    return ((change.uninvoiced if settings.count_uninvoiced else ZERO)
            + (change.open_orders if settings.count_open_orders else ZERO))


def classify(total: Decimal, limit: Decimal, warning_percent: Decimal) -> str:
    """within, warning (from `warning_percent` of the limit on) or over (above the limit)."""
    if total > limit:
        return "over"
    if total >= limit * warning_percent / 100:
        return "warning"
    return "within"
