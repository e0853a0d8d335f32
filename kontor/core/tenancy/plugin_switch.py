"""Switching plugins on and off for one tenant (the parameter row `plugins.enabled`)."""

from __future__ import annotations

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level
from kontor.errors import Conflict
from kontor.plugins import ENABLED_KEY, PluginError, PluginHost


def _enabled(session: Session, tenant_id: int) -> list[str]:
    return list(get_setting(session, tenant_id, ENABLED_KEY, []) or [])


def enable_plugins(session: Session, ctx: Context, host: PluginHost, names: list[str]) -> list[str]:
    """Enable the named plugins in the order given; each one's requirements must already be
    enabled or come earlier in `names`. Returns the tenant's enabled plugins."""
    ctx.require("settings", Level.ADMIN)
    enabled = _enabled(session, ctx.tenant_id)
    for name in names:
        try:
            host.check_enable(name, enabled)
        except PluginError as exc:
            raise Conflict(str(exc)) from None
        if name not in enabled:
            enabled.append(name)
    set_setting(session, ctx.tenant_id, ENABLED_KEY, sorted(enabled))
    return sorted(enabled)


def disable_plugin(session: Session, ctx: Context, host: PluginHost, name: str) -> list[str]:
    ctx.require("settings", Level.ADMIN)
    enabled = _enabled(session, ctx.tenant_id)
    try:
        host.check_disable(name, enabled)
    except PluginError as exc:
        raise Conflict(str(exc)) from None
    enabled = [p for p in enabled if p != name]
    set_setting(session, ctx.tenant_id, ENABLED_KEY, sorted(enabled))
    return sorted(enabled)


def enable_bundle(session: Session, ctx: Context, host: PluginHost, plugins: list[str]) -> list[str]:
    """Enable a reseller's bundle: its plugins and their requirements, in dependency order."""
    try:
        ordered = host.enable_order(plugins)
    except PluginError as exc:
        raise Conflict(str(exc)) from None
    return enable_plugins(session, ctx, host, ordered)
