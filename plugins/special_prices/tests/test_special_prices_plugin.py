"""The special_prices plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing import PluginPackageChecks, migration_script


class TestSpecialPricesPackage(PluginPackageChecks):
    NAME = "special_prices"
    TITLE = "Special prices"
    DISTRIBUTION = "kontor-special-prices"
    REQUIRES = ()
    HEAD = "special_prices_0002"


def test_the_second_revision_follows_the_branch_start():
    assert migration_script().get_revision("special_prices_0002").down_revision == "special_prices_0001"
