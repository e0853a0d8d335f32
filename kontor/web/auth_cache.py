"""A short-lived cache of what a bearer token stands for: user, tenant, grants, enabled plugins.

Resolving a token costs four queries per request (token, user, memberships, grants, plus the
tenant's plugin switches); a busy order desk sends the same token many times a second. Each
web process keeps the answer for at most `auth_cache_seconds` (setting, default 5; 0 switches
the cache off), and never past the token's expiry. What changes a token, a user, a role, a
membership or a tenant's settings in this process empties the cache at once (the session
tells: kontor.web.auth_cache watches flushes and bulk statements on those tables); another
process sees such a change, a revoked token included, within `auth_cache_seconds`.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import event
from sqlmodel import Session

from kontor.core.context import Context

WATCHED_TABLES = {"api_token", "user", "user_role", "role", "role_grant", "membership", "tenant", "tenant_setting"}
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Entry:
    context: Context
    until: float  # time.monotonic()
    generation: int


class AuthCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Entry] = {}
        self._lock = threading.Lock()
        self.generation = 0

    def get(self, token: str, tenant_header: str | None) -> Context | None:
        entry = self._entries.get(_key(token, tenant_header))
        if entry is None or entry.generation != self.generation or entry.until < time.monotonic():
            return None
        return entry.context

    def put(self, token: str, tenant_header: str | None, context: Context, seconds: float,
            expires_at: datetime | None = None) -> None:
        if seconds <= 0:
            return
        until = time.monotonic() + seconds
        if expires_at is not None:
            from kontor.db.base import utcnow

            until = min(until, time.monotonic() + (expires_at - utcnow()).total_seconds())
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[_key(token, tenant_header)] = Entry(replace(context), until, self.generation)

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()


def _key(token: str, tenant_header: str | None) -> tuple[str, str]:
    return hashlib.sha256(token.encode()).hexdigest(), tenant_header or ""


CACHE = AuthCache()


def _watched(table_name: str | None) -> bool:
    """The tables a token's meaning comes from (any table about tokens, such as a revocation list)."""
    return table_name is not None and (table_name in WATCHED_TABLES or "token" in table_name)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _flush_context) -> None:
    for record in (*session.new, *session.dirty, *session.deleted):
        if _watched(getattr(getattr(record, "__table__", None), "name", None)):
            session.info["kontor.auth_changed"] = True
            return


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    if (state.is_update or state.is_delete or state.is_insert) and _watched(
            getattr(getattr(state.statement, "table", None), "name", None)):
        state.session.info["kontor.auth_changed"] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop("kontor.auth_changed", False):
        CACHE.clear()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop("kontor.auth_changed", None)
