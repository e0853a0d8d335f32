"""Users log in with hashed passwords; the API needs a token; permissions per program part."""

from datetime import timedelta

import pytest
from sqlmodel import select

from kontor.core.users import services as users
from kontor.core.users.models import ApiToken, User
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotAuthenticated, PermissionDenied
from kontor.testing import ApiClient


def test_a_password_is_stored_as_an_argon2_hash_and_logging_in_gives_a_token(company, http):
    name = company.add_user("clerk", password="richtig-geheim")
    with company.read() as (session, ctx):
        stored = users.user_by_name(session, name).password_hash
    assert stored.startswith("$argon2id$") and "richtig-geheim" not in stored

    answer = http.post("/api/auth/token", json={"username": name, "password": "richtig-geheim"})
    assert answer.status_code == 201
    token = answer.json()["access_token"]
    me = ApiClient(http, token, company.code).get("/api/me").json()
    assert me["username"] == name and me["tenant"] == company.code
    assert me["grants"]["sales"] == "post" and "users" not in me["grants"]


def test_a_wrong_password_gets_401_without_saying_which_part_was_wrong(company, http):
    name = company.add_user("clerk", password="richtig-geheim")
    for username, password in ((name, "falsch-geheim"), ("niemand", "richtig-geheim")):
        answer = http.post("/api/auth/token", json={"username": username, "password": password})
        assert answer.status_code == 401
        assert answer.json()["detail"] == "user name or password is wrong"


def test_no_token_or_a_bad_token_gets_401_as_problem_details(http):
    answer = http.get("/api/customers")
    assert answer.status_code == 401
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert http.get("/api/customers", headers={"Authorization": "Bearer kt_nonsense"}).status_code == 401


def test_an_expired_token_gets_401(company, http):
    name = company.add_user("admin")
    token = company.token(name)
    with company.write() as (session, ctx):
        for row in session.exec(select(ApiToken).where(ApiToken.user_id == users.user_by_name(session, name).id)):
            row.expires_at = row.created_at - timedelta(seconds=1)
            session.add(row)
    assert ApiClient(http, token, company.code).get("/api/customers").status_code == 401


def test_changing_the_password_ends_the_old_tokens(company, http):
    name = company.add_user("admin")
    token = company.token(name)
    with company.write() as (session, ctx):
        users.set_password(session, ctx, name, "ganz-neues-passwort")
    assert ApiClient(http, token, company.code).get("/api/customers").status_code == 401


def test_a_member_of_another_tenant_only_is_refused(company, other_company, http):
    name = other_company.add_user("admin")
    client = ApiClient(http, other_company.token(name), company.code)
    answer = client.get("/api/customers")
    assert answer.status_code == 403
    assert f"no member of tenant '{company.code}'" in answer.json()["detail"]


def test_permissions_are_checked_in_the_service_layer(company):
    viewer = company.add_user("viewer")
    with pytest.raises(PermissionDenied, match="lacks admin permission on 'users'"):
        with company.write(viewer) as (session, ctx):
            users.create_user(session, ctx, "neu", "passwort-123")


def test_levels_include_the_lower_ones(company):
    clerk = company.add_user("clerk")
    with company.read(clerk) as (session, ctx):
        assert ctx.can("sales", Level.READ) and ctx.can("sales", Level.POST)
        assert not ctx.can("sales", Level.ADMIN)
        assert not ctx.can("users", Level.READ)


def test_user_rules(company):
    with company.write() as (session, ctx):
        with pytest.raises(Invalid, match="at least 8 characters"):
            users.create_user(session, ctx, "kurz", "1234567")
        with pytest.raises(Invalid, match="username"):
            users.create_user(session, ctx, "mit leerzeichen", "passwort-123")
        with pytest.raises(Invalid, match="no role 'chef'"):
            users.create_user(session, ctx, "chefin", "passwort-123", roles=["chef"])
    name = company.add_user("clerk")
    with company.write() as (session, ctx):
        with pytest.raises(Conflict, match="exists already"):
            users.create_user(session, ctx, name, "passwort-123")


def test_a_refused_user_is_not_written(company):
    with company.write() as (session, ctx):
        before = len(session.exec(select(User)).all())
    with pytest.raises(Invalid):
        with company.write() as (session, ctx):
            users.create_user(session, ctx, "halb", "passwort-123", roles=["gibtsnicht"])
    with company.read() as (session, ctx):
        assert len(session.exec(select(User)).all()) == before
        with pytest.raises(Exception):
            users.user_by_name(session, "halb")


def test_roles_over_http(api, company, http):
    role = api.put("/api/roles/lager", json={"description": "Lager", "grants": {"stock": "post", "masterdata": "read"}})
    assert role.status_code == 200
    assert role.json()["grants"] == {"masterdata": "read", "stock": "post"}
    assert api.put("/api/roles/x", json={"grants": {"nirgends": "read"}}).status_code == 422
    assert api.put("/api/roles/x", json={"grants": {"stock": "alles"}}).status_code == 422

    created = api.post("/api/users", json={"username": "lagerist", "password": "lager-passwort", "roles": ["lager"]})
    assert created.status_code == 201 and created.json()["roles"] == ["lager"]
    token = http.post("/api/auth/token", json={"username": "lagerist", "password": "lager-passwort"}).json()["access_token"]
    lagerist = ApiClient(http, token, company.code)
    assert lagerist.get("/api/customers").status_code == 200
    assert lagerist.post("/api/customers", json={"short_name": "X", "name1": "X"}).status_code == 403
    assert api.post("/api/users/lagerist/roles/clerk").json()["roles"] == ["clerk", "lager"]
    assert lagerist.post("/api/customers", json={"short_name": "X", "name1": "X"}).status_code == 201


def test_tokens_are_stored_only_as_hashes(company):
    name = company.add_user("admin")
    token = company.token(name)
    with company.read() as (session, ctx):
        hashes = session.exec(select(ApiToken.token_hash)).all()
    assert token not in hashes
    with company.read() as (session, ctx):
        assert users.user_for_token(session, token).username == name
        with pytest.raises(NotAuthenticated):
            users.user_for_token(session, token + "x")
