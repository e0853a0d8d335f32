"""Transferring a period to accounting: the DATEV files are written and the period is closed,
in one transaction.

A second transfer of a period that overlaps a transferred one is refused (409) unless it is
asked for as a repeat: the accountant's DATEV would book the invoices twice otherwise. The
repeat is recorded as a run of its own. Transfers are serialised per tenant by locking the
tenant row, so two clerks pressing the button at once give one transfer and one refusal.
A plain export (`export_period`) writes the same files without closing anything, to look at
them first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.finance.datev import DatevExport, build_export
from kontor.core.finance.datev_settings import FINANCE, read_datev_settings
from kontor.core.finance.transfer_models import AccountingTransfer
from kontor.core.tenancy.models import Tenant
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict

Writer = Callable[[DatevExport], dict[str, str]]


def describe(transfer: AccountingTransfer) -> str:
    return (f"the period {transfer.period_from} to {transfer.period_to} was transferred to accounting on "
            f"{transfer.transferred_at:%Y-%m-%d %H:%M} by {transfer.transferred_by}")


def overlapping_transfers(session: Session, tenant_id: int, period_from: date, period_to: date) -> list[AccountingTransfer]:
    return list(session.execute(
        select(AccountingTransfer).where(AccountingTransfer.tenant_id == tenant_id,
                                         AccountingTransfer.period_from <= period_to,
                                         AccountingTransfer.period_to >= period_from)
        .order_by(AccountingTransfer.transferred_at, AccountingTransfer.id)).scalars())


def transfer_covering(session: Session, tenant_id: int, day: date) -> AccountingTransfer | None:
    """The first transfer whose period holds `day`: that day's invoices are fixed."""
    found = overlapping_transfers(session, tenant_id, day, day)
    return found[0] if found else None


def drafts_left(session: Session, tenant_id: int, period_from: date, period_to: date) -> int:
    """Invoices and credit notes dated in the period but not posted: they are not in the files,
    and once the period is closed they can be posted only after dating them into an open one."""
    from kontor.core.documents.models import Document
    from kontor.core.finance.postings import SALES_INVOICE_KINDS

    return session.execute(select(func.count(Document.id)).where(
        Document.tenant_id == tenant_id, Document.kind.in_(SALES_INVOICE_KINDS), Document.posted_at.is_(None),
        Document.archived_at.is_(None), Document.doc_date >= period_from, Document.doc_date <= period_to)).scalar()


def export_period(session: Session, ctx: Context, period_from: date, period_to: date, write: Writer) -> DatevExport:
    """The DATEV files of a period without transferring it (nothing is closed)."""
    ctx.require(FINANCE, Level.READ)
    export = build_export(session, ctx.tenant_id, read_datev_settings(session, ctx.tenant_id), period_from,
                          period_to, created_at=utcnow(), exported_by=ctx.username)
    write(export)
    return export


def transfer_period(session: Session, ctx: Context, period_from: date, period_to: date, write: Writer, *,
                    repeat: bool = False) -> tuple[AccountingTransfer, DatevExport]:
    """Write the DATEV files of the period through `write` and close the period."""
    ctx.require(FINANCE, Level.POST)
    session.execute(select(Tenant.id).where(Tenant.id == ctx.tenant_id).with_for_update()).all()
    earlier = overlapping_transfers(session, ctx.tenant_id, period_from, period_to)
    if earlier and not repeat:
        raise Conflict(f"{describe(earlier[-1])}; {period_from} to {period_to} overlaps it. Transfer it again "
                       f"only on purpose, as a repeat (repeat: true, or --repeat)")
    now = utcnow()
    export = build_export(session, ctx.tenant_id, read_datev_settings(session, ctx.tenant_id), period_from,
                          period_to, created_at=now, exported_by=ctx.username)
    checksums = write(export)
    runs = session.execute(select(func.max(AccountingTransfer.run)).where(
        AccountingTransfer.tenant_id == ctx.tenant_id, AccountingTransfer.period_from == period_from,
        AccountingTransfer.period_to == period_to)).scalar()
    stats = export.stats
    transfer = AccountingTransfer(
        tenant_id=ctx.tenant_id, period_from=period_from, period_to=period_to, run=(runs or 0) + 1,
        transferred_at=now, transferred_by=ctx.username, sales_documents=stats.sales_documents,
        sales_gross=stats.sales_gross, purchase_documents=stats.purchase_documents,
        purchase_gross=stats.purchase_gross, checksums=checksums)
    session.add(transfer)
    session.flush()
    record_change(session, ctx, "accounting_transfers", transfer.id, "repeat" if earlier else "transfer", None,
                  snapshot(transfer))
    return transfer, export


def list_transfers(session: Session, ctx: Context) -> list[AccountingTransfer]:
    ctx.require(FINANCE, Level.READ)
    return list(session.execute(
        select(AccountingTransfer).where(AccountingTransfer.tenant_id == ctx.tenant_id)
        .order_by(AccountingTransfer.period_from.desc(), AccountingTransfer.run.desc())).scalars())
