
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.db.base import TenantOwned, Timestamped


class User(Timestamped, table=True):
    """A person who logs in. Users are shared across tenants; what they may do in a tenant
    comes from their membership and roles there."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True, index=True)
    full_name: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    active: bool = True


class Membership(TenantOwned, table=True):
    """A user works in a tenant, optionally in one organisational unit (head office, branch)."""

    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    org_unit_id: int | None = Field(default=None, foreign_key="org_unit.id")
    is_default: bool = False


class Role(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    description: str = Field(default="", max_length=200)


class RoleGrant(TenantOwned, table=True):
    """A role's level (read, write, post, admin) on one program part."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("role_id", "part"),)

    id: int | None = Field(default=None, primary_key=True)
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")
    part: str = Field(max_length=40)
    level: int


class UserRole(TenantOwned, table=True):
    __tablename__ = "user_role"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "role_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    role_id: int = Field(foreign_key="role.id", index=True, ondelete="CASCADE")


class ApiToken(SQLModel, table=True):
    """A bearer token; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    label: str = Field(default="", max_length=80)
    created_at: datetime
    expires_at: datetime
