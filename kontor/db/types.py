"""Column types that keep money and quantities exact on every database.

SQLAlchemy's Numeric passes through float on SQLite, so 0.10 + 0.20 may come back as
0.30000000000000004. `Exact` stores a Decimal as a scaled 64-bit integer on SQLite (integer
arithmetic in SQLite is exact, so SUM() over such a column stays exact) and as NUMERIC on
PostgreSQL. Values come back as Decimal with exactly `scale` places on both databases.

Rule for SQL written against these columns: addition, subtraction, SUM, MIN, MAX and
comparisons are safe on both databases; multiplication or AVG in SQL is not (the scaled
integers would multiply their scales), so do those in Python on Decimals.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.types import TypeDecorator


class Exact(TypeDecorator):
    """A Decimal column with a fixed number of places; refuses values it would have to round."""

    impl = Numeric
    cache_ok = True

    def __init__(self, scale: int = 4, precision: int = 18):
        super().__init__()
        self.scale = scale
        self.precision = precision
        self._quantum = Decimal(1).scaleb(-scale)
        self._limit = Decimal(10) ** (precision - scale)

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def exact(self, value) -> Decimal:
        """The value as a Decimal with `scale` places; raises ValueError instead of rounding."""
        if isinstance(value, float):
            raise ValueError(f"float {value!r} given for an exact decimal column; use Decimal")
        try:
            number = Decimal(value)
            scaled = number.quantize(self._quantum)
        except InvalidOperation as exc:
            raise ValueError(f"{value!r} is not a decimal number with {self.scale} places") from exc
        if scaled != number:
            raise ValueError(f"{value} has more than {self.scale} decimal places")
        if abs(scaled) >= self._limit:
            raise ValueError(f"{value} is too large (at most {self.precision - self.scale} digits)")
        return scaled

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        number = self.exact(value)
        if dialect.name == "sqlite":
            return int(number.scaleb(self.scale))
        return number

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-self.scale).quantize(self._quantum)
        return Decimal(value).quantize(self._quantum)

    @property
    def python_type(self):
        return Decimal
