"""Test plugin with its own alembic branch, to show a plugin's tables appear only when its
branch is upgraded. Its table is created by the migration alone (no model), so the shared
SQLModel metadata stays the core's."""

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_migrations", title="Test migrations", version="1.0")


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "versions"
