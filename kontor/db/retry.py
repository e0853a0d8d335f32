"""Retrying a whole unit of work when the database asks for it.

PostgreSQL ends a transaction with a deadlock (SQLSTATE 40P01) or a serialization failure
(40001) when two transactions cannot both go on; SQLite answers "database is locked" when
its busy timeout ran out. In each case the database rolled everything back, so running the
whole unit again is safe: nothing of the first attempt remains, and nothing is doubled.
Only the whole unit can be retried, never a statement within it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

T = TypeVar("T")

RETRYABLE_SQLSTATES = ("40001", "40P01")
ATTEMPTS = 5


def is_retryable(exc: BaseException) -> bool:
    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return False
    sqlstate = str(getattr(exc.orig, "sqlstate", "") or "")
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


def backoff(attempt: int) -> None:
    """Wait a little longer each time, with jitter, so the contenders do not meet again."""
    time.sleep(min(0.5, 0.01 * 2 ** attempt) * (0.5 + random.random()))


def retrying(open_unit: Callable[[], object], work: Callable[[Session], T], attempts: int = ATTEMPTS) -> T:
    """Run `work` in a unit from `open_unit` (e.g. `db.write`), again on a retryable failure."""
    for attempt in range(attempts):
        try:
            with open_unit() as session:
                return work(session)
        except DBAPIError as exc:
            if attempt == attempts - 1 or not is_retryable(exc):
                raise
            backoff(attempt)
    raise AssertionError("unreachable")
