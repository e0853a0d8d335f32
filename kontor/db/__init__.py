"""Storage: engine and sessions, the exact Decimal column type, and migrations."""

from kontor.db.engine import Database
from kontor.db.types import Exact

__all__ = ["Database", "Exact"]
