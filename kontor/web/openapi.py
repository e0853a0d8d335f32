"""The OpenAPI document, true to what the server answers, for every route in one place.

`declare_answers(app)` walks the registered route handlers (core, master data, plugins) and
declares on each the problem answers it can give, as `application/problem+json` with the
ProblemDetails schema:

| status | when | routes |
|---|---|---|
| 400 | the body is no JSON or nested too deep | routes with a body |
| 401 | no token, or an unknown or expired one (at the login: wrong user name or password) | every route |
| 403 | the user lacks the permission, or the tenant named in `X-Kontor-Tenant` | every route but the public ones |
| 404 | an unknown id, another tenant's id, a plugin the tenant has not enabled | every route but the public ones |
| 409 | the request contradicts the stored state (a preview without dunning levels, too) | every route but the public ones |
| 413 | the body is larger than the server reads | routes with a body |
| 422 | a field breaks a rule (the problem's `errors` name field and rule) | routes with parameters, a body, or that write |
| 429 | too many failed logins | public routes (the login) |
| 503 | the database stayed busy after the retries; nothing was saved | write routes |

Amounts are declared as what they are on the wire, strings of digits with a point (never
`number`), whole numbers with the 64-bit bounds the server enforces and ids from 1 on (the
bounds live in kontor.web.bounds). Route bodies are required, never `null`. Routes need a
bearer token unless listed in PUBLIC_PATHS (or marked `opt={"public": True}`). A new route,
of the core or of a plugin, is covered by registering it; nothing is declared by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from litestar import Litestar, Response
from litestar.enums import MediaType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import Components, OpenAPIMediaType, Operation, Schema, SecurityScheme
from litestar.openapi.spec.enums import OpenAPIType
from litestar.plugins import OpenAPISchemaPlugin
from litestar.routes import HTTPRoute
from litestar.typing import FieldDefinition
from pydantic import BaseModel, ConfigDict

from kontor.web.bounds import decimal_pattern, int_range
from kontor.web.units import is_public
from kontor.web.problems import MEDIA_TYPE

SECURITY_SCHEME = "BearerToken"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TEXT_HTML = "text/html"
TEXT_PLAIN = "text/plain"


class ProblemField(BaseModel):
    """One broken rule: the field (dotted path into the body, or a parameter's name) and the rule."""

    field: str
    rule: str
    message: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem. Some carry more members (a credit check's `credit_check` and `actions`)."""

    model_config = ConfigDict(extra="allow", title="ProblemDetails")

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None


_DESCRIPTIONS = {
    400: "Malformed body: no JSON, or nested deeper than the server reads",
    401: "No bearer token, or an unknown or expired one (at the login: wrong user name or password)",
    403: "The user lacks the permission, or is no member of the tenant asked for",
    404: "Not found: an unknown id, another tenant's record, or a plugin the tenant has not enabled",
    409: "Conflict with the stored state; nothing was written",
    413: "The body is larger than the server reads",
    422: "Invalid input: `errors` names each field and the rule it breaks; nothing was written",
    429: "Too many failed logins: wait as `Retry-After` says",
    503: "The database stayed busy; nothing was saved, send it again",
}


def _problem(status: int) -> ResponseSpec:
    return ResponseSpec(data_container=ProblemDetails, media_type=MEDIA_TYPE, description=_DESCRIPTIONS[status],
                        generate_examples=False)


# ---- schemas of amounts and whole numbers ---------------------------------------------------

def _places(field_definition: FieldDefinition) -> int | None:
    for meta in field_definition.metadata or ():
        places = getattr(meta, "decimal_places", None)
        if isinstance(places, int):
            return places
    kwarg = field_definition.kwarg_definition
    return getattr(kwarg, "decimal_places", None) if kwarg is not None else None


class DecimalSchema(OpenAPISchemaPlugin):
    """Decimal amounts are exact strings on the wire: a string with a pattern, not a number."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation is Decimal

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        schema = Schema(type=OpenAPIType.STRING, pattern=decimal_pattern(_places(field_definition)))
        if isinstance(field_definition.default, Decimal):
            schema.default = format(field_definition.default, "f")
        return schema


class IntegerSchema(OpenAPISchemaPlugin):
    """Whole numbers within 64 bits; ids from 1 on (kontor.web.bounds enforces the same)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation is int

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        low, high = int_range(field_definition.name)
        kwarg = field_definition.kwarg_definition
        ge = getattr(kwarg, "ge", None) if kwarg is not None else None
        gt = getattr(kwarg, "gt", None) if kwarg is not None else None
        le = getattr(kwarg, "le", None) if kwarg is not None else None
        lt = getattr(kwarg, "lt", None) if kwarg is not None else None
        if gt is not None:
            low = max(low, int(gt) + 1)
        if ge is not None:
            low = max(low, int(ge))
        if lt is not None:
            high = min(high, int(lt) - 1)
        if le is not None:
            high = min(high, int(le))
        return Schema(type=OpenAPIType.INTEGER, minimum=low, maximum=high)


# ---- operations -----------------------------------------------------------------------------

def _without_null(schema: Any) -> Any:
    if isinstance(schema, Schema) and schema.one_of:
        rest = [s for s in schema.one_of if not (isinstance(s, Schema) and s.type == OpenAPIType.NULL)]
        if len(rest) == 1 and len(rest) < len(schema.one_of):
            return rest[0]
    return schema


@dataclass
class KontorOperation(Operation):
    """An operation whose body, when it has one, is required and never `null`; a printed
    answer (a string) comes as HTML or, asked for, as plain text."""

    def __post_init__(self) -> None:
        if self.request_body is not None and not isinstance(self.request_body, dict):
            self.request_body.required = True
            for media in (self.request_body.content or {}).values():
                media.schema = _without_null(media.schema)
        for response in (self.responses or {}).values():
            content = getattr(response, "content", None) or {}
            if TEXT_HTML in content and TEXT_PLAIN not in content:
                content[TEXT_PLAIN] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))


