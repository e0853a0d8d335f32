"""Plugins' settings per tenant and the failures of their after-commit listeners."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get, patch
from litestar.params import Parameter
from pydantic import BaseModel

from kontor.core import plugin_settings
from kontor.core.events import list_failures
from kontor.web.units import unit

TAGS = ["plugins"]


class EventFailureRead(BaseModel):
    id: int
    plugin: str
    hook: str
    arguments: str
    error: str
    occurred_at: datetime


@get("/api/plugins/settings", sync_to_thread=True, tags=TAGS,
     summary="The settings of every enabled plugin that declares some, with their JSON schema")
def all_settings(request: Request) -> list[dict[str, Any]]:
    with unit(request) as (session, ctx):
        return plugin_settings.all_settings(session, ctx)


@get("/api/plugins/{name:str}/settings", sync_to_thread=True, tags=TAGS,
     summary="A plugin's settings for this tenant (defaults where none were set) and their JSON schema")
def read_settings(request: Request, name: str) -> dict[str, Any]:
    with unit(request) as (session, ctx):
        return plugin_settings.describe_settings(session, ctx, name)


@patch("/api/plugins/{name:str}/settings", sync_to_thread=True, tags=TAGS,
       summary="Change some of a plugin's settings (the others keep their value); 422 names a bad field")
def change_settings(request: Request, name: str, data: dict[str, Any]) -> dict[str, Any]:
    with unit(request, write=True) as (session, ctx):
        return plugin_settings.change_settings(session, ctx, name, data)


@get("/api/events/failures", sync_to_thread=True, tags=TAGS,
     summary="Plugins' listeners that failed after a commit, newest first, with the plugin's name")
def failures(request: Request, plugin: str | None = None, limit: int = Parameter(default=50, ge=1, le=500),
             offset: int = Parameter(default=0, ge=0)) -> dict[str, Any]:
    with unit(request) as (session, ctx):
        rows, total = list_failures(session, ctx, plugin=plugin, limit=limit, offset=offset)
        return {"items": [EventFailureRead.model_validate(r, from_attributes=True).model_dump() for r in rows],
                "total": total, "limit": limit, "offset": offset}


HANDLERS = [all_settings, read_settings, change_settings, failures]
