"""Building blocks every table uses: the tenant key and timestamps."""

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class TenantOwned(SQLModel):
    """Every row of a company's data carries its tenant; no query crosses tenants."""

    tenant_id: int = Field(foreign_key="tenant.id", index=True, nullable=False)


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
