"""The document-consistency check: what must hold after any crash, dropped connection or
full disk, because every write is one transaction. `kontor documents check` runs it.

- every posted invoice or credit note has its number and exactly one open item of its
  signed gross total;
- the numbers of every posted kind are gapless per tenant (a rolled-back posting gives its
  number back, so a gap means a lost document);
- no delivery-note line is billed for more than its quantity (nothing invoiced twice);
- every customer's exposure row and every open document's share equal what the documents,
  open items and payments give (kontor.core.finance.exposure_check).
Each check is a few grouped queries, so it runs over large data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from kontor.core.documents.kinds import KINDS
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.exposure_check import verify_exposure
from kontor.core.finance.models import OpenItem

POSTED_KINDS = tuple(k.name for k in KINDS.values() if k.postable)
BILLING_KINDS = tuple(k.name for k in KINDS.values() if k.billing and k.side == "sales")
_DIGITS = re.compile(r"(\d+)$")


def check_documents(session: Session, tenant_id: int | None = None) -> list[str]:
    problems: list[str] = []
    problems += _posted_without_number_or_item(session, tenant_id)
    problems += _gaps(session, tenant_id)
    problems += _billed_twice(session, tenant_id)
    problems += verify_exposure(session, tenant_id)
    return problems


def _tenant(column, tenant_id):
    return [column == tenant_id] if tenant_id is not None else []


def _posted_without_number_or_item(session: Session, tenant_id: int | None) -> list[str]:
    sign = case((Document.kind == "credit_note", -1), else_=1)
    items = func.count(OpenItem.id)
    rows = session.execute(
        select(Document.tenant_id, Document.id, Document.kind, Document.number, items,
               func.sum(OpenItem.amount), Document.gross_total, sign)
        .outerjoin(OpenItem, OpenItem.document_id == Document.id)
        .where(Document.posted_at.is_not(None), Document.kind.in_(POSTED_KINDS), *_tenant(Document.tenant_id, tenant_id))
        .group_by(Document.tenant_id, Document.id, Document.kind, Document.number, Document.gross_total)
        .having(func.count(OpenItem.id) != 1)
    ).all()
    problems = [f"tenant {t}: posted {kind} {number or '(no number)'} (id {doc}) has {count} open items"
                for t, doc, kind, number, count, _amount, _gross, _sign in rows]
    missing = session.execute(
        select(Document.tenant_id, Document.id, Document.kind)
        .where(Document.posted_at.is_not(None), Document.number.is_(None), *_tenant(Document.tenant_id, tenant_id))
    ).all()
    problems += [f"tenant {t}: posted {kind} id {doc} has no number" for t, doc, kind in missing]
    wrong = session.execute(
        select(Document.tenant_id, Document.number, Document.gross_total, OpenItem.amount, Document.kind)
        .join(OpenItem, OpenItem.document_id == Document.id)
        .where(Document.posted_at.is_not(None), *_tenant(Document.tenant_id, tenant_id),
               OpenItem.amount != case((Document.kind == "credit_note", -Document.gross_total), else_=Document.gross_total))
    ).all()
    problems += [f"tenant {t}: {kind} {number}: open item {amount} differs from the total {gross}"
                 for t, number, gross, amount, kind in wrong]
    return problems


def _gaps(session: Session, tenant_id: int | None) -> list[str]:
    numbers: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = session.execute(
        select(Document.tenant_id, Document.kind, Document.number)
        .where(Document.posted_at.is_not(None), Document.kind.in_(POSTED_KINDS), Document.number.is_not(None),
               *_tenant(Document.tenant_id, tenant_id))
    )
    for tenant, kind, number in rows:
        match = _DIGITS.search(number)
        if match:
            numbers[(tenant, KINDS[kind].number_range)].append(int(match.group(1)))
    problems = []
    for (tenant, number_range), values in sorted(numbers.items()):
        values.sort()
        expected = values[-1] - values[0] + 1
        if expected != len(values) or len(set(values)) != len(values):
            missing = sorted(set(range(values[0], values[-1] + 1)) - set(values))[:10]
            problems.append(f"tenant {tenant}: number range {number_range} has gaps or doubles (missing e.g. {missing})")
    return problems


def _billed_twice(session: Session, tenant_id: int | None) -> list[str]:
    note_line = aliased(DocumentLine)
    note = aliased(Document)
    bill = aliased(Document)
    billed = func.sum(DocumentLine.quantity)
    rows = session.execute(
        select(note.tenant_id, note.number, note_line.position, note_line.quantity, billed)
        .join(note, note.id == note_line.document_id)
        .join(DocumentLine, DocumentLine.source_line_id == note_line.id)
        .join(bill, and_(bill.id == DocumentLine.document_id, bill.kind.in_(BILLING_KINDS), bill.kind != "credit_note"))
        .where(note.kind == "delivery_note", note_line.quantity > 0, *_tenant(note.tenant_id, tenant_id))
        .group_by(note.tenant_id, note.number, note_line.id, note_line.position, note_line.quantity)
        .having(billed > note_line.quantity)
    ).all()
    return [f"tenant {t}: delivery note {number} line {position}: {Decimal(b).normalize():f} billed of "
            f"{Decimal(q).normalize():f} delivered" for t, number, position, q, b in rows]
