"""The special_prices plugin is installed, discoverable and starts its own migration branch."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kontor.db.migrate import alembic_config
from kontor.plugins import ENTRY_POINT_GROUP, build_plugin_host

NAME = "special_prices"


@pytest.fixture(scope="module")
def host():
    return build_plugin_host()


def test_entry_point_is_registered_and_loads_the_plugin_module():
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == NAME]
    assert len(found) == 1
    entry_point = found[0]
    assert entry_point.value == "kontor_special_prices.plugin"
    assert entry_point.dist is not None and entry_point.dist.name == "kontor-special-prices"
    module = entry_point.load()
    assert module.PLUGIN.name == NAME


def test_plugin_host_lists_the_plugin_with_distribution_version(host):
    info = host.info(NAME)
    assert info.version == "0.1.0"
    assert info.title == "Special prices"
    assert info.requires == ()
    assert info.description
    assert info.as_dict()["requires"] == []


def test_migration_branch_starts_on_core(host):
    locations = dict(host.migration_locations())
    folder = Path(locations[NAME])
    assert folder.is_dir()
    assert (folder / "special_prices_0001_branch.py").is_file()

    script = ScriptDirectory.from_config(alembic_config(host))
    revision = script.get_revision("special_prices_0001")
    assert revision.branch_labels == {NAME}
    assert revision.down_revision is None
    assert revision.dependencies in ("core_0001", ("core_0001",))
    assert Path(revision.path).parent == folder
    assert script.get_revision(f"{NAME}@head").revision == "special_prices_0002"
    assert script.get_revision("special_prices_0002").down_revision == "special_prices_0001"


def test_can_be_enabled_alone(host):
    host.check_enable(NAME, [])  # requires nothing, so it does not raise
    assert host.enable_order([NAME]) == [NAME]
