"""Running a POST once per `Idempotency-Key` (see kontor.core.idempotency)."""

from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.idempotency import check_key, fingerprint, remember, replay
from kontor.web.units import unit

HEADER = "idempotency-key"


def idempotent_post(
    request: Request, data: BaseModel | None, operation: Callable[[Session, Context], BaseModel], status_code: int = 201
) -> Any:
    """Run `operation` in one write unit; with an Idempotency-Key, at most once per key.

    Two requests with the same key at the same moment: the second waits for the first's
    commit, fails on the unique key, and is answered from the stored record on its retry.
    """
    key = request.headers.get(HEADER)
    if key is None:
        with unit(request, write=True) as (session, ctx):
            return operation(session, ctx)
    check_key(key)
    body = data.model_dump(mode="json") if data is not None else None
    print_ = fingerprint(request.method, request.url.path, body)
    for attempt in range(2):
        try:
            with unit(request, write=True) as (session, ctx):
                stored = replay(session, ctx.tenant_id, key, print_)
                if stored is not None:
                    return Response(stored.response, status_code=stored.status_code)
                result = operation(session, ctx)
                remember(session, ctx, key, print_, status_code, result.model_dump(mode="json"))
                return result
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")
