"""Pytest fixtures for kontor and its plugins (loaded with `-p kontor.testing`).

Beside `kontor.api`, this is the one kontor module a plugin's tests import: the fixtures
(`kontor_system`, `company`, `api`, ...), `Company` with its helpers (`write`, `read`, `enable`,
`cli`), `api_as`, `new_company`, `PluginPackageChecks` and `migration_script`.

The suite runs on SQLite and, when KONTOR_TEST_DATABASE_URL is set, on PostgreSQL as well:
every test that uses the database runs once per backend. Each test gets its own tenant,
which isolates tests without emptying tables (no query crosses tenants).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.tenancy.services import tenant_by_code
from kontor.core.users import services as users
from kontor.db.engine import normalize_url
from kontor.db.migrate import upgrade
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.settings import load_settings

from kontor import plugin_trace
from kontor.hookspecs import AFTER_COMMIT_EVENTS
from kontor.testing_plugins import PluginPackageChecks  # noqa: F401 (re-exported for plugin tests)

PG_ENV = "KONTOR_TEST_DATABASE_URL"

# Every plugin host the tests build records which implementations run, so that a test marked
# @pytest.mark.hook("kontor_...") can be held to calling that hook through a plugin.
plugin_trace.watch()


def pytest_configure(config):
    config.addinivalue_line("markers", "hook(*names): the test calls these hooks through a plugin's "
                                       "implementation and asserts their effect (checked while it runs)")
    config.addinivalue_line("markers", "plugin_matrix: the test runs once per plugin set (the core alone, each "
                                       "installed plugin alone, all of them), its `company` enabling that set")


# -- the plugin matrix -------------------------------------------------------------------------------


def plugin_sets() -> list[tuple[str, tuple[str, ...]]]:
    """(id, plugins) of the matrix: the core alone, each installed plugin alone (kontor enables
    what it requires with it), and all installed plugins together."""
    from importlib.metadata import entry_points

    from kontor.plugins import ENTRY_POINT_GROUP

    names = sorted({entry_point.name for entry_point in entry_points(group=ENTRY_POINT_GROUP)})
    return [("core", ()), *((name, (name,)) for name in names), ("all", tuple(names))]


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("plugin_matrix") and "plugin_set" in metafunc.fixturenames:
        sets = plugin_sets()
        metafunc.parametrize("plugin_set", [plugins for _, plugins in sets], ids=[name for name, _ in sets],
                             indirect=True)


@pytest.fixture
def plugin_set(request) -> tuple[str, ...]:
    """The plugins `company` enables: none, unless the plugin matrix chose a set for the test."""
    return tuple(getattr(request, "param", ()))


def _answers_expected(hook: str) -> bool:
    """Events return nothing; every other hook is expected to answer in its test."""
    from kontor import hookspecs

    spec = getattr(hookspecs, hook, None)
    returns = getattr(spec, "__annotations__", {}).get("return")
    return hook not in AFTER_COMMIT_EVENTS and returns not in (None, "None")


@pytest.fixture(autouse=True)
def _marked_hooks_run(request):
    """A test marked @pytest.mark.hook(names) fails unless, while it ran, a plugin (not the
    core) implemented each named hook and, unless it is an event, answered it."""
    names = {name for mark in request.node.iter_markers("hook") for name in mark.args}
    if not names:
        yield
        return
    seen: dict[str, set[bool]] = {}

    def observe(hook: str, plugin: str, answered: bool) -> None:
        if hook in names and plugin.split(".")[0] != "core":
            seen.setdefault(hook, set()).add(answered)

    with plugin_trace.observing(observe):
        yield
    silent = sorted(n for n in names if n not in seen or (_answers_expected(n) and True not in seen[n]))
    assert not silent, f"marked @pytest.mark.hook, but no plugin implementation ran and answered: {', '.join(silent)}"


def migration_script():
    """The alembic script directory of the core and every installed plugin's branch."""
    from alembic.script import ScriptDirectory

    from kontor.db.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config(build_plugin_host()))


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


def _admin_execute(url: str, statement: str) -> None:
    engine = create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@contextmanager
