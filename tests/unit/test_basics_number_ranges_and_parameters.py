"""Number ranges, what a new company starts with, and the company parameters."""

from decimal import Decimal

from sqlmodel import select

from kontor.core.masterdata.basics.models import Currency, NumberRange
from kontor.core.tenancy.models import TenantSetting
from tests.unit.test_masterdata_support import (
    DE_VAT_ID,
    conflict,
    created,
    nothing_written,
    problem,
    refused,
    unchanged,
)


def number_range(api, kind: str) -> dict:
    page = api.get("/api/basics/number-ranges", params={"q": kind}).json()
    [item] = [item for item in page["items"] if item["kind"] == kind]
    return item


# -- number ranges --------------------------------------------------------------------------------


def test_the_customer_range_can_be_moved_ahead(api):
    customers = number_range(api, "customer")
    response = api.patch(f"/api/basics/number-ranges/{customers['id']}", json={"next_number": 20001})
    assert response.status_code == 200, response.text
    assert created(api, "/api/customers", short_name="M", name1="Meier")["number"] == "20001"


def test_a_range_with_prefix_and_width_formats_the_number(api):
    articles = number_range(api, "article")
    api.patch(f"/api/basics/number-ranges/{articles['id']}", json={"prefix": "ART-", "width": 3, "next_number": 7})
    assert created(api, "/api/articles", description="Rohr")["number"] == "ART-007"


def test_a_number_range_cannot_be_moved_back(api, company):
    customers = number_range(api, "customer")
    created(api, "/api/customers", short_name="M", name1="Meier")
    path = f"/api/basics/number-ranges/{customers['id']}"
    with unchanged(api, company, path, NumberRange):
        response = api.patch(path, json={"next_number": 10001})
    refused(response, "next_number", "not_lower")


def test_the_kind_of_a_number_range_is_fixed(api, company):
    quotes = number_range(api, "quote")
    path = f"/api/basics/number-ranges/{quotes['id']}"
    with unchanged(api, company, path, NumberRange):
        response = api.patch(path, json={"kind": "stocktaking_list"})
    refused(response, "kind", "fixed")


def test_a_number_range_of_an_unknown_kind_is_refused(api, company):
    with nothing_written(company, NumberRange):
        response = api.post("/api/basics/number-ranges", json={"kind": "lottery", "next_number": 1})
    error = refused(response, "kind", "one_of")
    assert "invoice" in error["message"]


def test_a_second_range_of_the_same_kind_is_a_conflict(api, company):
    with nothing_written(company, NumberRange):
        response = api.post("/api/basics/number-ranges", json={"kind": "invoice", "next_number": 500})
    conflict(response, "invoice", "exists already")


def test_a_next_number_below_one_and_a_width_above_twelve_are_refused(api):
    customers = number_range(api, "customer")
    path = f"/api/basics/number-ranges/{customers['id']}"
    refused(api.patch(path, json={"next_number": 0}), "next_number", "greater_than_equal")
    refused(api.patch(path, json={"width": 13}), "width", "less_than_equal")


def test_without_a_customer_range_a_customer_needs_a_number(api, company):
    customers = number_range(api, "customer")
    with company.write() as (session, _ctx):
        session.delete(session.get(NumberRange, customers["id"]))
    refused(api.post("/api/customers", json={"short_name": "M", "name1": "Meier"}), "number", "number_range")
    assert created(api, "/api/customers", short_name="M", name1="Meier", number="K1")["number"] == "K1"


# -- what a new company starts with --------------------------------------------------------------


def codes(api, basics: str) -> set[str]:
    page = api.get(f"/api/basics/{basics}", params={"limit": 100}).json()
    return {item.get("code") or item.get("kind") for item in page["items"]}


def test_a_new_company_has_number_ranges_for_parties_articles_and_documents(api):
    kinds = codes(api, "number-ranges")
    assert {"customer", "supplier", "agent", "bank", "staff", "article", "quote", "order", "invoice",
            "credit_note", "delivery_note", "purchase_order"} <= kinds
    customers = number_range(api, "customer")
    assert (customers["next_number"], customers["width"], customers["prefix"]) == (10001, 5, "")


