"""Tenants and their per-tenant parameter rows."""

from __future__ import annotations

import copy
import re
from typing import Any

from sqlmodel import Session, select

from kontor.core.tenancy.models import Tenant, TenantSetting
from kontor.errors import Conflict, Invalid, NotFound

_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,19}$")


def create_tenant(session: Session, code: str, name: str) -> Tenant:
    if not _CODE.match(code):
        raise Invalid.field("code", "pattern", "use 1 to 20 lower-case letters, digits, '-' or '_'")
    if not name.strip():
        raise Invalid.field("name", "required", "a tenant needs a name")
    if session.exec(select(Tenant).where(Tenant.code == code)).first() is not None:
        raise Conflict(f"tenant '{code}' exists already")
    tenant = Tenant(code=code, name=name.strip())
    session.add(tenant)
    session.flush()
    return tenant


def tenant_by_code(session: Session, code: str) -> Tenant:
    tenant = session.exec(select(Tenant).where(Tenant.code == code)).first()
    if tenant is None:
        raise NotFound(f"no tenant '{code}'")
    return tenant


def list_tenants(session: Session) -> list[Tenant]:
    return list(session.exec(select(Tenant).order_by(Tenant.code)))


_SETTINGS_CACHE = "kontor.tenant_settings"
_MISSING = object()


def get_setting(session: Session, tenant_id: int, key: str, default: Any = None) -> Any:
    """A tenant's setting; read once per unit of work (the session remembers it), because
    one document asks for the company parameters many times. Callers get their own copy."""
    cache = session.info.setdefault(_SETTINGS_CACHE, {})
    value = cache.get((tenant_id, key), _MISSING)
    if value is _MISSING:
        row = session.exec(
            select(TenantSetting).where(TenantSetting.tenant_id == tenant_id, TenantSetting.key == key)
        ).first()
        value = cache[(tenant_id, key)] = None if row is None else row.value
    return default if value is None else copy.deepcopy(value)


def set_setting(session: Session, tenant_id: int, key: str, value: Any) -> None:
    row = session.exec(
        select(TenantSetting).where(TenantSetting.tenant_id == tenant_id, TenantSetting.key == key)
    ).first()
    if row is None:
        session.add(TenantSetting(tenant_id=tenant_id, key=key, value=value))
    else:
        row.value = value
        session.add(row)
    session.flush()
    session.info.setdefault(_SETTINGS_CACHE, {})[(tenant_id, key)] = copy.deepcopy(value)
