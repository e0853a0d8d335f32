"""Errors as RFC 9457 problem details (application/problem+json).

Domain errors carry their status (422 invalid, 409 conflict, 404, 401, 403); request bodies
that fail schema validation become 422 as well, with one entry per field naming the rule
(pydantic's error type, e.g. `string_too_short`, `decimal_max_places`).
"""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError

from kontor.errors import KontorError, Problem

log = logging.getLogger("kontor.web")

MEDIA_TYPE = "application/problem+json"


def problem_response(status: int, title: str, detail: str, problems: list[Problem] | None = None,
                     extensions: dict | None = None, headers: dict[str, str] | None = None) -> Response:
    body = {"type": f"urn:kontor:problem:{status}", "title": title, "status": status, "detail": detail,
            **(extensions or {})}
    if problems:
        body["errors"] = [p.as_dict() for p in problems]
    return Response(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def problems_from_pydantic(error: ValidationError, prefix: str = "") -> list[Problem]:
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"] if part != "body")
        problems.append(Problem(prefix + location or "body", item["type"], item["msg"]))
    return problems


def _pydantic_cause(exc: BaseException) -> ValidationError | None:
    seen = exc
    while seen is not None:
        if isinstance(seen, ValidationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def on_kontor_error(request: Request, exc: KontorError) -> Response:
    return problem_response(exc.status, exc.title, exc.message, getattr(exc, "problems", None),
                            getattr(exc, "extensions", None))


def _refusal_of_caller(request: Request) -> Response | None:
    """litestar validates parameters and body before the handler authenticates: who may not
    call the route learns that first (401/403), not what is wrong with the input."""
    from kontor.web.units import check_caller

    try:
        check_caller(request)
    except KontorError as error:
        return on_kontor_error(request, error)
    return None


def on_validation_exception(request: Request, exc: ValidationException) -> Response:
    if (refusal := _refusal_of_caller(request)) is not None:
        return refusal
    cause = _pydantic_cause(exc)
    if cause is not None:
        problems = problems_from_pydantic(cause)
    else:
        problems = [
            Problem(str(item.get("key") or "body"), "invalid", str(item.get("message")))
            for item in (exc.extra or [])
            if isinstance(item, dict)
        ] or [Problem("body", "invalid", exc.detail)]
    return problem_response(422, "Invalid input", "; ".join(f"{p.field}: {p.message}" for p in problems), problems)


def on_pydantic_error(request: Request, exc: ValidationError) -> Response:
    problems = problems_from_pydantic(exc)
    return problem_response(422, "Invalid input", "; ".join(f"{p.field}: {p.message}" for p in problems), problems)


def on_integrity_error(request: Request, exc: IntegrityError) -> Response:
    # The services check keys and references first; this is the safety net for a race.
    log.warning("integrity error: %s", exc.orig)
    return problem_response(409, "Conflict", "the change conflicts with data stored at the same time; reload and retry")


def on_database_error(request: Request, exc: DBAPIError) -> Response:
    from kontor.db.retry import is_retryable
    from kontor.web.retry import RETRY_MARKER

    if not is_retryable(exc):
        return on_unexpected(request, exc)
    log.info("retryable database error on %s %s: %s", request.method, request.url.path, exc.orig)
    response = problem_response(503, "Busy", "the database rolled the change back because another one ran at the "
                                             "same moment; nothing was saved, send it again")
    response.headers[RETRY_MARKER.decode()] = "1"
    response.headers["Retry-After"] = "1"
    return response


_TITLES = {400: "Bad request", 404: "Not found", 405: "Method not allowed", 413: "Body too large"}


def on_http_exception(request: Request, exc: HTTPException) -> Response:
    # litestar's own refusals (no route, wrong method, body too large, malformed JSON) as problems,
    # keeping their headers (405 names the methods the path allows in `Allow`).
    status = exc.status_code
    if status >= 500:
        return on_unexpected(request, exc)
    headers = {name: value for name, value in (exc.headers or {}).items()}
    if status == 405 and "allow" in {name.lower() for name in headers}:
        allowed = next(value for name, value in headers.items() if name.lower() == "allow")
        headers = {"Allow": allowed}
    return problem_response(status, _TITLES.get(status, exc.detail), exc.detail, headers=headers or None)


def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(500, "Internal error", "an unexpected error occurred; nothing was saved")


EXCEPTION_HANDLERS = {
    KontorError: on_kontor_error,
    ValidationException: on_validation_exception,
    ValidationError: on_pydantic_error,
    IntegrityError: on_integrity_error,
    DBAPIError: on_database_error,
    HTTPException: on_http_exception,
    Exception: on_unexpected,
}
