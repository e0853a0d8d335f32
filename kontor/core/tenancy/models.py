
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.db.base import Timestamped


class Tenant(Timestamped, table=True):
    """A company (Mandant) whose data lives in this database beside others'."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True, index=True)
    name: str = Field(max_length=120)


class TenantSetting(SQLModel, table=True):
    """One per-tenant parameter (key -> JSON value), e.g. `plugins.enabled` or `basics`."""

    __tablename__ = "tenant_setting"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: int = Field(foreign_key="tenant.id", index=True)
    key: str = Field(max_length=80)
    value: Any = Field(default=None, sa_type=JSON)
