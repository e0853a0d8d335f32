"""Checks every plugin distribution passes: installed, discoverable, its own migration branch.

A plugin's test module subclasses `PluginPackageChecks` (in a class named Test...) and sets
its facts; pytest runs the checks for it.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from kontor.db.migrate import alembic_config
from kontor.plugins import ENTRY_POINT_GROUP, PluginError, build_plugin_host


class PluginPackageChecks:
    NAME: str
    TITLE: str
    DISTRIBUTION: str
    REQUIRES: tuple[str, ...] = ()
    HEAD: str  # the newest revision of the plugin's branch
    VERSION = "0.1.0"

    @pytest.fixture(scope="class")
    def host(self):
        return build_plugin_host()

    def test_entry_point_is_registered_and_loads_the_plugin_module(self):
        found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == self.NAME]
        assert len(found) == 1
        entry_point = found[0]
        assert entry_point.value == f"kontor_{self.NAME}.plugin"
        assert entry_point.dist is not None and entry_point.dist.name == self.DISTRIBUTION
        module = entry_point.load()
        assert module.PLUGIN.name == self.NAME

    def test_plugin_host_lists_the_plugin_with_distribution_version(self, host):
        info = host.info(self.NAME)
        assert info.version == self.VERSION
        assert info.title == self.TITLE
        assert info.requires == self.REQUIRES
        assert info.description
        assert info.as_dict()["requires"] == list(self.REQUIRES)

    def test_migration_branch_starts_on_core(self, host):
        first = f"{self.NAME}_0001"
        locations = dict(host.migration_locations())
        folder = Path(locations[self.NAME])
        assert folder.is_dir()
        assert (folder / f"{first}_branch.py").is_file()

        script = ScriptDirectory.from_config(alembic_config(host))
        revision = script.get_revision(first)
        assert revision.branch_labels == {self.NAME}
        assert revision.down_revision is None
        assert revision.dependencies in ("core_0001", ("core_0001",))
        assert Path(revision.path).parent == folder
        assert script.get_revision(f"{self.NAME}@head").revision == self.HEAD

    def test_is_enabled_after_what_it_requires(self, host):
        for required in self.REQUIRES:
            with pytest.raises(PluginError, match=required):
                host.check_enable(self.NAME, [])
        host.check_enable(self.NAME, list(self.REQUIRES))  # does not raise
        assert host.enable_order([self.NAME]) == [*self.REQUIRES, self.NAME]
