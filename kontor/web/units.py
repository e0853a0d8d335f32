"""Units of work for requests: one transaction per request, authenticated in the service layer.

`unit(request, write=True)` opens a session, resolves the bearer token to a user and the
tenant (header `X-Kontor-Tenant`, else the user's default tenant) and yields the session
with the Context; a write unit commits at the end, every error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from litestar import Request
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.users.services import membership_tenant, user_for_token
from kontor.errors import NotAuthenticated
from kontor.runtime import Kontor

TENANT_HEADER = "x-kontor-tenant"
# Routes anyone may call without a token (or mark a handler `opt={"public": True}`).
PUBLIC_PATHS = frozenset({"/api/auth/token"})


def is_public(handler) -> bool:
    return bool(handler.opt.get("public")) or any(path in PUBLIC_PATHS for path in handler.paths)


def check_caller(request: Request) -> None:
    """Raise NotAuthenticated / PermissionDenied if the request may not call its route at all.
    Used where input is refused before the handler runs: who may not call a route learns
    that first (401/403), not what is wrong with the input."""
    handler = request.scope.get("route_handler")
    if handler is None or is_public(handler):
        return
    kontor = kontor_of(request)
    with kontor.db.read() as session:
        authenticate(session, kontor, request)


def kontor_of(request: Request) -> Kontor:
    return request.app.state.kontor


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated("send 'Authorization: Bearer <token>'; get a token from POST /api/auth/token")
    return token.strip()


def authenticate(session: Session, kontor: Kontor, request: Request) -> Context:
    """The context of the request's token and tenant; from the short-lived cache of this
    process when it answered within `auth_cache_seconds` (kontor.web.auth_cache)."""
    from kontor.web.auth_cache import CACHE

    token, header = bearer_token(request), request.headers.get(TENANT_HEADER)
    seconds = kontor.settings.auth_cache_seconds
    if seconds > 0 and (cached := CACHE.get(token, header)) is not None:
        return cached
    user = user_for_token(session, token)
    tenant = membership_tenant(session, user, header)
    ctx = kontor.context(session, tenant, user)
    CACHE.put(token, header, ctx, seconds)
    return ctx


@contextmanager
def unit(request: Request, *, write: bool = False) -> Iterator[tuple[Session, Context]]:
    kontor = kontor_of(request)
    opener = kontor.db.write if write else kontor.db.read
    with opener() as session:
        ctx = authenticate(session, kontor, request)
        yield session, ctx
