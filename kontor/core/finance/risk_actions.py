"""What an authorised user does about a customer over the limit, and what the credit desk reads.

The actions the credit check proposes: block the customer (finance admin), redefine the
limit (its own program part `credit_limits`, so not every finance user may raise limits),
or put the customer's orders on credit hold (finance admin), and then release held orders
one by one (finance post). Each is audited with the values before and after.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.finance.risk import Risk, classify, customer_risk, lock_customer
from kontor.core.finance.risk_check import active_hold, hold, money
from kontor.core.finance.risk_models import CreditCheck, CreditHold, CreditHoldPolicy
from kontor.core.finance.risk_settings import FINANCE, load_risk_settings
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, NotFound

CREDIT_LIMITS = "credit_limits"


def _customer(session: Session, ctx: Context, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.tenant_id != ctx.tenant_id:
        raise NotFound(f"no customer with id {customer_id}")
    return lock_customer(session, ctx, customer_id)


# -- reading ---------------------------------------------------------------------------------------


def credit_status(session: Session, ctx: Context, customer_id: int) -> dict[str, Any]:
    """The customer's limit, risk by part, what is left, and the holds and policy in force."""
    ctx.require(FINANCE, Level.READ)
    customer = session.get(Customer, customer_id)
    if customer is None or customer.tenant_id != ctx.tenant_id:
        raise NotFound(f"no customer with id {customer_id}")
    settings = load_risk_settings(session, ctx.tenant_id)
    risk = customer_risk(session, ctx, customer, settings)
    holds = session.execute(select(CreditHold.id).where(CreditHold.tenant_id == ctx.tenant_id,
                                                        CreditHold.customer_id == customer_id,
                                                        CreditHold.state == "held")).scalars().all()
    policy = session.execute(select(CreditHoldPolicy.id).where(CreditHoldPolicy.tenant_id == ctx.tenant_id,
                                                               CreditHoldPolicy.customer_id == customer_id)).first()
    return {
        "customer_id": customer.id, "customer_number": customer.number, "credit_limit": risk.credit_limit,
        "own_limit": customer.credit_limit is not None, "open_items": risk.open_items,
        "uninvoiced": risk.uninvoiced, "open_orders": risk.open_orders, "risk": risk.total,
        "available": risk.available, "outcome": classify(risk.total, risk.credit_limit, settings.warning_percent),
        "blocked": customer.blocked, "blocked_reason": customer.blocked_reason,
        "hold_orders": policy is not None, "held_orders": list(holds),
    }


def last_check(session: Session, ctx: Context, document_id: int) -> CreditCheck:
    """The latest credit check of a document (404 when none was due: it added nothing)."""
    ctx.require("sales", Level.READ)
    check = session.execute(select(CreditCheck).where(CreditCheck.tenant_id == ctx.tenant_id,
                                                      CreditCheck.document_id == document_id)
                            .order_by(CreditCheck.id.desc())).scalars().first()
    if check is None:
        raise NotFound(f"document {document_id} has no credit check: it added nothing to its customer's risk")
    return check


def list_holds(session: Session, ctx: Context, *, customer_id: int | None = None, state: str | None = "held",
               limit: int = 100, offset: int = 0) -> list[CreditHold]:
    ctx.require(FINANCE, Level.READ)
    statement = select(CreditHold).where(CreditHold.tenant_id == ctx.tenant_id)
    if customer_id is not None:
        statement = statement.where(CreditHold.customer_id == customer_id)
    if state:
        statement = statement.where(CreditHold.state == state)
    return list(session.execute(statement.order_by(CreditHold.id).offset(offset).limit(limit)).scalars())


# -- the proposed actions --------------------------------------------------------------------------


def block_customer(session: Session, ctx: Context, customer_id: int, note: str = "") -> Customer:
    """Block the customer; the reason names the limit and the risk, so every refusal shows them."""
    ctx.require(FINANCE, Level.ADMIN)
    customer = _customer(session, ctx, customer_id)
    risk: Risk = customer_risk(session, ctx, customer)
    from kontor.core.documents.currency import home_currency

    currency = home_currency(session, ctx.tenant_id)  # limit and risk are in home currency
    reason = (f"credit check {date.today():%Y-%m-%d}: risk {money(risk.total, currency)}, "
              f"credit limit {money(risk.credit_limit, currency)}")
    if note:
        reason += f" ({note})"
    return _set_block(session, ctx, customer, True, reason[:200])


def unblock_customer(session: Session, ctx: Context, customer_id: int) -> Customer:
    ctx.require(FINANCE, Level.ADMIN)
    return _set_block(session, ctx, _customer(session, ctx, customer_id), False, "")


