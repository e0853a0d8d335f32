"""Batch runs: delivery notes for all deliverable orders, invoices for all delivery notes not
yet invoiced (Lieferscheinbatch, Fakturenlauf, Sammelrechnungslauf).

Both runs stream their candidates in chunks and do each item in a transaction of its own
(`kontor.core.documents.batch_runner`), so one failing item (a blocked customer, stock that
went elsewhere, a validation hook's veto) is reported in the result and the rest goes on.
Runs are idempotent and resumable: what a run has done no longer matches its selection (an
order delivered, a delivery note invoiced), and every document a run makes carries a batch
key naming its item, unique per tenant, so two runs never make the same document twice.

    run_delivery_notes(db, context_for, DeliverySelection(...))
    run_invoicing(db, context_for, InvoicingSelection(post=True, ...))

`context_for(session)` gives the Context of the tenant and user the run acts for; it is
called once per unit of work. The runs need "sales" at write level, posting ones at post.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.batch_delivery import ORDER_STATES, deliver_order
from kontor.core.documents.batch_invoicing import UNINVOICED, Group, group_of, invoice_group
from kontor.core.documents.batch_runner import ContextFactory, Progress, Runner, stream
from kontor.core.documents.batch_shapes import (
    Backorder,
    BackorderLine,
    CreatedDocument,
    DeliverySelection,
    InvoicingSelection,
    RunItem,
    RunResult,
    RunSelection,
)
from kontor.core.documents.models import Document
from kontor.core.documents.services import SALES
from kontor.core.masterdata.basics.models import Category
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.db.engine import Database
from kontor.errors import Invalid

__all__ = ["Backorder", "BackorderLine", "CreatedDocument", "DeliverySelection", "InvoicingSelection", "RunItem",
           "RunResult", "RunSelection", "resolve_names", "run_delivery_notes", "run_invoicing"]


def run_delivery_notes(db: Database, context_for: ContextFactory, selection: DeliverySelection, *,
                       chunk_size: int = 200, progress: Progress | None = None,
                       stop_after: int | None = None) -> RunResult:
    """A delivery note for every deliverable open order of the selection (orders by id).

    Partial deliveries take what is on hand and leave the rest open as backorder (listed per
    order in the result); customers with a partial-delivery block wait for complete stock.
    `stop_after` ends the run after so many orders were worked on (a re-run goes on)."""
    tenant_id = _start(db, context_for, selection, Level.WRITE)
    doc_date = selection.doc_date or date.today()
    runner = Runner(db, context_for, RunResult(run="delivery_notes"), progress, stop_after)

    def candidates(last: int):
        return (select(Document.id, Document.number)
                .where(*_conditions(tenant_id, selection, "order", ORDER_STATES), Document.id > last)
                .order_by(Document.id))

    runner.start(_count(db, tenant_id, selection, "order", ORDER_STATES))
    for order_id, number in stream(db, candidates, chunk_size):
        if runner.must_stop:
            break
        runner.attempt(f"order {number}", [order_id],
                       lambda session, ctx, order_id=order_id: deliver_order(session, ctx, order_id, doc_date))
        runner.visit()
    return runner.result


def run_invoicing(db: Database, context_for: ContextFactory, selection: InvoicingSelection, *,
                  chunk_size: int = 200, progress: Progress | None = None,
                  stop_after: int | None = None) -> RunResult:
    """Invoices for the delivery notes of the selection not yet invoiced: one per note, or for
    customers with collective invoicing one per invoicing period that has ended by the cut-off
    date. Invoices are drafts, or posted in the same transaction when `selection.post`.
    `stop_after` ends the run after so many invoice groups were worked on."""
    tenant_id = _start(db, context_for, selection, Level.POST if selection.post else Level.WRITE)
    doc_date = selection.doc_date or date.today()
    cut_off = selection.cut_off or date.today()
    runner = Runner(db, context_for, RunResult(run="invoicing"), progress, stop_after)

    def candidates(last: int):
        return (select(Document.id, Document.number, Document.doc_date, Customer.id, Customer.number,
                       Customer.collective_invoice, Customer.invoicing_cycle)
                .join(Customer, Customer.id == Document.customer_id)
                .where(*_conditions(tenant_id, selection, "delivery_note", UNINVOICED), Document.id > last)
                .order_by(Document.id))

    handled: set[tuple] = set()  # groups worked on or passed over in this run (one entry per invoice)
    runner.start(_count(db, tenant_id, selection, "delivery_note", UNINVOICED))
    for row in stream(db, candidates, chunk_size):
        group = group_of(*row)
        if group.identity not in handled:
            if runner.must_stop:
                break
            handled.add(group.identity)
            if not group.has_ended(cut_off) and not selection.include_open_periods:
                runner.result.skipped.append(RunItem(
                    item=group.item, source_ids=[group.first_note_id],
                    message=f"the period {group.period.label} ends on {group.period.last.isoformat()}, "
                            f"not before the cut-off date {cut_off.isoformat()}"))
            else:
                runner.attempt(group.item, [group.first_note_id], lambda session, ctx, group=group: invoice_group(
                    session, ctx, group, selection, doc_date))
        runner.visit()
    return runner.result


# -- planning a run as a job (kontor.jobs) ---------------------------------------------------------


def candidate_orders(session: Session, ctx: Context, selection: DeliverySelection) -> list[int]:
    """The ids of the open orders a delivery-note run would visit, in id order."""
    ctx.require(SALES, Level.WRITE)
    check_selection(session, ctx, selection)
    return list(session.exec(select(Document.id).where(*_conditions(ctx.tenant_id, selection, "order", ORDER_STATES))
                             .order_by(Document.id)).all())


def candidate_groups(session: Session, ctx: Context, selection: InvoicingSelection) -> tuple[list[tuple[Group, int]], list[dict]]:
    """The invoice groups an invoicing run would make, in the order of their first notes, each
    with its number of notes; and the groups passed over because their period has not ended."""
    ctx.require(SALES, Level.POST if selection.post else Level.WRITE)
    check_selection(session, ctx, selection)
    cut_off = selection.cut_off or date.today()
    rows = session.exec(select(Document.id, Document.number, Document.doc_date, Customer.id, Customer.number,
                               Customer.collective_invoice, Customer.invoicing_cycle)
                        .join(Customer, Customer.id == Document.customer_id)
                        .where(*_conditions(ctx.tenant_id, selection, "delivery_note", UNINVOICED))
                        .order_by(Document.id)).all()
    groups: dict[tuple, list] = {}
    for row in rows:
        group = group_of(*row)
        if group.identity in groups:
            groups[group.identity][1] += 1
        else:
            groups[group.identity] = [group, 1]
    planned, skipped = [], []
    for group, notes in groups.values():
        if group.has_ended(cut_off) or selection.include_open_periods:
            planned.append((group, notes))
        else:
            skipped.append(RunItem(item=group.item, source_ids=[group.first_note_id], message=(
                f"the period {group.period.label} ends on {group.period.last.isoformat()}, "
                f"not before the cut-off date {cut_off.isoformat()}")).model_dump(mode="json"))
    return planned, skipped


# -- selection ------------------------------------------------------------------------------------


def _start(db: Database, context_for: ContextFactory, selection: RunSelection, level: Level) -> int:
    """Check permission and selection before anything is done; the tenant's id."""
    with db.read() as session:
        ctx = context_for(session)
        ctx.require(SALES, level)
        check_selection(session, ctx, selection)
        return ctx.tenant_id


