"""The credit check of a sales document, run by the validation hook inside the saving transaction.

Orders, delivery notes and invoices raise the risk when they are created, changed or made
from other documents. The check locks the customer row first, so two documents of one
customer are checked one after the other and the second sees the first; then it settles what
the document changed into the customer's exposure row (kontor.core.finance.exposure): the
change is what the document adds (a delivery note made from an order adds nothing, its value
only moves). A document that adds nothing is not checked. One that adds something is

- within the limit, or a warning (from the warning percentage of the limit on): it passes,
  and the check is recorded (`CreditCheck`, readable per document);
- over the limit: refused with 409 naming customer, limit, risk and the document's amount,
  the proposed actions in the answer; unless the customer's orders go on hold: then an order
  is accepted and held (`CreditHold`), and nothing is delivered or invoiced from it until an
  authorised user releases it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.exposure import Parts, settle
from kontor.core.finance.risk import Risk, classify, counted_change, customer_risk, lock_customer
from kontor.core.finance.risk_models import CreditCheck, CreditHold, CreditHoldPolicy
from kontor.core.finance.risk_settings import load_risk_settings
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict

RAISING_KINDS = ("order", "delivery_note", "invoice")
CHECKED_ACTIONS = ("create", "update", "convert")
# Kinds that deliver or bill an order: none of them may come from a held order.
FOLLOWING_KINDS = ("picking_slip", "delivery_note", "work_report", "invoice", "partial_invoice", "final_invoice")


def money(value: Decimal, currency: str = "EUR") -> str:
    return f"{value:,.2f} {currency}"


class CreditLimitExceeded(Conflict):
    """A document would take the customer over the credit limit (HTTP 409); `extensions`
    carries the figures and the actions an authorised user can choose from."""

    def __init__(self, message: str, extensions: dict[str, Any]):
        super().__init__(message)
        self.extensions = extensions


def proposed_actions(customer_id: int, risk: Risk) -> list[dict[str, Any]]:
    base = f"/api/customers/{customer_id}/credit"
    return [
        {"action": "block_customer", "method": "POST", "path": f"{base}/block", "permission": "finance: admin",
         "text": "block the customer: no new orders, delivery notes or invoices"},
        {"action": "redefine_limit", "method": "PUT", "path": f"{base}/limit", "permission": "credit_limits: write",
         "text": "set a new credit limit", "suggested_limit": str(risk.total)},
        {"action": "hold_orders", "method": "POST", "path": f"{base}/hold-orders", "permission": "finance: admin",
         "text": "accept the customer's orders over the limit on credit hold until released"},
    ]


def check_document(session: Session, ctx: Context, document: Document, action: str,
                   before: dict | None) -> CreditCheck | None:
    """Check a saved (flushed) document; returns the recorded check, or None when none was due."""
    if action == "convert" or (action == "create" and document.kind == "partial_invoice"):
        refuse_held_sources(session, ctx, document)
    if document.kind not in RAISING_KINDS or action not in CHECKED_ACTIONS or document.customer_id is None:
        return None
    settings = load_risk_settings(session, ctx.tenant_id)
    if not settings.enabled:
        return None
    customer = lock_customer(session, ctx, document.customer_id)
    change = settle(session).get(customer.id, Parts())
    added = counted_change(change, settings)
    if action == "update" and before is not None:
        added = min(added, document.home_gross_total - Decimal(str(before.get("home_gross_total") or 0)))
    if added <= 0:
        return None
    risk = customer_risk(session, ctx, customer, settings)
    outcome = classify(risk.total, risk.credit_limit, settings.warning_percent)
    if outcome == "over":
        if document.kind == "order" and has_hold_policy(session, ctx, customer.id):
            hold(session, ctx, document, customer, risk, f"credit limit {money(risk.credit_limit)} exceeded: risk "
                                                          f"{money(risk.total)}")
            outcome = "held"
        else:
            refuse(document, customer, risk, added)
    check = CreditCheck(tenant_id=ctx.tenant_id, document_id=document.id, customer_id=customer.id, action=action,
                        outcome=outcome, open_items=risk.open_items, uninvoiced=risk.uninvoiced,
                        open_orders=risk.open_orders, risk=risk.total, document_amount=added,
                        credit_limit=risk.credit_limit, username=ctx.username)
    session.add(check)
    session.flush()
    return check


def refuse(document: Document, customer: Customer, risk: Risk, added: Decimal) -> None:
    from sqlalchemy.orm import object_session

    from kontor.core.documents.currency import home_currency

    currency = home_currency(object_session(document), document.tenant_id)  # limit and risk are in home currency
    kind = document.kind.replace("_", " ")
    message = (f"customer {customer.number} ({customer.short_name}) would exceed the credit limit of "
               f"{money(risk.credit_limit, currency)}: the risk would be {money(risk.total, currency)} with this "
               f"{kind} of {money(document.home_gross_total, currency)}; nothing was saved")
    extensions = {
        "credit_check": {
            "outcome": "over", "customer_id": customer.id, "customer_number": customer.number,
            "credit_limit": str(risk.credit_limit), "risk": str(risk.total), "document_amount":
            str(document.home_gross_total), "added": str(added), "open_items": str(risk.open_items),
            "uninvoiced": str(risk.uninvoiced), "open_orders": str(risk.open_orders),
        },
        "actions": proposed_actions(customer.id, risk),
    }
    raise CreditLimitExceeded(message, extensions)


def has_hold_policy(session: Session, ctx: Context, customer_id: int) -> bool:
    return session.execute(select(CreditHoldPolicy.id).where(
        CreditHoldPolicy.tenant_id == ctx.tenant_id, CreditHoldPolicy.customer_id == customer_id)).first() is not None


def active_hold(session: Session, ctx: Context, order_id: int) -> CreditHold | None:
    return session.execute(select(CreditHold).where(
        CreditHold.tenant_id == ctx.tenant_id, CreditHold.document_id == order_id, CreditHold.state == "held")
    ).scalars().first()


def hold(session: Session, ctx: Context, order: Document, customer: Customer, risk: Risk, reason: str) -> CreditHold:
    """Put the order on hold (once: an order held already keeps its hold)."""
    existing = active_hold(session, ctx, order.id)
    if existing is not None:
        return existing
    row = CreditHold(tenant_id=ctx.tenant_id, document_id=order.id, customer_id=customer.id, reason=reason[:300],
                     risk=risk.total, credit_limit=risk.credit_limit, held_by=ctx.username)
    session.add(row)
    session.flush()
    return row


def refuse_held_sources(session: Session, ctx: Context, document: Document) -> None:
    """Nothing is delivered or invoiced from an order on credit hold."""
    if document.kind not in FOLLOWING_KINDS:
        return
    order_lines = select(DocumentLine.order_line_id).where(DocumentLine.document_id == document.id,
                                                           DocumentLine.order_line_id.is_not(None))
    orders = select(DocumentLine.document_id).where(DocumentLine.id.in_(order_lines))
    statement = (select(CreditHold, Document.number)
                 .join(Document, Document.id == CreditHold.document_id)
                 .where(CreditHold.tenant_id == ctx.tenant_id, CreditHold.state == "held"))
    if document.order_id is not None:
        statement = statement.where((CreditHold.document_id.in_(orders)) | (CreditHold.document_id == document.order_id))
    else:
        statement = statement.where(CreditHold.document_id.in_(orders))
    found = session.execute(statement.order_by(CreditHold.id)).first()
    if found is not None:
        held, number = found
        raise Conflict(f"order {number} is on credit hold since {held.held_at:%Y-%m-%d} ({held.reason}); nothing is "
                       f"delivered or invoiced from it until a user with finance post permission releases it "
                       f"(POST /api/credit-holds/{held.id}/release)")
