"""Credit-rating information per customer: what credit agencies reported, kept as history.

Each report (date, agency, rating, recommended limit, note) is added, never overwritten, so
the customer's rating and limit history reads newest first. A report may set the customer's
credit limit to the recommended one; that change is audited on the customer like any other.
"""

from __future__ import annotations

from sqlmodel import Session, select

from kontor.core.audit import jsonable, record_change
from kontor.core.context import Context
from kontor.core.finance.payment_models import CreditReport
from kontor.core.finance.payment_schemas import CreditReportIn
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound

FINANCE = "finance"


def _customer(session: Session, ctx: Context, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.tenant_id != ctx.tenant_id:
        raise NotFound(f"no customer with id {customer_id}")
    return customer


def add_credit_report(session: Session, ctx: Context, customer_id: int, data: CreditReportIn) -> CreditReport:
    ctx.require(FINANCE, Level.WRITE)
    customer = _customer(session, ctx, customer_id)
    if data.apply_limit:
        ctx.require("masterdata", Level.WRITE)
        if data.recommended_limit is None:
            raise Invalid.field("recommended_limit", "required", "a limit to apply needs a recommended limit")
    report = CreditReport(tenant_id=ctx.tenant_id, customer_id=customer.id, reported_on=data.reported_on,
                          agency=data.agency.strip(), rating=data.rating.strip(),
                          recommended_limit=data.recommended_limit, note=data.note, limit_applied=data.apply_limit,
                          entered_by=ctx.username)
    session.add(report)
    session.flush()
    if data.apply_limit:
        before = customer.credit_limit
        customer.credit_limit = data.recommended_limit
        session.add(customer)
        record_change(session, ctx, "customers", customer.id, "update", {"credit_limit": jsonable(before)},
                      {"credit_limit": jsonable(customer.credit_limit)})
    record_change(session, ctx, "credit_reports", report.id, "create", None,
                  {"customer_id": customer.id, "agency": report.agency, "rating": report.rating,
                   "recommended_limit": jsonable(report.recommended_limit)})
    return report


def credit_reports(session: Session, ctx: Context, customer_id: int) -> list[CreditReport]:
    """The customer's reports, newest first (by report date, then by entry)."""
    ctx.require(FINANCE, Level.READ)
    _customer(session, ctx, customer_id)
    return list(session.exec(select(CreditReport)
                             .where(CreditReport.tenant_id == ctx.tenant_id, CreditReport.customer_id == customer_id)
                             .order_by(CreditReport.reported_on.desc(), CreditReport.id.desc())))