def check_selection(session: Session, ctx: Context, selection: RunSelection) -> None:
    if selection.since and selection.until and selection.since > selection.until:
        raise Invalid.field("until", "not_before_since", "the date range ends before it begins")
    if selection.customer_id is not None:
        customer = session.get(Customer, selection.customer_id)
        if customer is None or customer.tenant_id != ctx.tenant_id:
            raise Invalid.field("customer_id", "exists", f"no customer with id {selection.customer_id}")
    if selection.category_id is not None:
        category = session.get(Category, selection.category_id)
        if category is None or category.tenant_id != ctx.tenant_id:
            raise Invalid.field("category_id", "exists", f"no category with id {selection.category_id}")


def resolve_names(session: Session, ctx: Context, customer_number: str | None = None,
                  category_code: str | None = None) -> dict[str, int | None]:
    """customer_id and category_id of a customer number and a category code (for the CLI)."""
    found: dict[str, int | None] = {"customer_id": None, "category_id": None}
    if customer_number:
        found["customer_id"] = session.exec(select(Customer.id).where(
            Customer.tenant_id == ctx.tenant_id, Customer.number == customer_number)).first()
        if found["customer_id"] is None:
            raise Invalid.field("customer", "exists", f"no customer with number '{customer_number}'")
    if category_code:
        found["category_id"] = session.exec(select(Category.id).where(
            Category.tenant_id == ctx.tenant_id, Category.code == category_code)).first()
        if found["category_id"] is None:
            raise Invalid.field("category", "exists", f"no category with code '{category_code}'")
    return found


def _conditions(tenant_id: int, selection: RunSelection, kind: str, states: tuple[str, ...]) -> list:
    conditions = [Document.tenant_id == tenant_id, Document.kind == kind, Document.done.is_(False),
                  Document.archived_at.is_(None), Document.state.in_(states)]
    if selection.customer_id is not None:
        conditions.append(Document.customer_id == selection.customer_id)
    if selection.since is not None:
        conditions.append(Document.doc_date >= selection.since)
    if selection.until is not None:
        conditions.append(Document.doc_date <= selection.until)
    if selection.category_id is not None:
        conditions.append(Document.customer_id.in_(select(Customer.id).where(
            Customer.tenant_id == tenant_id, Customer.category_id == selection.category_id)))
    return conditions


def _count(db: Database, tenant_id: int, selection: RunSelection, kind: str, states: tuple[str, ...]) -> int:
    with db.read() as session:
        return session.exec(select(func.count()).select_from(Document)
                            .where(*_conditions(tenant_id, selection, kind, states))).one()
