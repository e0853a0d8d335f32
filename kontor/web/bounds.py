"""Request bounds in one place: every request is checked here, by the types its handler
declares, before the handler runs and before any query.

- Whole numbers in the path, the query and the body fit into 32 bits (an INTEGER column on
  PostgreSQL), ids (`id`, `*_id`) are positive; `limit` (positive) and `offset` (not
  negative) fit into 64 bits. A larger number would reach the database driver and fail there.
- Amounts (`Decimal`) are JSON strings of digits with a point (`"12.50"`, `"-3"`): a JSON
  number is refused, so no client rounds an amount through binary floating point, and
  neither is an exponent (`"1e5"`) or padding accepted. The same holds for amounts in the
  query.
- A route that takes a body needs one: an empty body, or `null`, is refused (send `{}` for
  the defaults), so no write acts on a request that carried nothing.
- The body is JSON of at most MAX_BODY_BYTES (413 beyond that) nested at most MAX_JSON_DEPTH
  deep (400 beyond that, and for malformed JSON), and each value has the JSON type its
  declaration asks for: a string is no whole number, 1 is no boolean, a number is no date
  (the models' own validation, lax about such things, follows in the handler).

The OpenAPI document states the same bounds (kontor.web.openapi reads them from here), so what
the schema allows is what the server accepts.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import types
import typing
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

import anyio.to_thread
import msgspec
from litestar import Request
from litestar.handlers import HTTPRouteHandler
from pydantic import BaseModel

from kontor.errors import Invalid, KontorError, Problem

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
MAX_BODY_BYTES = 4 * 1024 * 1024
MAX_JSON_DEPTH = 32
DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_DECIMAL_TEXT = re.compile(DECIMAL_PATTERN)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Handler parameters litestar fills from the connection itself, not from the query.
_RESERVED = frozenset({"request", "state", "scope", "headers", "cookies", "query", "socket", "body", "data"})


class MalformedBody(KontorError):
    """The body is no JSON, or JSON nested deeper than the server reads (HTTP 400)."""

    status = 400
    title = "Malformed body"


def is_id(name: str | None) -> bool:
    return bool(name) and (name == "id" or name.endswith("_id"))


INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1


def int_range(name: str | None) -> tuple[int, int]:
    """The whole numbers a field or parameter of this name accepts: page sizes from 1 and
    offsets from 0 within 64 bits (they never meet a column); ids from 1 and every other whole
    number within 32 bits, what an INTEGER column holds on PostgreSQL (a larger id answered
    500 there: 'integer out of range')."""
    if name == "limit":
        return 1, INT64_MAX
    if name == "offset":
        return 0, INT64_MAX
    if is_id(name):
        return 1, INT32_MAX
    return INT32_MIN, INT32_MAX


def decimal_pattern(places: int | None = None) -> str:
    if places is None:
        return DECIMAL_PATTERN
    return r"^-?[0-9]+(\.[0-9]{1,%d})?$" % places if places else r"^-?[0-9]+$"


def _int_problem(field: str, name: str | None, value: int) -> Problem | None:
    low, high = int_range(name)
    if low <= value <= high:
        return None
    if value < low and low == 1:
        return Problem(field, "positive", f"{'an id' if is_id(name) else field} is a whole number from 1 on")
    if value < low and low == 0:
        return Problem(field, "not_negative", f"{field} is a whole number from 0 on")
    return Problem(field, "int64" if high == INT64_MAX else "int32", f"a whole number between {low} and {high}")


def _decimal_problem(field: str, value: Any) -> Problem | None:
    if isinstance(value, str) and _DECIMAL_TEXT.match(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Problem(field, "decimal_as_string", 'send amounts as strings with a point, e.g. "12.50"')
    return Problem(field, "decimal", 'an amount is digits with an optional point and places, e.g. "12.50" or "-3"')


# ---- what a handler takes -----------------------------------------------------------------

def _unwrap(annotation: Any) -> tuple[Any, tuple]:
    """The type without Annotated and without None, and the Annotated metadata."""
    metadata: tuple = ()
    while typing.get_origin(annotation) is typing.Annotated:
        metadata += annotation.__metadata__
        annotation = annotation.__origin__
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(args) == 1:
            inner, more = _unwrap(args[0])
            return inner, metadata + more
    return annotation, metadata


def _scalar(annotation: Any) -> str | None:
    """'int', 'decimal', 'int[]', 'decimal[]' for the parameter types the bounds cover."""
    base, _ = _unwrap(annotation)
    if base is int:
        return "int"
    if base is Decimal:
        return "decimal"
    if typing.get_origin(base) in (list, tuple, set, frozenset):
        args = typing.get_args(base)
        if args:
            inner = _scalar(args[0])
            if inner in ("int", "decimal"):
                return inner + "[]"
    return None


@dataclasses.dataclass(frozen=True)
class _Plan:
    parameters: tuple[tuple[str, str, str], ...]  # (name, query key, kind)
    body: Any  # the body's type, or None when the handler takes no body


_PLANS: dict[int, _Plan] = {}


def _plan(handler: HTTPRouteHandler) -> _Plan:
    plan = _PLANS.get(id(handler))
    if plan is None:
        parameters = []
        body = None
        for name, field in handler.parsed_fn_signature.parameters.items():
            if name == "data":
                body = field.annotation
                continue
            kwarg = field.kwarg_definition
            if name in _RESERVED or getattr(kwarg, "header", None) or getattr(kwarg, "cookie", None):
                continue
            kind = _scalar(field.annotation)
            if kind:
                parameters.append((name, getattr(kwarg, "query", None) or name, kind))
        plan = _PLANS[id(handler)] = _Plan(tuple(parameters), body)
    return plan


# ---- the check ----------------------------------------------------------------------------

def _parameter_problems(request: Request, plan: _Plan) -> list[Problem]:
    problems = []
    for name, key, kind in plan.parameters:
        if name in request.path_params:
            values = [request.path_params[name]]
        else:
            values = request.query_params.getall(key, [])
        for value in values:
            if kind.startswith("decimal"):
                if not isinstance(value, Decimal) and (problem := _decimal_problem(key, str(value))):
                    problems.append(problem)
                continue
            try:
                number = value if isinstance(value, int) else int(str(value).strip())
            except ValueError:
                continue  # not a whole number at all: litestar's validation names it
            if problem := _int_problem(key, name, number):
                problems.append(problem)
    return problems


def _depth(value: Any) -> int:
    """How deep the JSON value nests (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_JSON_DEPTH:
            stack.extend((child, level + 1) for child in children)
    return deepest


def _fields(model: Any) -> list[tuple[str, str, Any]]:
    """(attribute name, JSON key, annotation) of a pydantic model or dataclass."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        result = []
        for name, info in model.model_fields.items():
            key = info.validation_alias if isinstance(info.validation_alias, str) else info.alias or name
            annotation = typing.Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
            result.append((name, key, annotation))
        return result
    if dataclasses.is_dataclass(model):
        hints = typing.get_type_hints(model, include_extras=True)
        return [(f.name, f.name, hints.get(f.name, Any)) for f in dataclasses.fields(model)]
    return []


_JSON_TYPES: dict[type, tuple[type, ...]] = {bool: (bool,), str: (str,), float: (int, float),
                                             date: (str,), datetime: (str,), time: (str,), UUID: (str,)}
_JSON_NAMES = {bool: "boolean", str: "string", int: "integer", float: "number", list: "array", dict: "object"}


def _json_kind(base: Any) -> tuple[type, ...] | None:
    """The JSON value types (as Python types) a declared type takes, or None: anything."""
    origin = typing.get_origin(base)
    if base is int:
        return (int,)
    if base in _JSON_TYPES:
        return _JSON_TYPES[base]
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return tuple({type(member.value) for member in base}) or None
    if origin is typing.Literal:
        return tuple({type(arg) for arg in typing.get_args(base)}) or None
    if origin in (list, tuple, set, frozenset) or base in (list, tuple, set, frozenset):
        return (list,)
    if origin in (dict, typing.Mapping) or base is dict:
        return (dict,)
    if isinstance(base, type) and (issubclass(base, BaseModel) or dataclasses.is_dataclass(base)):
        return (dict,)
    return None


def _fits(base: Any, value: Any) -> bool:
    if base is Decimal:
        return isinstance(value, str)
    kinds = _json_kind(base)
    if kinds is None:
        return True
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def _walk(annotation: Any, value: Any, path: str, name: str | None, problems: list[Problem]) -> None:
    """The JSON types the body's declaration asks for (a string is no number, 1 is no
    boolean, a number is no date), whole numbers within 64 bits, amounts as strings."""
    if value is None:
        return  # a missing value where one is required: the model's validation names it
    base, _ = _unwrap(annotation)
    origin = typing.get_origin(base)
    field = path or "body"
    if origin in (typing.Union, types.UnionType):
        branches = [_unwrap(arg)[0] for arg in typing.get_args(base) if arg is not type(None)]
        fitting = [branch for branch in branches if _fits(branch, value)]
        if not fitting:
            problems.append(Problem(field, "type", "a value of another JSON type is expected here"))
        elif len(fitting) == 1:
            _walk(fitting[0], value, path, name, problems)
        return
    if base is Decimal:
        if problem := _decimal_problem(field, value):
            problems.append(problem)
        return
    if not _fits(base, value):
        kinds = _json_kind(base) or ()
        expected = " or ".join(sorted({_JSON_NAMES.get(kind, kind.__name__) for kind in kinds}))
        problems.append(Problem(field, "type", f"expected a JSON {expected}"))
        return
    if base is int:
        if problem := _int_problem(field, name, value):
            problems.append(problem)
    elif origin in (list, tuple, set, frozenset):
        args = [arg for arg in typing.get_args(base) if arg is not Ellipsis] or [Any]
        for index, item in enumerate(value):
            item_type = args[index] if origin is tuple and len(args) > 1 and index < len(args) else args[0]
            _walk(item_type, item, f"{path}.{index}" if path else str(index), name, problems)
    elif origin in (dict, typing.Mapping):
        args = typing.get_args(base)
        for key, item in value.items():
            _walk(args[1] if len(args) == 2 else Any, item, f"{path}.{key}" if path else str(key), None, problems)
    elif isinstance(base, type) and (issubclass(base, BaseModel) or dataclasses.is_dataclass(base)):
        for field_name, key, field_type in _fields(base):
            if key in value:
                _walk(field_type, value[key], f"{path}.{key}" if path else key, field_name, problems)


async def check_request(request: Request) -> None:
    """litestar `before_request`: refuse out-of-bounds input before the handler runs."""
    handler = request.route_handler
    if not isinstance(handler, HTTPRouteHandler):
        return None
    plan = _plan(handler)
    problems = _parameter_problems(request, plan) if plan.parameters else []
    try:
        if plan.body is not None and request.method in _BODY_METHODS:
            problems += await _body_problems(request, plan.body)
    except MalformedBody:
        await _refuse_unauthenticated(request, handler)
        raise
    if problems:
        await _refuse_unauthenticated(request, handler)
        raise Invalid(problems)
    return None


async def _refuse_unauthenticated(request: Request, handler: HTTPRouteHandler) -> None:
    from kontor.web.units import check_caller

    await anyio.to_thread.run_sync(check_caller, request)


async def _body_problems(request: Request, body_type: Any) -> list[Problem]:
    raw = await request.body()  # litestar refuses more than MAX_BODY_BYTES with 413
    if not raw.strip():
        return [Problem("body", "required", "this route needs a JSON body; send {} to take the defaults")]
    try:
        value = msgspec.json.decode(raw)
    except RecursionError:
        raise MalformedBody(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except msgspec.DecodeError as error:
        raise MalformedBody(f"the body is no valid JSON: {error}") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise MalformedBody(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    if value is None:
        return [Problem("body", "required", "this route needs a JSON body, not null; send {} to take the defaults")]
    problems: list[Problem] = []
    _walk(body_type, value, "", None, problems)
    return problems


__all__ = ["INT64_MAX", "INT64_MIN", "MAX_BODY_BYTES", "MAX_JSON_DEPTH", "MalformedBody", "check_request",
           "decimal_pattern", "int_range", "is_id"]
