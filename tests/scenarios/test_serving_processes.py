"""Serving a busy order desk: several stateless web processes over PostgreSQL (one process on
SQLite, said plainly), and a short-lived cache of what a token stands for, which a change of
rights or a revoked token empties at once in the process that made it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kontor.cli import State, main
from kontor.core.users.services import revoke_role
from kontor.testing import ApiClient
from kontor.web.auth_cache import CACHE, AuthCache


def test_serve_with_several_processes_on_sqlite_is_refused_with_the_reason(company):
    if company.kontor.db.dialect != "sqlite":
        pytest.skip("the SQLite message")
    result = CliRunner().invoke(main, ["serve", "--workers", "4"], obj=State(kontor=company.kontor))
    assert result.exit_code != 0
    assert "SQLite lets one process write at a time" in result.output
    assert "KONTOR_DATABASE_URL" in result.output


def test_serve_with_more_processes_than_the_server_has_connections_for_is_refused(company):
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("PostgreSQL's max_connections")
    from kontor.cli.setup import check_workers

    check_workers(company.kontor, 4)  # 4 x (10 + 10) fits the default 100
    with pytest.raises(Exception, match="may open .* connections"):
        check_workers(company.kontor, 50)


def test_a_token_is_resolved_once_then_served_from_the_cache(api, company):
    CACHE.clear()
    assert api.get("/api/customers").status_code == 200
    token = api.headers["Authorization"].split()[1]
    cached = CACHE.get(token, company.code)
    assert cached is not None and cached.tenant_code == company.code and cached.username != "system"
    assert api.get("/api/customers").status_code == 200
    assert CACHE.get(token, company.code) is cached


def test_rights_taken_away_count_at_once_in_the_process_that_took_them(http, company):
    clerk = company.add_user("clerk")
    client = ApiClient(http, company.token(clerk), company.code)
    assert client.post("/api/customers", json={"number": "K1", "short_name": "K1", "name1": "Kunde 1"}
                       ).status_code == 201
    with company.write() as (session, ctx):
        revoke_role(session, ctx, clerk, "clerk")
    answer = client.post("/api/customers", json={"number": "K2", "short_name": "K2", "name1": "Kunde 2"})
    assert answer.status_code == 403


def test_entries_end_with_their_lifetime():
    cache = AuthCache()
    from kontor.core.context import Context
    from kontor.core.users.permissions import Level

    context = Context(tenant_id=1, tenant_code="t", hooks=None, enabled_plugins=frozenset(), settings=None,
                      grants={"sales": Level.READ})
    cache.put("kt_x", None, context, seconds=0)
    assert cache.get("kt_x", None) is None  # 0 switches the cache off
    cache.put("kt_x", None, context, seconds=60)
    assert cache.get("kt_x", None) == context and cache.get("kt_x", "other") is None
    cache.put("kt_y", None, context, seconds=-1)
    assert cache.get("kt_y", None) is None
    cache.clear()
    assert cache.get("kt_x", None) is None
