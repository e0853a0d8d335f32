"""The credit check's place in the hook system (registered as the core hook module `core.credit_risk`).

- `kontor_validate` on documents runs the credit check (kontor.core.finance.risk_check); on
  customers it keeps the credit limit behind its own permission: master-data rights alone do
  not set or change a limit.
- `kontor_open_items` answers last with kontor's own open items (from the customer's exposure
  row, kontor.core.finance.exposure), so an accounting plugin
  that keeps the ledger elsewhere answers first and the check counts its figure instead.
"""

from __future__ import annotations

from decimal import Decimal

from kontor.core.users.permissions import Level
from kontor.errors import Problem
from kontor.plugins import hookimpl

CREDIT_LIMITS = "credit_limits"


@hookimpl(trylast=True)
def kontor_validate(ctx, session, subject, action, record, before):
    if subject == "documents":
        from kontor.core.finance.risk_check import check_document

        check_document(session, ctx, record, action, before)
        return None
    if subject == "customers" and action in ("create", "update"):
        return credit_limit_guard(ctx, action, record, before)
    return None


def credit_limit_guard(ctx, action, record, before) -> list[Problem] | None:
    old = before.get("credit_limit") if before else None
    old = Decimal(str(old)) if old is not None else None
    if record.credit_limit == old or ctx.can(CREDIT_LIMITS, Level.WRITE):
        return None
    return [Problem("credit_limit", "permission",
                    f"user '{ctx.username}' may not set credit limits: that needs write permission on "
                    f"'{CREDIT_LIMITS}'")]


@hookimpl(trylast=True)
def kontor_open_items(ctx, session, customer):
    from kontor.core.finance.exposure import exposure_of

    return exposure_of(session, customer.id).open_items
