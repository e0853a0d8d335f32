"""The edi plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestEdiPackage(PluginPackageChecks):
    NAME = "edi"
    TITLE = "EDI"
    DISTRIBUTION = "kontor-edi"
    REQUIRES = ()
    HEAD = "edi_0001"
