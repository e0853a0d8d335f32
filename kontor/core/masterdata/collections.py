"""Rules over child collections shared by several resources (field paths are relative:
"2.is_main" becomes "suppliers.2.is_main", as pydantic writes paths)."""

from __future__ import annotations

from collections.abc import Callable

from kontor.errors import Problem


def at_most_one(flag: str, what: str) -> Callable:
    def rule(session, ctx, parent_id, items) -> list[Problem]:
        flagged = [i for i, item in enumerate(items) if getattr(item, flag)]
        if len(flagged) > 1:
            return [Problem(f"{flagged[1]}.{flag}", "at_most_one", f"only one entry may be the {what}")]
        return []

    return rule


def unique_in_list(field: str, what: str) -> Callable:
    def rule(session, ctx, parent_id, items) -> list[Problem]:
        seen = set()
        for index, item in enumerate(items):
            value = getattr(item, field)
            if value in seen:
                return [Problem(f"{index}.{field}", "unique", f"{what} {value} is listed twice")]
            seen.add(value)
        return []

    return rule
