"""The audit trail: who changed what, when, with the values before and after."""


from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, Session, SQLModel

from kontor.db.base import TenantOwned, utcnow


class AuditEntry(TenantOwned, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_subject", "tenant_id", "subject", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    user_id: int | None = None
    username: str = Field(max_length=60)
    subject: str = Field(max_length=60)
    record_id: int
    action: str = Field(max_length=30)
    before: Any = Field(default=None, sa_type=JSON)
    after: Any = Field(default=None, sa_type=JSON)


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def snapshot(record: SQLModel) -> dict[str, Any]:
    """The stored columns of a record as JSON-ready values."""
    table = record.__table__
    return {column.key: jsonable(getattr(record, column.key)) for column in table.columns}


def record_change(
    session: Session,
    ctx,
    subject: str,
    record_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)} - {"updated_at"}
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    session.add(
        AuditEntry(
            tenant_id=ctx.tenant_id,
            user_id=ctx.user_id,
            username=ctx.username,
            subject=subject,
            record_id=record_id,
            action=action,
            before=before,
            after=after,
        )
    )