def test_a_new_company_has_the_german_tax_codes(api):
    page = api.get("/api/basics/tax-codes", params={"limit": 100}).json()
    by_code = {item["code"]: item for item in page["items"]}
    assert (Decimal(by_code["U19"]["rate"]), by_code["U19"]["kind"]) == (Decimal(19), "standard")
    assert (Decimal(by_code["U7"]["rate"]), by_code["U7"]["kind"]) == (Decimal(7), "reduced")
    assert {"U0", "IG", "EX", "RC"} <= set(by_code)


def test_a_new_company_has_units_currencies_and_countries(api):
    assert {"STK", "KG", "M", "H"} <= codes(api, "units")
    assert {"EUR", "CHF", "USD"} <= codes(api, "currencies")
    countries = api.get("/api/basics/countries", params={"limit": 100}).json()["items"]
    by_code = {item["code"]: item for item in countries}
    assert by_code["DE"]["eu_member"] and by_code["AT"]["eu_member"]
    assert not by_code["CH"]["eu_member"]


def test_a_new_company_has_salutations_terms_and_a_head_office(api):
    assert {"HERR", "FRAU", "FIRMA"} <= codes(api, "salutations")
    assert {"N30", "S10", "SOF"} <= codes(api, "payment-terms")
    assert {"FH", "AW"} <= codes(api, "delivery-terms")
    assert codes(api, "org-units") == {"ZENTRALE"}


def test_each_company_has_its_own_basics(api, company, other_company):
    eur = api.get("/api/basics/currencies", params={"q": "EUR"}).json()["items"][0]
    with other_company.read() as (session, _ctx):
        theirs = session.exec(select(Currency.id).where(Currency.tenant_id == other_company.tenant_id,
                                                        Currency.code == "EUR")).one()
    assert theirs != eur["id"]
    problem(api.get(f"/api/basics/currencies/{theirs}"), 404)


# -- company parameters ---------------------------------------------------------------------------


def test_the_parameters_of_a_new_company_have_defaults(api):
    parameters = api.get("/api/parameters").json()
    assert parameters["company_name"] == "Muster GmbH"
    assert (parameters["country_code"], parameters["home_currency"]) == ("DE", "EUR")
    assert parameters["fiscal_year_start_month"] == 1
    assert Decimal(parameters["default_credit_limit"]) == Decimal(10000)


def test_the_parameters_are_changed_as_a_whole(api):
    parameters = {**api.get("/api/parameters").json(), "fiscal_year_start_month": 7,
                  "default_credit_limit": "5000.50", "vat_id": "de136695976", "city": "Köln"}
    response = api.put("/api/parameters", json=parameters)
    assert response.status_code == 200, response.text
    stored = api.get("/api/parameters").json()
    assert (stored["fiscal_year_start_month"], stored["vat_id"], stored["city"]) == (7, DE_VAT_ID, "Köln")
    assert Decimal(stored["default_credit_limit"]) == Decimal("5000.50")


def test_a_fiscal_year_starting_in_month_thirteen_or_zero_is_refused(api, company):
    before = api.get("/api/parameters").json()
    with nothing_written(company, TenantSetting):
        refused(api.put("/api/parameters", json={**before, "fiscal_year_start_month": 13}),
                "fiscal_year_start_month", "less_than_equal")
        refused(api.put("/api/parameters", json={**before, "fiscal_year_start_month": 0}),
                "fiscal_year_start_month", "greater_than_equal")
    assert api.get("/api/parameters").json() == before


def test_a_negative_default_credit_limit_is_refused(api):
    before = api.get("/api/parameters").json()
    refused(api.put("/api/parameters", json={**before, "default_credit_limit": "-1"}),
            "default_credit_limit", "greater_than_equal")
    assert api.get("/api/parameters").json() == before


def test_parameters_with_a_bad_vat_id_or_currency_are_refused(api):
    before = api.get("/api/parameters").json()
    response = api.put("/api/parameters", json={**before, "vat_id": "DE000000000", "home_currency": "XXY"})
    refused(response, "vat_id", "vat_id")
    refused(response, "home_currency", "currency_code")
    assert api.get("/api/parameters").json() == before


def test_a_change_of_the_parameters_is_in_the_audit_trail(api, company):
    from sqlmodel import select

    from kontor.core.audit import AuditEntry

    current = api.get("/api/parameters").json()
    api.put("/api/parameters", json={**current, "fiscal_year_start_month": 7})
    with company.read() as (session, ctx):
        entry = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                      AuditEntry.subject == "parameters")).one()
    assert entry.before == {"fiscal_year_start_month": 1} and entry.after == {"fiscal_year_start_month": 7}
