"""The plugin in the README works as written: a partner copies it and it runs."""

import importlib.util
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kontor.core.documents.pricing import quote_price
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import create_record
from kontor.errors import Invalid
from kontor.plugins import build_plugin_host
from kontor.testing import Company, new_company
from kontor.runtime import Kontor

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_files() -> dict[str, str]:
    """Code blocks of the README whose first line names a file (`# kontor-acme/...`)."""
    blocks = re.findall(r"```(?:python|toml)\n# (kontor-acme/[^\n]+)\n(.*?)```", README.read_text(), re.S)
    return {name: body for name, body in blocks}


@pytest.fixture
def acme_company(kontor_system, tmp_path) -> Company:
    files = readme_files()
    assert set(files) == {"kontor-acme/pyproject.toml", "kontor-acme/kontor_acme.py"}
    project = tomllib.loads(files["kontor-acme/pyproject.toml"])
    assert project["project"]["entry-points"]["kontor.plugins"] == {"acme": "kontor_acme"}
    source = tmp_path / "kontor_acme.py"
    source.write_text(files["kontor-acme/kontor_acme.py"])
    spec = importlib.util.spec_from_file_location("kontor_acme", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    host = build_plugin_host(extra=[module])
    system = Kontor(settings=kontor_system.settings, db=kontor_system.db, host=host)
    company = new_company(system)
    company.enable("acme")
    return company


def test_the_readme_plugin_refuses_customers_without_email(acme_company):
    customers = BY_NAME["customers"]
    with pytest.raises(Invalid, match="ACME needs an e-mail address"):
        with acme_company.write() as (session, ctx):
            create_record(session, ctx, customers, customers.create_schema(short_name="X", name1="X GmbH"))
    with acme_company.write() as (session, ctx):
        create_record(session, ctx, customers,
                      customers.create_schema(short_name="X", name1="X GmbH", email="x@example.de"))


def test_the_readme_plugin_gives_price_class_5_three_percent_on_acme_articles(acme_company):
    with acme_company.write() as (session, ctx):
        article = Article(tenant_id=ctx.tenant_id, number="ACME-1", description="Pumpe",
                          sales_price_1=Decimal("100"), sales_price_5=Decimal("80"))
        other = Article(tenant_id=ctx.tenant_id, number="X-1", description="Rohr", sales_price_5=Decimal("5"))
        customer = Customer(tenant_id=ctx.tenant_id, number="1", short_name="K", name1="K", price_class=5)
        session.add_all([article, other, customer])
        session.flush()
        ids = article.id, other.id, customer.id
    with acme_company.read() as (session, ctx):
        acme = quote_price(session, ctx, ids[0], ids[2], Decimal("1"), date.today())
        plain = quote_price(session, ctx, ids[1], ids[2], Decimal("1"), date.today())
    assert (acme.unit_price, acme.discount_percent, acme.source) == (Decimal("80.0000"), Decimal("3"), "ACME class 5")
    assert (plain.discount_percent, plain.source) == (Decimal("0"), "price class 5")
