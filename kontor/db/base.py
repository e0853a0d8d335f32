"""Building blocks every table uses: the tenant key and timestamps."""

from datetime import UTC, datetime

from sqlalchemy import Table, event
from sqlmodel import Field, SQLModel


@event.listens_for(Table, "after_parent_attach")
def _never_reuse_ids(table: Table, metadata) -> None:
    """SQLite hands out the id of a just-deleted row again unless a table is AUTOINCREMENT;
    a client holding an old id would then change another record. PostgreSQL never reuses."""
    if metadata is SQLModel.metadata:
        table.dialect_options["sqlite"]["autoincrement"] = True


def utcnow() -> datetime:
    return datetime.now(UTC)


class TenantOwned(SQLModel):
    """Every row of a company's data carries its tenant; no query crosses tenants."""

    tenant_id: int = Field(foreign_key="tenant.id", index=True, nullable=False)


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