def private_postgres_schema(url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh schema of their own, dropped afterwards, so
    test runs sharing one PostgreSQL database never see each other's tables."""
    schema = f"kontor_test_{uuid.uuid4().hex[:12]}"
    _admin_execute(url, f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        _admin_execute(url, f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@contextmanager
def database_for_tests(backend: str, folder) -> Iterator[str]:
    """An empty database of the backend for one test session."""
    if backend == "postgresql":
        with private_postgres_schema(os.environ[PG_ENV]) as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'kontor-test.db'}"


def settings_for_tests(folder, url: str):
    # Cheap password hashes keep the suite fast; production uses the defaults.
    return load_settings(
        environ={}, data_dir=folder, database_url=url, password_time_cost=1, password_memory_kib=1024
    )


@pytest.fixture(scope="session")
def extra_plugins() -> list:
    """Plugin modules registered beside the installed ones (a conftest may override this)."""
    return []


@pytest.fixture(scope="session", params=backends())
def kontor_system(request, tmp_path_factory, extra_plugins) -> Iterator[Kontor]:
    folder = tmp_path_factory.mktemp(f"kontor-{request.param}")
    with database_for_tests(request.param, folder) as url:
        host = build_plugin_host(extra=extra_plugins)
        system = Kontor.build(settings_for_tests(folder, url), host=host)
        upgrade(system.db, host)
        yield system
        system.db.dispose()


@dataclass
class Company:
    """A fresh tenant for one test, with helpers to act in it."""

    kontor: Kontor
    tenant_id: int
    code: str

    @contextmanager
    def write(self, username: str | None = None) -> Iterator[tuple[Session, Context]]:
        with self.kontor.db.write() as session:
            yield session, self.context(session, username)

    @contextmanager
    def read(self, username: str | None = None) -> Iterator[tuple[Session, Context]]:
        with self.kontor.db.read() as session:
            yield session, self.context(session, username)

    def context(self, session: Session, username: str | None = None) -> Context:
        tenant = tenant_by_code(session, self.code)
        user = users.user_by_name(session, username) if username else None
        return self.kontor.context(session, tenant, user)

    def add_user(self, role: str | None = "admin", username: str | None = None, password: str = "secret-pass-1") -> str:
        username = username or f"u{uuid.uuid4().hex[:10]}"
        with self.write() as (session, ctx):
            users.create_user(session, ctx, username, password, roles=[role] if role else [])
        return username

    def token(self, username: str) -> str:
        with self.kontor.db.write() as session:
            return users.issue_token(session, self.kontor.settings, users.user_by_name(session, username))

    def cli(self, *args: str, catch_exceptions: bool = False):
        """Run `kontor --tenant <this company> ARGS...` in-process; returns click's Result."""
        from click.testing import CliRunner

        from kontor.cli import main
        from kontor.cli.base import State

        return CliRunner().invoke(main, ["--tenant", self.code, *args], obj=State(kontor=self.kontor),
                                  catch_exceptions=catch_exceptions)

    def enable(self, *plugins: str) -> None:
        from kontor.core.tenancy.plugin_switch import enable_plugins

        with self.write() as (session, ctx):
            enable_plugins(session, ctx, self.kontor.host, list(plugins))


def new_company(system: Kontor, name: str = "Muster GmbH") -> Company:
    from kontor.tenant_setup import setup_tenant

    code = f"t{uuid.uuid4().hex[:12]}"
    with system.db.write() as session:
        tenant = setup_tenant(session, system, code, name, plugins=[])
        return Company(system, tenant.id, code)


@pytest.fixture
def company(kontor_system, plugin_set) -> Iterator[Company]:
    """A fresh tenant with the plugins of `plugin_set` enabled (none outside the plugin matrix);
    afterwards its customers' exposure rows must equal their sources, whatever the test did
    (kontor.core.finance.exposure_check)."""
    made = new_company(kontor_system)
    if plugin_set:
        made.enable(*kontor_system.host.enable_order(plugin_set))
    yield made
    from kontor.core.finance.exposure_check import verify_exposure

    with kontor_system.db.read() as session:
        problems = verify_exposure(session, made.tenant_id)
    assert problems == [], "exposure rows differ from their sources:\n" + "\n".join(problems[:20])


@pytest.fixture
def other_company(kontor_system) -> Company:
    return new_company(kontor_system, "Andere AG")


@pytest.fixture(scope="session")
def web_app(kontor_system):
    from kontor.web.app import create_app

    return create_app(kontor_system)


class ApiClient:
    """A test client that logs in as one user of one company."""

    def __init__(self, client, token: str, tenant: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}", "X-Kontor-Tenant": tenant}

    def __getattr__(self, method: str):
        call = getattr(self.client, method)

        def request(path: str, **kwargs):
            headers = {**self.headers, **kwargs.pop("headers", {})}
            return call(path, headers=headers, **kwargs)

        return request


@pytest.fixture
def http(web_app):
    from litestar.testing import TestClient

    with TestClient(web_app) as client:
        yield client


@pytest.fixture
def api(http, company) -> ApiClient:
    """The API as an admin of `company`."""
    return ApiClient(http, company.token(company.add_user("admin")), company.code)


def api_as(http, company: Company, role: str | None) -> ApiClient:
    return ApiClient(http, company.token(company.add_user(role)), company.code)
