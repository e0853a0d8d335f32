"""The repair plugin is installed, discoverable and starts its own migration branch."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kontor.db.migrate import alembic_config
from kontor.plugins import ENTRY_POINT_GROUP, PluginError, build_plugin_host

NAME = "repair"


@pytest.fixture(scope="module")
def host():
    return build_plugin_host()


def test_entry_point_is_registered_and_loads_the_plugin_module():
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == NAME]
    assert len(found) == 1
    entry_point = found[0]
    assert entry_point.value == "kontor_repair.plugin"
    assert entry_point.dist is not None and entry_point.dist.name == "kontor-repair"
    module = entry_point.load()
    assert module.PLUGIN.name == NAME


def test_plugin_host_lists_the_plugin_with_distribution_version(host):
    info = host.info(NAME)
    assert info.version == "0.1.0"
    assert info.title == "Repair"
    assert info.requires == ("multi_warehouse",)
    assert info.description
    assert info.as_dict()["requires"] == ['multi_warehouse']


def test_migration_branch_starts_on_core(host):
    locations = dict(host.migration_locations())
    folder = Path(locations[NAME])
    assert folder.is_dir()
    assert (folder / "repair_0001_branch.py").is_file()

    script = ScriptDirectory.from_config(alembic_config(host))
    revision = script.get_revision("repair_0001")
    assert revision.branch_labels == {NAME}
    assert revision.down_revision is None
    assert revision.dependencies in ("core_0001", ("core_0001",))
    assert Path(revision.path).parent == folder
    assert script.get_revision(f"{NAME}@head").revision == "repair_0001"


def test_repair_requires_multi_warehouse_to_be_enabled(host):
    with pytest.raises(PluginError) as excinfo:
        host.check_enable(NAME, [])
    assert "multi_warehouse" in str(excinfo.value)

    host.check_enable(NAME, ["multi_warehouse"])  # does not raise
    assert host.enable_order([NAME]) == ["multi_warehouse", NAME]
