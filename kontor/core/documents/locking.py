"""Lock rules: when a sales document stops being changeable.

A tenant lists its rules in the company parameters (`lock_rules`):

- `invoice_posted`: a posted invoice, credit note, partial or final invoice is locked. This one
  is always in effect (GoBD), listed or not: posting sets `locked` (kontor.core.documents.posting)
  and the services refuse any change of a posted document.
- `order_delivered`: an order is locked once every line is fully delivered.
- `order_invoiced`: an order is locked once every line is fully invoiced.
- `delivery_note_invoiced`: a delivery note is locked once every line is fully invoiced.
- `quote_accepted`: a quote is locked once a line of it went into an order.
- `return_credited`: a return delivery note is locked once its credit note exists; always in
  effect like `invoice_posted` (the credit note was posted from it).

The `locked` flag is derived: `apply_lock_rules` sets it while a listed rule holds and clears
it when none holds any more (a delivery note of the order was deleted, the tenant dropped the
rule), each time with an audit entry naming the rule. A locked document is still read, listed
and converted (a delivered order is invoiced); `services.refuse_change` refuses to change it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.lineage import order_line_status, taken
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.tenancy.services import get_setting

INVOICE_KINDS = ("invoice", "credit_note", "partial_invoice", "final_invoice")
RULE_TEXTS = {
    "invoice_posted": "a posted invoice never changes",
    "order_delivered": "an order locks once fully delivered",
    "order_invoiced": "an order locks once fully invoiced",
    "delivery_note_invoiced": "a delivery note locks once fully invoiced",
    "quote_accepted": "a quote locks once it became an order",
    "return_credited": "a return delivery note locks once it is credited",
}


def lock_rules(session: Session, tenant_id: int) -> list[str]:
    """The tenant's lock rules as set in the company parameters (defaults if never set)."""
    stored = get_setting(session, tenant_id, PARAMETERS_KEY, {}) or {}
    if "lock_rules" not in stored:
        return CompanyParameters().lock_rules
    return CompanyParameters.model_validate({"lock_rules": stored["lock_rules"]}).lock_rules


def rules_holding(session: Session, document: Document, rules: Iterable[str]) -> list[str]:
    """The listed rules that lock the document now, in the order they are listed."""
    wanted = list(rules)
    if document.kind in INVOICE_KINDS and document.posted_at is not None:
        return ["invoice_posted"]
    if document.kind == "return_delivery_note" and _credited(session, document):
        return ["return_credited"]
    relevant = [rule for rule in wanted if rule in _CHECKS.get(document.kind, {})]
    if not relevant:
        return []
    lines = list(session.exec(select(DocumentLine).where(DocumentLine.document_id == document.id,
                                                         DocumentLine.optional.is_(False))))
    if not lines:
        return []
    return [rule for rule in relevant if _CHECKS[document.kind][rule](session, lines)]


def _credited(session: Session, document: Document) -> bool:
    line_ids = select(DocumentLine.id).where(DocumentLine.document_id == document.id)
    return session.exec(select(DocumentLine.id).where(DocumentLine.source_line_id.in_(line_ids))).first() is not None


def lock_rule_of(session: Session, document: Document) -> str:
    """The rule that keeps a locked document locked ('' if none holds any more)."""
    holding = rules_holding(session, document, lock_rules(session, document.tenant_id))
    return holding[0] if holding else ""


def apply_lock_rules(session: Session, ctx: Context, document_ids: Iterable[int]) -> dict[int, str]:
    """Set or clear `locked` of the given documents by the tenant's rules; audited.

    Call it wherever states are refreshed after lines were taken over or removed (after
    `status.refresh_states`). Posted and archived documents are left alone: they never change.
    Returns {document id: rule} of the (unposted) documents that are locked now.
    """
    rules = lock_rules(session, ctx.tenant_id)
    result: dict[int, str] = {}
    for document_id in sorted(set(document_ids)):
        document = session.get(Document, document_id)
        if document is None or document.tenant_id != ctx.tenant_id:
            continue
        if document.posted_at is not None or document.archived_at is not None:
            continue
        holding = rules_holding(session, document, rules)
        locked = bool(holding)
        if locked:
            result[document.id] = holding[0]
        if locked == document.locked:
            continue
        document.locked = locked
        session.add(document)
        session.flush()
        rule = holding[0] if holding else None
        record_change(session, ctx, "documents", document.id, "lock" if locked else "unlock",
                      {"locked": not locked}, {"locked": locked, "rule": rule})
    return result


def _order_fully(index: int):
    def check(session: Session, lines: list[DocumentLine]) -> bool:
        status = order_line_status(session, lines)
        return all(status[line.id][index] >= line.quantity for line in lines)

    return check


def _delivery_note_invoiced(session: Session, lines: list[DocumentLine]) -> bool:
    took = taken(session, lines, {line.id: "delivery_note" for line in lines}, "invoice")
    return all(took[line.id] >= line.quantity for line in lines)


def _quote_accepted(session: Session, lines: list[DocumentLine]) -> bool:
    took = taken(session, lines, {line.id: "quote" for line in lines}, "order")
    return any(took[line.id] > 0 for line in lines)


_CHECKS = {
    "order": {"order_delivered": _order_fully(0), "order_invoiced": _order_fully(1)},
    "delivery_note": {"delivery_note_invoiced": _delivery_note_invoiced},
    "quote": {"quote_accepted": _quote_accepted},
}
