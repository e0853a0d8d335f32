"""The foreign_currency plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks


class TestForeignCurrencyPackage(PluginPackageChecks):
    NAME = "foreign_currency"
    TITLE = "Foreign currency"
    DISTRIBUTION = "kontor-foreign-currency"
    REQUIRES = ()
    HEAD = "foreign_currency_0001"
