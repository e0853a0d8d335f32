"""Domain errors. Services raise these; the web layer turns them into RFC 9457 problem details.

Every error names what went wrong in words a clerk understands; `Invalid` also names the
field and the rule, so a client can put the message next to the input that caused it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One broken rule: which field, which rule, and a sentence for the user."""

    field: str
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "rule": self.rule, "message": self.message}


class KontorError(Exception):
    """Base of all domain errors; `status` is the HTTP status the web layer answers with."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(KontorError):
    """Input breaks one or more rules (HTTP 422). Nothing has been written."""

    status = 422
    title = "Invalid input"

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    @classmethod
    def field(cls, field: str, rule: str, message: str) -> "Invalid":
        return cls(Problem(field, rule, message))


class Conflict(KontorError):
    """The request contradicts the stored state (HTTP 409): duplicate key, record in use, ..."""

    status = 409
    title = "Conflict"


class NotFound(KontorError):
    status = 404
    title = "Not found"


class NotAuthenticated(KontorError):
    status = 401
    title = "Authentication required"


class PermissionDenied(KontorError):
    status = 403
    title = "Permission denied"
