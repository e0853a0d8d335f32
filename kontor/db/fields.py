"""Field helpers for validated master-data field sets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Text
from sqlmodel import Field

from kontor.db.types import Exact


def exact(default: Any = Decimal("0"), *, scale: int = 4, nullable: bool = False, **constraints) -> Any:
    """An exact Decimal column (money, quantity, percent) with input checks on its places."""
    if default is not None:
        default = Decimal(default)
    return Field(
        default=default,
        sa_type=Exact(scale),
        nullable=nullable,
        max_digits=18,
        decimal_places=scale,
        **constraints,
    )


def long_text(default: str = "", **kwargs) -> Any:
    return Field(default=default, sa_type=Text, **kwargs)


def reference(table: str, **kwargs) -> Any:
    """An optional reference to a row of another master-data table (checked per tenant)."""
    return Field(default=None, foreign_key=f"{table}.id", **kwargs)
