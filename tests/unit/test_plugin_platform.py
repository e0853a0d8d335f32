"""Installed is not enabled: plugins act per tenant, with requirements, through hooks only."""

import inspect
import re
from decimal import Decimal
from pathlib import Path

import pytest

from kontor import hookspecs
from kontor.core.documents.pricing import quote_price
from kontor.core.masterdata.articles.models import Article
from kontor.core.tenancy.plugin_switch import disable_plugin, enable_bundle, enable_plugins
from kontor.errors import Conflict
from kontor.plugins import PluginError, build_plugin_host
from kontor.testing import api_as
from tests.plugins import price_plugin, registration_plugin, validation_plugin

HOOK_NAMES = [name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("kontor_")]


def _article(company, number: str, price: str) -> int:
    with company.write() as (session, ctx):
        article = Article(tenant_id=ctx.tenant_id, number=number, description=number, sales_price_1=Decimal(price),
                          sales_price_3=Decimal(price) - 1)
        session.add(article)
        session.flush()
        return article.id


# -- every hook is documented and tested -----------------------------------------------------


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_says_when_it_runs_and_what_it_returns(name):
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert len(doc) > 80, f"{name} needs a docstring that says when it runs and what it returns"


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_has_a_test_that_implements_it(name):
    tests = Path(__file__).resolve().parents[1]
    implementing = [
        path for path in tests.rglob("*.py") if re.search(rf"def {name}\(", path.read_text(encoding="utf-8"))
    ]
    assert implementing, f"no test plugin implements {name}"


# -- switching per tenant ----------------------------------------------------------------------


@pytest.mark.hook("kontor_unit_price")
def test_a_plugin_enabled_for_one_tenant_leaves_the_other_untouched(company, other_company):
    mine = _article(company, "SP-100", "20.00")
    theirs = _article(other_company, "SP-100", "20.00")
    company.enable("test_prices")

    with company.read() as (session, ctx):
        quote = quote_price(session, ctx, mine, None, Decimal("1"), __import__("datetime").date.today())
    assert (quote.unit_price, quote.discount_percent, quote.source) == (Decimal("9.9900"), Decimal("5"), "test special price")

    with other_company.read() as (session, ctx):
        quote = quote_price(session, ctx, theirs, None, Decimal("1"), __import__("datetime").date.today())
    assert (quote.unit_price, quote.source) == (Decimal("20.0000"), "price class 1")


def test_installed_plugins_are_known_but_a_new_tenant_has_none_enabled(company, kontor_system):
    assert {"test_prices", "test_rules", "test_extras"} <= set(kontor_system.host.plugins)
    with company.read() as (session, ctx):
        assert ctx.enabled_plugins == frozenset()


def test_enabling_a_plugin_whose_requirement_is_off_is_refused_naming_it(company):
    with pytest.raises(Conflict, match="requires plugin 'test_rules', which is not enabled"):
        company.enable("test_extras")
    with company.read() as (session, ctx):
        assert ctx.enabled_plugins == frozenset()


def test_enabling_the_requirement_first_lets_the_plugin_on(company):
    company.enable("test_rules", "test_extras")
    with company.read() as (session, ctx):
        assert ctx.enabled_plugins == {"test_rules", "test_extras"}


def test_a_bundle_enables_its_plugins_in_dependency_order(company, kontor_system):
    with company.write() as (session, ctx):
        enabled = enable_bundle(session, ctx, kontor_system.host, ["test_extras"])
    assert enabled == ["test_extras", "test_rules"]


def test_disabling_a_plugin_another_enabled_plugin_needs_is_refused(company, kontor_system):
    company.enable("test_rules", "test_extras")
    with pytest.raises(Conflict, match="required by enabled plugin\\(s\\) test_extras"):
        with company.write() as (session, ctx):
            disable_plugin(session, ctx, kontor_system.host, "test_rules")
    with company.write() as (session, ctx):
        assert disable_plugin(session, ctx, kontor_system.host, "test_extras") == ["test_rules"]


def test_enabling_an_unknown_plugin_names_the_installed_ones(company, kontor_system):
    with pytest.raises(Conflict, match="plugin 'nope' is not installed"):
        with company.write() as (session, ctx):
            enable_plugins(session, ctx, kontor_system.host, ["nope"])


def test_a_requirement_that_is_not_installed_is_named():
    host = build_plugin_host(discover=False, extra=[registration_plugin])
    with pytest.raises(PluginError, match="requires plugin 'test_rules', which is not installed"):
        host.check_enable("test_extras", [])


def test_two_plugins_with_one_name_are_refused():
    with pytest.raises(PluginError, match="two plugins are named 'test_prices'"):
        build_plugin_host(discover=False, extra=[price_plugin, price_plugin])


def test_plugin_switching_needs_settings_admin(company, kontor_system):
    clerk = company.add_user("clerk")
    with pytest.raises(Exception, match="lacks admin permission on 'settings'"):
        with company.write(clerk) as (session, ctx):
            enable_plugins(session, ctx, kontor_system.host, ["test_prices"])


# -- hooks change behaviour only where enabled ---------------------------------------------------


