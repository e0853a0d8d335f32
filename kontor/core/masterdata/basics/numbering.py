"""Number ranges (Nummernkreise): the next number of a kind, drawn inside the caller's
transaction from a locked counter row (never a database sequence), so numbers are unique,
sequential and without gaps even with concurrent writers: on PostgreSQL the row is locked
with SELECT ... FOR UPDATE, on SQLite every write unit holds the database lock (BEGIN
IMMEDIATE). If the transaction rolls back, the number is given back with it."""

from __future__ import annotations

from sqlmodel import Session, select

from kontor.core.masterdata.basics.models import NumberRange
from kontor.errors import Invalid


def format_number(prefix: str, value: int, width: int) -> str:
    return f"{prefix}{value:0{width}d}"


def peek_number(session: Session, tenant_id: int, kind: str) -> str:
    """The number the next record of this kind would get (a proposal; nothing is taken)."""
    row = _range(session, tenant_id, kind, lock=False)
    return format_number(row.prefix, row.next_number, row.width)


def next_number(session: Session, tenant_id: int, kind: str) -> str:
    row = _range(session, tenant_id, kind, lock=True)
    number = format_number(row.prefix, row.next_number, row.width)
    row.next_number += 1
    session.add(row)
    session.flush()
    return number


def _range(session: Session, tenant_id: int, kind: str, *, lock: bool) -> NumberRange:
    statement = select(NumberRange).where(NumberRange.tenant_id == tenant_id, NumberRange.kind == kind)
    if lock:
        statement = statement.with_for_update()
    row = session.exec(statement).first()
    if row is None:
        raise Invalid.field("number", "number_range", f"no number range for '{kind}' is set up in the basics")
    return row
