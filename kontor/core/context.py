"""Who acts for which tenant: the Context every service gets beside its Session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kontor.core.users.permissions import Level
from kontor.errors import PermissionDenied

if TYPE_CHECKING:
    from kontor.db.engine import Database
    from kontor.plugins import HookRelay
    from kontor.settings import Settings


@dataclass(frozen=True)
class Context:
    tenant_id: int
    tenant_code: str
    hooks: HookRelay
    enabled_plugins: frozenset[str]
    settings: Settings
    user_id: int | None = None
    username: str = "system"
    grants: Mapping[str, Level] = field(default_factory=dict)
    superuser: bool = False
    # the database, for units of work of their own (a listener after the commit opens one)
    db: Database | None = field(default=None, repr=False, compare=False)

    def can(self, part: str, level: Level) -> bool:
        return self.superuser or self.grants.get(part, Level.NONE) >= level

    def require(self, part: str, level: Level) -> None:
        """Raise PermissionDenied unless the user holds `level` (or more) on `part`."""
        if not self.can(part, level):
            raise PermissionDenied(
                f"user '{self.username}' lacks {level.name.lower()} permission on '{part}'"
            )
