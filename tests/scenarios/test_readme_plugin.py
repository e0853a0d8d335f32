"""The plugin in the README works as written: a partner copies its files and every part runs.

The test writes the README's code blocks (`# kontor-acme/...`) into a folder, imports the
package from there, migrates a database of its own with the plugin's branch, enables the
plugin for a company and uses its hook, setting, table, route and command.
"""

import re
import sys
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import inspect
from sqlmodel import SQLModel, select

from kontor.core.documents.pricing import quote_price
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import create_record
from kontor.db.engine import Database
from kontor.db.migrate import upgrade
from kontor.errors import Invalid
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.testing import ApiClient, Company, backends, database_for_tests, new_company, settings_for_tests

README = Path(__file__).resolve().parents[2] / "README.md"
FILES = {"kontor-acme/pyproject.toml", "kontor-acme/kontor_acme/plugin.py",
         "kontor-acme/kontor_acme/migrations/acme_0001_visits.py"}


def readme_files() -> dict[str, str]:
    """Code blocks of the README whose first line names a file (`# kontor-acme/...`)."""
    blocks = re.findall(r"```(?:python|toml)\n# (kontor-acme/[^\n]+)\n(.*?)```", README.read_text(), re.S)
    return {name: body for name, body in blocks}


def test_the_readme_plugin_is_three_files_under_100_lines():
    files = readme_files()
    assert set(files) == FILES
    assert sum(body.count("\n") for body in files.values()) < 100
    project = tomllib.loads(files["kontor-acme/pyproject.toml"])["project"]
    assert project["entry-points"]["kontor.plugins"] == {"acme": "kontor_acme.plugin"}


@pytest.fixture(params=backends())
def acme(request, tmp_path):
    """A database of its own with the core and the README plugin's branch, a company with the
    plugin enabled, and the web app, built from the files exactly as the README has them."""
    for name, body in readme_files().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    sys.path.insert(0, str(tmp_path / "kontor-acme"))
    try:
        from kontor_acme import plugin

        with database_for_tests(request.param, tmp_path) as url:
            system = Kontor(settings=settings_for_tests(tmp_path, url), db=Database(url),
                            host=build_plugin_host(discover=False, extra=[plugin]))
            upgrade(system.db, system.host)
            company = new_company(system)
            company.enable("acme")
            yield company, plugin
            system.db.dispose()
    finally:
        sys.path.remove(str(tmp_path / "kontor-acme"))
        for module in [m for m in sys.modules if m == "kontor_acme" or m.startswith("kontor_acme.")]:
            del sys.modules[module]
        SQLModel.metadata.remove(SQLModel.metadata.tables["acme_visit"])  # other tests compare the core's


def _web(company: Company):
    from kontor.web.app import create_app

    return create_app(company.kontor)


def _api(company: Company, client, role: str = "admin") -> ApiClient:
    return ApiClient(client, company.token(company.add_user(role)), company.code)


def test_the_readme_plugin_refuses_customers_without_email(acme):
    company, _ = acme
    customers = BY_NAME["customers"]
    with pytest.raises(Invalid, match="ACME needs an e-mail address"):
        with company.write() as (session, ctx):
            create_record(session, ctx, customers, customers.create_schema(short_name="X", name1="X GmbH"))
    with company.write() as (session, ctx):
        create_record(session, ctx, customers,
                      customers.create_schema(short_name="X", name1="X GmbH", email="x@example.de"))


def test_the_readme_plugin_gives_price_class_5_its_settings_discount_on_acme_articles(acme):
    company, _ = acme
    with company.write() as (session, ctx):
        article = Article(tenant_id=ctx.tenant_id, number="ACME-1", description="Pumpe",
                          sales_price_1=Decimal("100"), sales_price_5=Decimal("80"))
        other = Article(tenant_id=ctx.tenant_id, number="X-1", description="Rohr", sales_price_5=Decimal("5"))
        customer = Customer(tenant_id=ctx.tenant_id, number="1", short_name="K", name1="K", price_class=5)
        session.add_all([article, other, customer])
        session.flush()
        ids = article.id, other.id, customer.id

    def quote(article_id):
        with company.read() as (session, ctx):
            return quote_price(session, ctx, article_id, ids[2], Decimal("1"), date.today())

    acme_quote, plain = quote(ids[0]), quote(ids[1])
    assert (acme_quote.unit_price, acme_quote.discount_percent, acme_quote.source) == (
        Decimal("80.0000"), Decimal("3"), "ACME class 5")
    assert (plain.discount_percent, plain.source) == (Decimal("0"), "price class 5")

    with TestClient(_web(company)) as client:
        api = _api(company, client)
        assert api.get("/api/plugins/acme/settings").json()["values"] == {"class5_discount": "3"}
        assert api.patch("/api/plugins/acme/settings", json={"class5_discount": "25"}).status_code == 422
        assert api.patch("/api/plugins/acme/settings", json={"class5_discount": "5"}).status_code == 200
    assert quote(ids[0]).discount_percent == Decimal("5")


def test_the_readme_plugin_keeps_visits_in_its_table_through_its_route_and_lists_them_with_its_command(acme):
    company, plugin = acme
    assert "acme_visit" in inspect(company.kontor.db.engine).get_table_names()
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH",
                            email="bau@example.de")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    other = new_company(company.kontor)
    with TestClient(_web(company)) as client:
        api = _api(company, client)
        made = api.post("/api/acme/visits", json={"customer_id": customer_id, "visited_on": "2026-03-02",
                                                   "note": "Heizung besprochen"})
        assert made.status_code == 201, made.text
        assert made.json() | {"id": 0} == {"id": 0, "tenant_id": company.tenant_id, "customer_id": customer_id,
                                             "visited_on": "2026-03-02", "note": "Heizung besprochen"}
        foreign = _api(other, client).post("/api/acme/visits", json={"customer_id": customer_id,
                                                                      "visited_on": "2026-03-02"})
        assert foreign.status_code == 404  # the other company has not enabled the plugin
        other.enable("acme")
        stolen = _api(other, client).post("/api/acme/visits", json={"customer_id": customer_id,
                                                                     "visited_on": "2026-03-02"})
        assert stolen.status_code == 422 and stolen.json()["errors"][0]["field"] == "customer_id"
        assert _api(company, client, "viewer").post("/api/acme/visits", json={
            "customer_id": customer_id, "visited_on": "2026-03-03"}).status_code == 403
    listed = company.cli("acme-visits")
    assert listed.exit_code == 0, listed.output
    assert listed.output == f"2026-03-02 customer {customer_id}: Heizung besprochen\n"
    with company.read() as (session, ctx):
        assert len(session.exec(select(plugin.AcmeVisit)).all()) == 1
