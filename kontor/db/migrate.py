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
    fill_exposure(db)


def fill_exposure(db: Database) -> None:
    """Customers' exposure rows from what is there, when a database got its exposure tables
    with documents, open items or payments in it already (core_0019); idempotent, cheap otherwise."""
    from sqlalchemy import inspect, text

    with db.engine.begin() as connection:
        tables = set(inspect(connection).get_table_names())
        if not {"customer_exposure", "document", "open_item", "payment"} <= tables or "home_gross_total" not in {
                column["name"] for column in inspect(connection).get_columns("document")}:
            return
        if connection.execute(text("SELECT 1 FROM customer_exposure LIMIT 1")).first() is not None:
            return
        if all(connection.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None
               for table in ("document", "open_item", "payment")):
            return
        from kontor.core.finance.exposure_check import rebuild_exposure

        rebuild_exposure(connection)  # plain statements: the connection serves as well as a session


def _script(host: PluginHost) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(host))


def current_heads(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def known_heads(host: PluginHost) -> set[str]:
    return set(_script(host).get_heads())


def applied_revisions(db: Database, host: PluginHost) -> set[str]:
    """Every revision the database has, with what the stored heads depend on (alembic stores
    only the heads: a plugin head that depends on core_0001 stands for it too)."""
    heads = tuple(current_heads(db))
    if not heads:
        return set()
    return {rev.revision for rev in _script(host).iterate_revisions(heads, "base")}


def is_up_to_date(db: Database, host: PluginHost) -> bool:
    return known_heads(host) <= applied_revisions(db, host)
