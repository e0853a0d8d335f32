"""The pos plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestPosPackage(PluginPackageChecks):
    NAME = "pos"
    TITLE = "Point of sale"
    DISTRIBUTION = "kontor-pos"
    REQUIRES = ()
    HEAD = "pos_0001"
