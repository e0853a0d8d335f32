"""One item of the invoicing run: a group of delivery notes that becomes one invoice.

A customer without collective invoicing gets one invoice per delivery note. A customer with
collective invoicing gets one invoice per invoicing period: per_delivery (each note alone),
weekly (ISO week of the note date), semi_monthly (days 1-15 and 16 to the month's end) or
monthly (calendar month). A period is invoiced once it has ended, that is, when its last
day lies before the run's cut-off date (unless the run includes open periods).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.batch_runner import Outcome, created, made_already, mark_batch
from kontor.core.documents.batch_shapes import InvoicingSelection, RunItem
from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document

# Delivery notes still to invoice (refresh_states sets "invoiced" once every line is billed;
# draft invoices count, so a note is taken by exactly one invoice).
UNINVOICED = ("open", "partly_invoiced")
COLLECTIVE_CYCLES = ("weekly", "semi_monthly", "monthly")


@dataclass(frozen=True)
class Period:
    label: str
    first: date
    last: date


def period_of(cycle: str, day: date) -> Period:
    """The invoicing period of a note date; per_delivery (or anything else): the day alone."""
    if cycle == "weekly":
        year, week, _ = day.isocalendar()
        monday = date.fromisocalendar(year, week, 1)
        return Period(f"{year}-W{week:02d}", monday, monday + timedelta(days=6))
    if cycle == "semi_monthly":
        month_end = calendar.monthrange(day.year, day.month)[1]
        if day.day <= 15:
            return Period(f"{day:%Y-%m}-1", day.replace(day=1), day.replace(day=15))
        return Period(f"{day:%Y-%m}-2", day.replace(day=16), day.replace(day=month_end))
    if cycle == "monthly":
        return Period(f"{day:%Y-%m}", day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))
    return Period(day.isoformat(), day, day)


@dataclass(frozen=True)
class Group:
    """The delivery notes of one future invoice, known by its first note in the stream."""

    customer_id: int
    customer_number: str
    collective: bool  # grouped by a period (weekly, semi-monthly, monthly)
    period: Period
    first_note_id: int
    first_note_number: str | None = None

    @property
    def identity(self) -> tuple:
        return (self.customer_id, self.period.label) if self.collective else ("note", self.first_note_id)

    @property
    def label(self) -> str:
        return f"invoice-run:{self.customer_id}:{self.period.label if self.collective else 'note'}:{self.first_note_id}"

    @property
    def item(self) -> str:
        if self.collective:
            return f"customer {self.customer_number}, period {self.period.label}"
        return f"delivery note {self.first_note_number or self.first_note_id}"

    def has_ended(self, cut_off: date) -> bool:
        return not self.collective or self.period.last < cut_off

    def as_json(self) -> dict:
        """The group as a job chunk keeps it (kontor.jobs)."""
        return {"customer_id": self.customer_id, "customer_number": self.customer_number,
                "collective": self.collective, "period": [self.period.label, self.period.first.isoformat(),
                                                          self.period.last.isoformat()],
                "first_note_id": self.first_note_id, "first_note_number": self.first_note_number}

    @classmethod
    def from_json(cls, data: dict) -> "Group":
        label, first, last = data["period"]
        return cls(data["customer_id"], data["customer_number"], data["collective"],
                   Period(label, date.fromisoformat(first), date.fromisoformat(last)), data["first_note_id"],
                   data["first_note_number"])


def group_of(note_id: int, note_number: str | None, doc_date: date, customer_id: int, customer_number: str,
             collective_invoice: bool, cycle: str) -> Group:
    collective = collective_invoice and cycle in COLLECTIVE_CYCLES
    return Group(customer_id, customer_number, collective, period_of(cycle if collective else "per_delivery", doc_date),
                 note_id, note_number)


def notes_of_group(session: Session, ctx: Context, group: Group, selection: InvoicingSelection) -> list[Document]:
    """The group's notes still to invoice, locked, in id order (the selection's dates apply)."""
    conditions = [Document.tenant_id == ctx.tenant_id, Document.kind == "delivery_note", Document.done.is_(False),
                  Document.archived_at.is_(None), Document.state.in_(UNINVOICED),
                  Document.customer_id == group.customer_id]
    if group.collective:
        conditions += [Document.doc_date >= max(group.period.first, selection.since or group.period.first),
                       Document.doc_date <= min(group.period.last, selection.until or group.period.last)]
    else:
        conditions.append(Document.id == group.first_note_id)
    return list(session.exec(select(Document).where(*conditions).order_by(Document.id).with_for_update()))


def invoice_group(session: Session, ctx: Context, group: Group, selection: InvoicingSelection,
                  doc_date: date) -> Outcome | None:
    """The unit of work of one group: its invoice (posted when the run posts), or None when
    its notes were invoiced meanwhile."""
    notes = notes_of_group(session, ctx, group, selection)
    if not notes:
        return None
    ids = [note.id for note in notes]
    key = group.label if notes[0].id == group.first_note_id else group.label.rsplit(":", 1)[0] + f":{notes[0].id}"
    existing = made_already(session, ctx, key)
    if existing is not None:
        return Outcome(skipped=RunItem(item=group.item, source_ids=ids,
                                       message=f"invoice {existing.number or existing.id} was made by an earlier run"))
    invoice = convert(session, ctx, "invoice", source_document_ids=ids, doc_date=doc_date)
    mark_batch(session, ctx, invoice, "collective" if group.collective else "batch", key)
    if selection.post:
        invoice = post_document(session, ctx, invoice.id)
    return Outcome(created=created(invoice, ids))
