"""Events that plugins hear after the commit (`kontor_document_posted`, ...).

A service queues an event inside its transaction with the hook caller itself:

    after_commit(session, ctx, ctx.hooks.kontor_document_posted, document_id=..., kind=..., number=...)

The event is checked when it is queued: the hook must be declared as an after-commit event
(`@after_commit_event` in kontor.hookspecs, or in a plugin's own hookspecs) and the arguments
must be exactly the hook's (a misspelt hook fails at `ctx.hooks.<name>` already). Once the
transaction has committed, each listening plugin is called on its own, so one failing
listener neither hides the others nor the committed data: its exception is logged with the
plugin's name and recorded as an `EventFailure` row (`GET /api/events/failures`). If the
transaction rolls back, nothing is announced.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import datetime
from typing import Any

from sqlalchemy import Text, event, func, insert
from sqlmodel import Field, Session, select

from kontor.core.context import Context
from kontor.core.users.permissions import Level
from kontor.db.base import TenantOwned, utcnow
from kontor.hookspecs import AFTER_COMMIT_EVENTS
from kontor.plugin_trace import call_frame
from kontor.plugins import implementations

log = logging.getLogger("kontor.events")
_KEY = "kontor.after_commit"


class EventFailure(TenantOwned, table=True):
    """A plugin's listener that raised after the commit: which plugin, which event, with what."""

    __tablename__ = "event_failure"

    id: int | None = Field(default=None, primary_key=True)
    plugin: str = Field(max_length=80)
    hook: str = Field(max_length=120)
    arguments: str = Field(default="", sa_type=Text, description="the event's arguments as JSON")
    error: str = Field(default="", sa_type=Text, description="type and message of the exception")
    trace: str = Field(default="", sa_type=Text)
    occurred_at: datetime = Field(default_factory=utcnow)


class EventError(TypeError):
    """An event queued with a hook that is no after-commit event, or with wrong arguments."""


def after_commit(session: Session, ctx: Context, hook: Any, **kwargs: Any) -> None:
    """Queue `hook` (a caller from `ctx.hooks`) to be called with `ctx` and `kwargs` once the
    session's transaction has committed; refuses, at once, what the hook would not accept."""
    name = getattr(hook, "name", None)
    if name not in AFTER_COMMIT_EVENTS or not callable(hook):
        raise EventError(f"{name or repr(hook)} is not an after-commit event; declared ones: "
                         f"{', '.join(sorted(AFTER_COMMIT_EVENTS))}")
    expected = set(hook.spec.argnames) - {"ctx"}
    if set(kwargs) != expected:
        missing, unknown = sorted(expected - set(kwargs)), sorted(set(kwargs) - expected)
        raise EventError(f"{name} takes {', '.join(sorted(expected))}"
                         + (f"; missing {', '.join(missing)}" if missing else "")
                         + (f"; unknown {', '.join(unknown)}" if unknown else ""))
    session.info.setdefault(_KEY, []).append((ctx, hook, kwargs))


def pending_events(session: Session) -> list[str]:
    """Names of the events queued in this session (for tests and diagnostics)."""
    return [hook.name for _ctx, hook, _kwargs in session.info.get(_KEY, [])]


@event.listens_for(Session, "after_commit")
def _fire(session: Session) -> None:
    pending = session.info.pop(_KEY, [])
    for ctx, hook, kwargs in pending:
        arguments = {**kwargs, "ctx": ctx}
        impls = implementations(hook)
        with call_frame(hook.name, impls):
            for impl in impls:
                try:
                    impl.function(*[arguments[name] for name in impl.argnames])
                except Exception as exc:  # the data is committed; a listener's failure must not hide that
                    log.error("plugin '%s' failed in %s for tenant %s: %s", impl.plugin_name, hook.name,
                              ctx.tenant_code, exc, exc_info=True)
                    _record(session, ctx, impl.plugin_name, hook.name, kwargs, exc)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)


def _record(session: Session, ctx: Context, plugin: str, hook: str, kwargs: dict[str, Any], exc: Exception) -> None:
    """Write the failure in a transaction of its own (the session's own one has ended)."""
    row = {
        "tenant_id": ctx.tenant_id, "plugin": plugin, "hook": hook,
        "arguments": json.dumps(kwargs, default=str, sort_keys=True),
        "error": f"{type(exc).__name__}: {exc}"[:2000],
        "trace": "".join(traceback.format_exception(exc))[-8000:],
        "occurred_at": utcnow(),
    }
    try:
        with session.get_bind().begin() as connection:
            connection.execute(insert(EventFailure.__table__).values(**row))
    except Exception:  # the log line above stays the record when the database cannot take it
        log.exception("could not record the failure of plugin '%s' in %s", plugin, hook)


def list_failures(session: Session, ctx: Context, *, plugin: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[EventFailure], int]:
    """The tenant's recorded listener failures, newest first."""
    ctx.require("settings", Level.ADMIN)
    conditions = [EventFailure.tenant_id == ctx.tenant_id]
    if plugin:
        conditions.append(EventFailure.plugin == plugin)
    total = session.exec(select(func.count()).select_from(EventFailure).where(*conditions)).one()
    rows = session.exec(select(EventFailure).where(*conditions)
                        .order_by(EventFailure.occurred_at.desc(), EventFailure.id.desc()).offset(offset).limit(limit))
    return list(rows), total
