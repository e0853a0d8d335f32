"""The production plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestProductionPackage(PluginPackageChecks):
    NAME = "production"
    TITLE = "Production"
    DISTRIBUTION = "kontor-production"
    REQUIRES = ()
    HEAD = "production_0001"
