"""The repair plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestRepairPackage(PluginPackageChecks):
    NAME = "repair"
    TITLE = "Repair"
    DISTRIBUTION = "kontor-repair"
    REQUIRES = ('multi_warehouse',)
    HEAD = "repair_0001"