def _answers_text(handler: HTTPRouteHandler) -> bool:
    """Handlers that return a string body print something (a document, a letter)."""
    returned = handler.parsed_fn_signature.return_type
    return returned.is_subclass_of(Response) and bool(returned.inner_types) and returned.inner_types[0].annotation is str


def _allow_exactly(route: HTTPRoute) -> None:
    """litestar's automatic OPTIONS answer can name the methods of only the first handler
    registered for a path; answer it with every method of the route."""
    allowed = ", ".join(sorted(route.methods))

    async def options(_request) -> Response:
        return Response(content=None, status_code=204, headers={"Allow": allowed}, media_type=MediaType.TEXT)

    for handler in route.route_handlers:
        if set(handler.http_methods) == {"OPTIONS"} and not handler.include_in_schema:
            handler.before_request = options


def _has_parameters(handler: HTTPRouteHandler, path: str) -> bool:
    if "{" in path:
        return True
    reserved = {"request", "data", "state", "scope", "headers", "cookies", "query", "socket", "body"}
    return any(name not in reserved for name in handler.parsed_fn_signature.parameters)


def answers_of(handler: HTTPRouteHandler, path: str) -> list[int]:
    """The problem statuses a route can answer (see the table in the module doc)."""
    public = is_public(handler)
    write = bool(set(handler.http_methods) & WRITE_METHODS)
    body = "data" in handler.parsed_fn_signature.parameters
    statuses = {401}
    if body:
        statuses |= {400, 413}
    if public:
        statuses.add(429)
    else:
        statuses |= {403, 404, 409}
    if write:
        statuses.add(503)
    if write or body or _has_parameters(handler, path):
        statuses.add(422)
    return sorted(statuses)


def declare_answers(app: Litestar) -> None:
    """Declare every route's problem answers, its security and its required body."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        _allow_exactly(route)
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            if _answers_text(handler) and handler.media_type in ("", None, MediaType.JSON):
                handler.media_type = TEXT_HTML
            own = getattr(handler, "_kontor_own_responses", None)
            if own is None:
                own = dict(handler.responses or {})
                handler._kontor_own_responses = own  # type: ignore[attr-defined]
            handler.responses = {**{status: _problem(status) for status in answers_of(handler, route.path)}, **own}
            handler.operation_class = KontorOperation
            if not is_public(handler) and not handler.security:
                handler.security = [{SECURITY_SCHEME: []}]


def openapi_config(version: str, render_plugins: list) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="kontor",
        version=version,
        path="/schema",
        description="Order and materials management. Every answer but a success is an RFC 9457 problem "
                    "(application/problem+json). Amounts are strings with a point; ids are whole numbers from 1 on.",
        components=Components(security_schemes={
            SECURITY_SCHEME: SecurityScheme(type="http", scheme="bearer",
                                            description="a token from POST /api/auth/token"),
        }),
        render_plugins=render_plugins,
    )


SCHEMA_PLUGINS = [DecimalSchema(), IntegerSchema()]