def _set_block(session: Session, ctx: Context, customer: Customer, blocked: bool, reason: str) -> Customer:
    before = {"blocked": customer.blocked, "blocked_reason": customer.blocked_reason}
    customer.blocked, customer.blocked_reason = blocked, reason
    customer.updated_at = utcnow()
    session.add(customer)
    session.flush()
    record_change(session, ctx, "customers", customer.id, "block" if blocked else "unblock", before,
                  {"blocked": blocked, "blocked_reason": reason})
    return customer


def set_credit_limit(session: Session, ctx: Context, customer_id: int, limit: Decimal | None,
                     note: str = "") -> Customer:
    """Redefine the customer's limit (None: the default of the basics again); audited."""
    ctx.require(CREDIT_LIMITS, Level.WRITE)
    if limit is not None and limit < 0:
        raise Invalid.field("credit_limit", "greater_than_equal", "a credit limit is zero or more")
    if limit is not None:
        stored = limit.quantize(Decimal("0.0001"))
        if stored != limit:
            raise Invalid.field("credit_limit", "decimal_max_places", "a credit limit has at most four decimal places")
        limit = stored
    customer = _customer(session, ctx, customer_id)
    before = {"credit_limit": snapshot(customer)["credit_limit"]}
    customer.credit_limit = limit
    customer.updated_at = utcnow()
    session.add(customer)
    session.flush()
    after = {"credit_limit": snapshot(customer)["credit_limit"], "note": note}
    record_change(session, ctx, "customers", customer.id, "credit_limit", {**before, "note": ""}, after)
    return customer


def set_hold_policy(session: Session, ctx: Context, customer_id: int, hold_orders: bool, note: str = "") -> bool:
    """Orders of the customer over the limit are accepted on hold (True) or refused (False)."""
    ctx.require(FINANCE, Level.ADMIN)
    customer = _customer(session, ctx, customer_id)
    row = session.execute(select(CreditHoldPolicy).where(CreditHoldPolicy.tenant_id == ctx.tenant_id,
                                                         CreditHoldPolicy.customer_id == customer.id)).scalars().first()
    if hold_orders and row is None:
        session.add(CreditHoldPolicy(tenant_id=ctx.tenant_id, customer_id=customer.id, set_by=ctx.username,
                                     note=note[:300]))
    elif not hold_orders and row is not None:
        session.delete(row)
    else:
        return hold_orders
    session.flush()
    record_change(session, ctx, "credit_hold_policy", customer.id, "update", {"hold_orders": not hold_orders},
                  {"hold_orders": hold_orders, "note": note})
    return hold_orders


def hold_order(session: Session, ctx: Context, order_id: int, reason: str = "") -> CreditHold:
    """Put an order on credit hold by hand (finance post)."""
    ctx.require(FINANCE, Level.POST)
    order = _order(session, ctx, order_id)
    customer = _customer(session, ctx, order.customer_id)
    if active_hold(session, ctx, order.id) is not None:
        raise Conflict(f"order {order.number} is on credit hold already")
    row = hold(session, ctx, order, customer, customer_risk(session, ctx, customer), reason or "held by hand")
    record_change(session, ctx, "credit_holds", row.id, "hold", None, {"document_id": order.id, "reason": row.reason})
    return row


def release_hold(session: Session, ctx: Context, hold_id: int, note: str = "") -> CreditHold:
    """Release a held order: from now on it can be delivered and invoiced."""
    ctx.require(FINANCE, Level.POST)
    row = session.execute(select(CreditHold).where(CreditHold.id == hold_id, CreditHold.tenant_id == ctx.tenant_id)
                          .with_for_update()).scalars().first()
    if row is None:
        raise NotFound(f"no credit hold with id {hold_id}")
    if row.state != "held":
        raise Conflict(f"credit hold {hold_id} was released on {row.released_at:%Y-%m-%d} by {row.released_by}")
    row.state, row.released_at, row.released_by, row.release_note = "released", utcnow(), ctx.username, note[:300]
    session.add(row)
    session.flush()
    record_change(session, ctx, "credit_holds", row.id, "release", {"state": "held"},
                  {"state": "released", "note": note})
    return row


def release_order(session: Session, ctx: Context, order_id: int, note: str = "") -> CreditHold:
    """Release the hold of an order, found by the order's id."""
    ctx.require(FINANCE, Level.POST)
    order = _order(session, ctx, order_id)
    row = active_hold(session, ctx, order.id)
    if row is None:
        raise Conflict(f"order {order.number} is not on credit hold")
    return release_hold(session, ctx, row.id, note)


def _order(session: Session, ctx: Context, order_id: int) -> Document:
    order = session.get(Document, order_id)
    if order is None or order.tenant_id != ctx.tenant_id:
        raise NotFound(f"no document with id {order_id}")
    if order.kind != "order":
        raise Conflict(f"only orders go on credit hold, not a {order.kind.replace('_', ' ')}")
    return order
