"""The special_prices plugin is installed, discoverable and starts its own migration branch."""

from kontor.testing_plugins import PluginPackageChecks


class TestSpecialPricesPackage(PluginPackageChecks):
    NAME = "special_prices"
    TITLE = "Special prices"
    DISTRIBUTION = "kontor-special-prices"
    REQUIRES = ()
    HEAD = "special_prices_0002"


def test_the_second_revision_follows_the_branch_start():
    from alembic.script import ScriptDirectory

    from kontor.db.migrate import alembic_config
    from kontor.plugins import build_plugin_host

    script = ScriptDirectory.from_config(alembic_config(build_plugin_host()))
    assert script.get_revision("special_prices_0002").down_revision == "special_prices_0001"
