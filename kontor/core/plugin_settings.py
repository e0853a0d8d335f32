"""Typed settings a plugin declares, stored per tenant.

A plugin returns a pydantic model from `kontor_register_settings` (every field with a
default). A tenant's values are one parameter row (`tenant_setting`, key `plugin.<name>`);
reading fills in the defaults, changing validates against the model (422 naming the field),
and every change is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound, Problem

PREFIX = "plugin."


def settings_model(ctx: Context, plugin: str) -> type[BaseModel]:
    host = ctx.hooks.host
    model = host.settings_models.get(plugin) if host is not None else None
    if model is None:
        raise NotFound(f"plugin '{plugin}' has no settings" if host and plugin in host.plugins
                       else f"plugin '{plugin}' is not installed")
    return model


def plugin_settings(session: Session, ctx: Context, plugin: str) -> BaseModel:
    """The tenant's settings of a plugin, defaults where nothing is stored. A stored value the
    plugin's model no longer accepts (a newer version narrowed it) falls back to its default."""
    model = settings_model(ctx, plugin)
    stored = get_setting(session, ctx.tenant_id, PREFIX + plugin, {}) or {}
    stored = {key: value for key, value in stored.items() if key in model.model_fields}
    try:
        return model.model_validate(stored)
    except ValidationError as exc:
        broken = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        return model.model_validate({k: v for k, v in stored.items() if k not in broken})


def describe_settings(session: Session, ctx: Context, plugin: str) -> dict[str, Any]:
    """A plugin's settings for the tenant with their JSON schema (titles, types, limits)."""
    ctx.require("settings", Level.READ)
    model = settings_model(ctx, plugin)
    return {"plugin": plugin, "values": plugin_settings(session, ctx, plugin).model_dump(mode="json"),
            "schema": model.model_json_schema()}


def all_settings(session: Session, ctx: Context) -> list[dict[str, Any]]:
    """The settings of every plugin the tenant enabled that declares some."""
    ctx.require("settings", Level.READ)
    host = ctx.hooks.host
    names = sorted(name for name in (host.settings_models if host else {}) if name in ctx.enabled_plugins)
    return [describe_settings(session, ctx, name) for name in names]


def change_settings(session: Session, ctx: Context, plugin: str, values: dict[str, Any]) -> dict[str, Any]:
    """Change some of a plugin's settings for the tenant (the others keep their value)."""
    ctx.require("settings", Level.ADMIN)
    model = settings_model(ctx, plugin)
    unknown = sorted(set(values) - set(model.model_fields))
    if unknown:
        raise Invalid([Problem(name, "unknown", f"plugin '{plugin}' has no setting '{name}'") for name in unknown])
    before = plugin_settings(session, ctx, plugin).model_dump(mode="json")
    try:
        changed = model.model_validate({**before, **values})
    except ValidationError as exc:
        raise Invalid([Problem(".".join(str(part) for part in error["loc"]) or "settings", error["type"],
                               error["msg"]) for error in exc.errors()]) from None
    after = changed.model_dump(mode="json")
    set_setting(session, ctx.tenant_id, PREFIX + plugin, after)
    record_change(session, ctx, f"plugin_settings.{plugin}", ctx.tenant_id, "update", before, after)
    return describe_settings(session, ctx, plugin)
