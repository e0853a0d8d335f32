"""Closed accounting periods, checked through the validation hook (always active, registered
as `core.accounting_transfer` in kontor.plugins.CORE_HOOK_MODULES).

Once a period went to accounting, the accountant's books hold its invoices: an invoice,
partial or final invoice, credit note or supplier invoice dated in it can no longer be
created, changed, converted into or posted. The refusal is a 422 on `doc_date` with the rule
`period_closed`, naming the period and when and by whom it was transferred; a correction
goes into an open period (a credit note dated today). Other documents, payments and dunning
are not touched: only what the transfer contained is fixed.
"""

from __future__ import annotations

from kontor.core.finance.postings import INVOICE_KINDS
from kontor.errors import Problem
from kontor.plugins import hookimpl


@hookimpl
def kontor_validate(ctx, session, subject, action, record, before):
    if subject != "documents" or getattr(record, "kind", None) not in INVOICE_KINDS or record.doc_date is None:
        return None
    from kontor.core.finance.transfers import describe, transfer_covering

    transfer = transfer_covering(session, ctx.tenant_id, record.doc_date)
    if transfer is None:
        return None
    return [Problem("doc_date", "period_closed",
                    f"{record.doc_date} lies in a closed period: {describe(transfer)}; its invoices are fixed. "
                    f"Date the document into an open period")]
