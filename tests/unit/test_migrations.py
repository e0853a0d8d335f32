"""Migrations: from empty to head on SQLite and PostgreSQL, idempotent, branch per plugin."""

import os
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from kontor.db.engine import Database
from kontor.db.migrate import applied_revisions, is_up_to_date, known_heads, upgrade
from kontor.plugins import build_plugin_host
from kontor.testing import PG_ENV, backends, private_postgres_schema
from tests.plugins import migration_plugin


@contextmanager
def empty_database(backend: str, tmp_path):
    if backend == "postgresql":
        with private_postgres_schema(os.environ[PG_ENV]) as url:
            db = Database(url)
            yield db
            db.dispose()
    else:
        db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
        yield db
        db.dispose()


@pytest.fixture(params=backends())
def empty_db(request, tmp_path):
    with empty_database(request.param, tmp_path) as db:
        yield db


def tables(db: Database) -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_from_empty_brings_every_branch_to_its_head_and_is_idempotent(empty_db):
    host = build_plugin_host()
    upgrade(empty_db, host)
    assert known_heads(host) <= applied_revisions(empty_db, host)
    assert {"tenant", "customer", "article", "number_range", "alembic_version"} <= tables(empty_db)
    upgrade(empty_db, host)
    assert is_up_to_date(empty_db, host)


def test_the_migrated_schema_equals_the_models(empty_db):
    upgrade(empty_db, build_plugin_host())
    with empty_db.engine.connect() as connection:
        # The job queue's own tables (procrastinate's, beside kontor's on PostgreSQL) are not kontor's models.
        context = MigrationContext.configure(connection, opts={
            "compare_type": False,
            "include_name": lambda name, kind, _parent: kind != "table" or not (name or "").startswith("procrastinate")})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


@pytest.mark.hook("kontor_register_migrations")
def test_a_plugins_tables_appear_only_after_its_branch_is_upgraded(empty_db):
    host = build_plugin_host(discover=False, extra=[migration_plugin])
    upgrade(empty_db, host, "core@head")
    assert "customer" in tables(empty_db)
    assert "test_migrations_note" not in tables(empty_db)
    assert not is_up_to_date(empty_db, host)

    upgrade(empty_db, host, "test_migrations@head")
    assert "test_migrations_note" in tables(empty_db)
    assert {"core_0001", "test_migrations_0001"} <= applied_revisions(empty_db, host)
    assert is_up_to_date(empty_db, host)


def test_every_tenant_owned_table_has_a_tenant_key():
    global_tables = {"tenant", "user", "api_token", "alembic_version"}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in global_tables:
            continue
        assert "tenant_id" in table.columns, f"{table.name} has no tenant_id"
        assert not table.columns["tenant_id"].nullable


def test_a_company_set_up_before_the_accountant_role_gets_it_on_upgrade(empty_db):
    """core_0014 adds the standard role `accountant` to every tenant that exists already."""
    from sqlalchemy import text

    host = build_plugin_host()
    upgrade(empty_db, host, target="core_0013")
    with empty_db.engine.begin() as connection:
        connection.execute(text("INSERT INTO tenant (code, name, created_at, updated_at) "
                                "VALUES ('alt', 'Alte Firma', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    upgrade(empty_db, host)
    with empty_db.engine.connect() as connection:
        grants = dict(connection.execute(text(
            "SELECT g.part, g.level FROM role_grant g JOIN role r ON r.id = g.role_id JOIN tenant t ON t.id = r.tenant_id "
            "WHERE t.code = 'alt' AND r.name = 'accountant'")).all())
    assert grants["finance"] == 3 and grants["credit_limits"] == 2 and grants["sales"] == 1
