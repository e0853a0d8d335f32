"""Running the migrations: the core branch and one branch per installed plugin.

All branches share one `alembic_version` table. `upgrade(...)` with the default target
"heads" brings the core and every installed plugin to its newest revision; it is idempotent.
A target like "core@head" or "special_prices@head" upgrades one branch (and what it depends on).
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kontor.db.engine import Database
from kontor.plugins import PluginHost

SCRIPT_LOCATION = Path(__file__).resolve().parent / "migrations"


def alembic_config(host: PluginHost, connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    locations = [str(path) for _name, path in host.migration_locations()]
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(locations))
    config.attributes["connection"] = connection
    return config


def upgrade(db: Database, host: PluginHost, target: str = "heads") -> None:
    with db.engine.begin() as connection:
        command.upgrade(alembic_config(host, connection), target)


def current_heads(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def known_heads(host: PluginHost) -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config(host)).get_heads())


def is_up_to_date(db: Database, host: PluginHost) -> bool:
    return current_heads(db) == known_heads(host)