@pytest.mark.hook("kontor_validate")
def test_the_validation_hook_of_an_enabled_plugin_refuses_a_customer(api, company, other_company, http):
    company.enable("test_rules")
    refused = api.post("/api/customers", json={"short_name": "OHNE", "name1": "Ohne Mail GmbH"})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "email", "rule": "required_by_test_rules",
         "message": "this company requires an e-mail address for customers"}
    ]
    assert api.get("/api/customers").json()["total"] == 0

    other = api_as(http, other_company, "admin")
    assert other.post("/api/customers", json={"short_name": "OHNE", "name1": "Ohne Mail GmbH"}).status_code == 201


def test_the_price_hook_answers_over_http_only_for_the_enabled_tenant(api, company):
    article = _article(company, "SP-7", "12.50")
    assert api.get(f"/api/articles/{article}/price").json()["unit_price"] == "12.5000"
    company.enable("test_prices")
    answer = api.get(f"/api/articles/{article}/price", params={"quantity": "3"}).json()
    assert (answer["unit_price"], answer["discount_percent"], answer["source"]) == ("9.9900", "5", "test special price")


def test_the_core_default_price_follows_the_customer_price_class(api, company):
    article = _article(company, "N-1", "12.50")
    customer = api.post("/api/customers", json={"short_name": "K3", "name1": "K3 GmbH", "price_class": 3}).json()
    answer = api.get(f"/api/articles/{article}/price", params={"customer_id": customer["id"]}).json()
    assert (answer["unit_price"], answer["source"]) == ("11.5000", "price class 3")
    assert api.get(f"/api/articles/{article}/price", params={"quantity": "0"}).status_code == 422


def test_a_plugin_route_is_404_until_the_tenant_enables_the_plugin(api, company):
    assert api.get("/api/test_extras/hello").status_code == 404
    company.enable("test_rules", "test_extras")
    answer = api.get("/api/test_extras/hello")
    assert answer.status_code == 200
    assert answer.json() == {"hello": company.code}


def test_a_plugin_route_needs_authentication(http, company):
    company.enable("test_rules", "test_extras")
    assert http.get("/api/test_extras/hello").status_code == 401


def test_a_program_part_registered_by_a_plugin_is_granted_to_admins(kontor_system, company, http):
    assert "test_part" in kontor_system.part_names
    company.enable("test_rules", "test_extras")
    viewer = api_as(http, company, None)
    assert viewer.get("/api/test_extras/hello").status_code == 403


def test_the_plugins_endpoint_lists_metadata_and_state(api, company):
    company.enable("test_prices")
    plugins = {p["name"]: p for p in api.get("/api/plugins").json()}
    assert plugins["test_prices"]["enabled"] is True
    assert plugins["test_extras"] == {
        "name": "test_extras", "title": "Test extras", "version": "1.0", "requires": ["test_rules"],
        "description": "", "enabled": False,
    }
    refused = api.post("/api/plugins/test_extras/enable")
    assert refused.status_code == 409
    assert "test_rules" in refused.json()["detail"]
    assert api.post("/api/plugins/test_rules/enable").json() == ["test_prices", "test_rules"]


def test_loading_kontor_registers_nothing_until_asked():
    import kontor.plugins

    assert not hasattr(kontor.plugins, "pm")
    host = build_plugin_host(discover=False, extra=[validation_plugin])
    assert list(host.plugins) == ["test_rules"]


# -- the registration hooks, each asked while the test builds what uses it -------------------------


def _system_with(kontor_system, *modules):
    from kontor.runtime import Kontor

    return Kontor(settings=kontor_system.settings, db=kontor_system.db,
                  host=build_plugin_host(discover=False, extra=list(modules)))


@pytest.mark.hook("kontor_register_routes")
def test_the_routes_a_plugin_registers_are_mounted_under_its_name_when_the_app_is_built(kontor_system, company):
    from litestar.testing import TestClient

    from kontor.web.app import create_app

    system = _system_with(kontor_system, validation_plugin, registration_plugin)
    company.enable("test_rules", "test_extras")
    paths = {route.path for route in create_app(system).routes}
    assert {"/api/test_extras/hello", "/api/test_extras/greeting"} <= paths
    with TestClient(create_app(system)) as client:
        answer = client.get("/api/test_extras/hello", headers={
            "Authorization": f"Bearer {company.token(company.add_user('admin'))}", "X-Kontor-Tenant": company.code})
    assert answer.json() == {"hello": company.code}


@pytest.mark.hook("kontor_register_permissions")
def test_the_program_parts_a_plugin_registers_join_the_cores(kontor_system):
    system = _system_with(kontor_system, validation_plugin, registration_plugin)
    assert "test_part" in system.part_names and "sales" in system.part_names
    assert "test_part" not in _system_with(kontor_system, validation_plugin).part_names


@pytest.mark.hook("kontor_register_settings")
def test_the_settings_model_a_plugin_registers_is_known_by_its_name():
    host = build_plugin_host(discover=False, extra=[validation_plugin, registration_plugin])
    model = host.settings_models["test_extras"]
    assert model().model_dump() == {"greeting": "hello", "repeat": 1, "case": "lower"}
    assert "test_rules" not in host.settings_models
