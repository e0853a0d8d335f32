"""The `kontor` command line, run as an administrator would run it."""

import pytest
from click.testing import CliRunner

from kontor.cli import State, main
from kontor.db.engine import Database
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.testing import settings_for_tests
from tests.plugins import price_plugin, registration_plugin, validation_plugin

SEVEN = ["edi", "foreign_currency", "multi_warehouse", "pos", "production", "repair", "special_prices"]


@pytest.fixture
def run(tmp_path):
    """Runs `kontor ...` against a fresh SQLite database in a temporary data folder."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    host = build_plugin_host(extra=[price_plugin, validation_plugin, registration_plugin])
    system = Kontor(settings=settings_for_tests(tmp_path, url), db=Database(url), host=host)

    def invoke(*args: str, ok: bool = True):
        result = CliRunner().invoke(main, list(args), obj=State(kontor=system), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    yield invoke
    system.db.dispose()


def test_init_creates_database_tenant_and_admin_once(run):
    first = run("init", "--tenant-code", "main", "--name", "Main GmbH", "--admin-password", "anfang-123")
    assert "tenant 'main' (Main GmbH) with user 'admin'" in first.output
    assert "exists already" in run("init", "--tenant-code", "main", "--admin-password", "anfang-123").output
    assert "up to date" in run("db", "current").output
    assert "admin" in run("users", "list").output


def test_init_without_a_password_and_terminal_generates_one(run, monkeypatch):
    monkeypatch.delenv("KONTOR_ADMIN_PASSWORD", raising=False)
    assert "generated password for 'admin'" in run("init").output


def test_plugins_list_shows_the_seven_plugins_and_their_state_per_tenant(run):
    run("init", "--admin-password", "anfang-123")
    run("tenants", "add", "zweite", "Zweite GmbH")
    listing = run("plugins", "list").output
    for name in SEVEN:
        assert f"{name} " in listing
    assert "requires: multi_warehouse" in listing

    assert "enabled for tenant 'main': special_prices" in run("--tenant", "main", "plugins", "enable", "special_prices").output
    line = next(l for l in run("plugins", "list").output.splitlines() if l.startswith("special_prices"))
    assert "enabled for: main" in line and "zweite" not in line
    assert "not enabled" in next(l for l in run("--tenant", "zweite", "plugins", "list").output.splitlines()
                                 if l.startswith("special_prices"))


def test_enabling_a_plugin_without_its_requirement_is_refused_naming_it(run):
    run("init", "--admin-password", "anfang-123")
    refused = run("plugins", "enable", "repair", ok=False)
    assert refused.exit_code == 1
    assert "requires plugin 'multi_warehouse', which is not enabled" in refused.output
    assert "enabled for tenant 'main': multi_warehouse, repair" in run("plugins", "enable", "multi_warehouse", "repair").output
    assert "required by enabled plugin(s) repair" in run("plugins", "disable", "multi_warehouse", ok=False).output


def test_a_bundle_enables_its_plugins(run):
    run("init", "--admin-password", "anfang-123")
    assert "retail" in run("plugins", "bundles").output
    assert "pos, special_prices" in run("plugins", "enable", "--bundle", "retail").output
    assert "no bundle 'gibtsnicht'" in run("plugins", "enable", "--bundle", "gibtsnicht", ok=False).output


def test_with_several_tenants_the_tenant_must_be_named(run):
    run("init", "--admin-password", "anfang-123")
    run("tenants", "add", "zweite", "Zweite GmbH")
    assert "choose one with --tenant" in run("plugins", "enable", "pos", ok=False).output


def test_users_add_grant_and_passwd(run):
    run("init", "--admin-password", "anfang-123")
    assert "user 'maria' added with roles: clerk" in run("users", "add", "maria", "--password", "maria-geheim", "--role", "clerk").output
    run("users", "grant", "maria", "viewer")
    assert "roles: clerk, viewer" in next(l for l in run("users", "list").output.splitlines() if l.startswith("maria"))
    assert "at least 8 characters" in run("users", "passwd", "maria", "--password", "kurz", ok=False).output
    run("users", "passwd", "maria", "--password", "lang-genug-1")
    assert run("users", "token", "maria").output.startswith("kt_")


@pytest.mark.hook("kontor_register_commands")
def test_a_plugin_command_runs_only_for_a_tenant_that_enabled_it(run):
    run("init", "--admin-password", "anfang-123")
    refused = run("hello", ok=False)
    assert "plugin 'test_extras' is not enabled for tenant 'main'" in refused.output
    run("plugins", "enable", "test_rules", "test_extras")
    assert run("hello").output.strip() == "hello main"


def test_db_upgrade_is_idempotent(run):
    assert "database at" in run("db", "upgrade").output
    assert "database at" in run("db", "upgrade").output
    assert "up to date" in run("db", "current").output
