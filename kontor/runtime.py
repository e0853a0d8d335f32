"""The assembled system: settings, database, plugin host, and contexts built from them.

The web app, the CLI, the benchmark and the tests each build one `Kontor` and share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.finance import exposure_tracking  # noqa: F401  (exposure rows follow every session's writes)
from kontor.core.tenancy.models import Tenant
from kontor.core.tenancy.services import get_setting, tenant_by_code
from kontor.core.users.models import User
from kontor.core.users.permissions import CORE_PARTS, ProgramPart
from kontor.core.users.services import grants_for
from kontor.db.engine import Database
from kontor.plugins import ENABLED_KEY, PluginHost, build_plugin_host
from kontor.settings import Settings, load_settings


@dataclass
class Kontor:
    settings: Settings
    db: Database
    host: PluginHost
    _parts: list[ProgramPart] | None = field(default=None, repr=False)

    @classmethod
    def build(cls, settings: Settings | None = None, *, host: PluginHost | None = None, db: Database | None = None) -> "Kontor":
        settings = settings or load_settings()
        if db is None:
            if not settings.database_url:
                settings.data_dir.mkdir(parents=True, exist_ok=True)
            db = Database(
                settings.resolved_database_url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout,
            )
        return cls(settings=settings, db=db, host=host or build_plugin_host())

    @cached_property
    def program_parts(self) -> list[ProgramPart]:
        parts = list(CORE_PARTS)
        for _plugin, answer in self.host.results_by_plugin("kontor_register_permissions"):
            parts.extend(answer)
        return parts

    @property
    def part_names(self) -> set[str]:
        return {part.name for part in self.program_parts}

    def enabled_plugins(self, session: Session, tenant_id: int) -> frozenset[str]:
        names = get_setting(session, tenant_id, ENABLED_KEY, []) or []
        return frozenset(name for name in names if name in self.host.plugins)

    def context(self, session: Session, tenant: Tenant, user: User | None = None) -> Context:
        """The context of a user (or, without one, the system with every permission)."""
        enabled = self.enabled_plugins(session, tenant.id)
        common = dict(
            tenant_id=tenant.id,
            tenant_code=tenant.code,
            hooks=self.host.hooks(enabled),
            enabled_plugins=enabled,
            settings=self.settings,
            db=self.db,
        )
        if user is None:
            return Context(**common, superuser=True)
        return Context(**common, user_id=user.id, username=user.username, grants=grants_for(session, user.id, tenant.id))

    def system_context(self, session: Session, tenant_code: str) -> Context:
        return self.context(session, tenant_by_code(session, tenant_code))
