"""The basics a clerk maintains: payment and delivery terms, tax codes, countries,
currencies, units and the simple code lists."""

import pytest

from kontor.core.masterdata.basics.models import (
    Country,
    Currency,
    DeliveryTerm,
    PaymentTerm,
    TaxCode,
    Unit,
)
from tests.unit.test_masterdata_support import conflict, created, nothing_written, refused, unchanged

# -- payment terms --------------------------------------------------------------------------------


def post_term(api, **fields):
    return api.post("/api/basics/payment-terms", json={"code": "S14", "name": "14 Tage 3 %", **fields})


def test_a_payment_term_with_two_cash_discounts_is_accepted(api):
    body = created(api, "/api/basics/payment-terms", code="S2", name="8 Tage 3 %, 14 Tage 2 %, 30 netto",
                   net_days=30, discount1_days=8, discount1_percent="3", discount2_days=14, discount2_percent="2")
    assert (body["discount1_days"], body["discount2_days"]) == (8, 14)


def test_cash_discount_days_beyond_the_net_days_are_refused(api, company):
    with nothing_written(company, PaymentTerm):
        response = post_term(api, net_days=10, discount1_days=14, discount1_percent="3")
    refused(response, "discount1_days", "within_net_days")


def test_second_cash_discount_days_beyond_the_net_days_are_refused(api):
    response = post_term(api, net_days=20, discount1_days=10, discount1_percent="3",
                         discount2_days=30, discount2_percent="2")
    refused(response, "discount2_days", "within_net_days")


def test_a_cash_discount_percent_without_days_is_refused(api, company):
    with nothing_written(company, PaymentTerm):
        response = post_term(api, net_days=30, discount1_percent="2")
    refused(response, "discount1_days", "required")


def test_the_second_cash_discount_must_come_after_the_first(api, company):
    with nothing_written(company, PaymentTerm):
        response = post_term(api, net_days=30, discount1_days=14, discount1_percent="3",
                             discount2_days=10, discount2_percent="2")
    refused(response, "discount2_days", "after_first")


def test_the_second_cash_discount_must_be_smaller_than_the_first(api, company):
    with nothing_written(company, PaymentTerm):
        response = post_term(api, net_days=30, discount1_days=8, discount1_percent="2",
                             discount2_days=14, discount2_percent="2")
    refused(response, "discount2_percent", "below_first")


def test_shortening_the_net_days_of_a_seeded_term_below_its_discount_is_refused(api, company):
    term = api.get("/api/basics/payment-terms", params={"q": "S10"}).json()["items"][0]
    path = f"/api/basics/payment-terms/{term['id']}"
    with unchanged(api, company, path, PaymentTerm):
        response = api.patch(path, json={"net_days": 7})
    refused(response, "discount1_days", "within_net_days")


def test_more_than_a_year_of_net_days_is_refused(api):
    refused(post_term(api, net_days=400), "net_days", "less_than_equal")


def test_a_second_payment_term_with_the_same_code_is_a_conflict(api, company):
    with nothing_written(company, PaymentTerm):
        response = post_term(api, code="N30")
    conflict(response, "N30", "exists already")


# -- delivery terms -------------------------------------------------------------------------------


@pytest.mark.parametrize("incoterm", ["EXW", "FCA", "DAP", "DDP", "CIF", ""])
def test_a_delivery_term_with_an_incoterm_or_none_is_accepted(api, incoterm):
    body = created(api, "/api/basics/delivery-terms", code=f"T{incoterm}", name="Lieferung", incoterm=incoterm)
    assert body["incoterm"] == incoterm


def test_a_delivery_term_with_an_unknown_incoterm_is_refused(api, company):
    with nothing_written(company, DeliveryTerm):
        response = api.post("/api/basics/delivery-terms", json={"code": "X", "name": "X", "incoterm": "DDU"})
    error = refused(response, "incoterm", "incoterms_2020")
    assert "EXW" in error["message"]


# -- tax codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "rate"), [("standard", "19"), ("reduced", "7"), ("exempt", "0"),
                                            ("reverse_charge", "0"), ("intra_eu_supply", "0"), ("export", "0")])
def test_a_tax_code_whose_rate_fits_its_kind_is_accepted(api, kind, rate):
    assert created(api, "/api/basics/tax-codes", code=f"T-{kind}", name=kind, kind=kind, rate=rate)["kind"] == kind


@pytest.mark.parametrize("kind", ["zero", "exempt", "intra_eu_supply", "export", "reverse_charge"])
def test_a_tax_free_kind_with_a_rate_is_refused(api, company, kind):
    with nothing_written(company, TaxCode):
        response = api.post("/api/basics/tax-codes", json={"code": "X", "name": "X", "kind": kind, "rate": "19"})
    refused(response, "rate", "zero_for_kind")


@pytest.mark.parametrize("kind", ["standard", "reduced"])
def test_a_taxed_kind_without_a_rate_is_refused(api, kind):
    response = api.post("/api/basics/tax-codes", json={"code": "X", "name": "X", "kind": kind, "rate": "0"})
    refused(response, "rate", "positive_for_kind")


def test_an_unknown_tax_kind_is_refused(api):
    refused(api.post("/api/basics/tax-codes", json={"code": "X", "name": "X", "kind": "luxury", "rate": "25"}), "kind", "one_of")


def test_a_rate_above_one_hundred_percent_is_refused(api):
    refused(api.post("/api/basics/tax-codes", json={"code": "X", "name": "X", "rate": "119"}), "rate", "less_than_equal")


def test_changing_the_standard_rate_to_zero_is_refused(api, company):
    u19 = api.get("/api/basics/tax-codes", params={"q": "U19"}).json()["items"][0]
    path = f"/api/basics/tax-codes/{u19['id']}"
    with unchanged(api, company, path, TaxCode):
        response = api.patch(path, json={"rate": "0"})
    refused(response, "rate", "positive_for_kind")


# -- countries, currencies, units -----------------------------------------------------------------


def test_a_country_with_an_iso_code_is_added_in_upper_case(api):
    assert created(api, "/api/basics/countries", code="jp", name="Japan")["code"] == "JP"


def test_a_country_code_that_iso_does_not_know_is_refused(api, company):
    with nothing_written(company, Country):
        response = api.post("/api/basics/countries", json={"code": "QQ", "name": "Nirgendwo"})
    error = refused(response, "code", "country_code")
    assert "ISO 3166" in error["message"]


def test_a_country_seeded_already_is_a_conflict(api):
    conflict(api.post("/api/basics/countries", json={"code": "AT", "name": "Österreich"}), "AT")


def test_a_currency_with_an_iso_code_is_added(api):
    body = created(api, "/api/basics/currencies", code="sek", name="Schwedische Krone", decimals=2)
    assert body["code"] == "SEK"


def test_a_currency_code_that_iso_does_not_know_is_refused(api, company):
    with nothing_written(company, Currency):
        response = api.post("/api/basics/currencies", json={"code": "EUX", "name": "Fantasie"})
    refused(response, "code", "currency_code")


def test_currency_decimals_above_four_are_refused(api):
    refused(api.post("/api/basics/currencies", json={"code": "SEK", "name": "Krone", "decimals": 5}), "decimals")


@pytest.mark.parametrize("decimals", [0, 4])
def test_a_unit_allows_zero_to_four_decimal_places(api, decimals):
    body = created(api, "/api/basics/units", code=f"U{decimals}", name="Einheit", decimals=decimals, un_ece_code="C62")
    assert body["decimals"] == decimals


@pytest.mark.parametrize(("decimals", "rule"), [(-1, "greater_than_equal"), (5, "less_than_equal")])
def test_a_unit_with_decimal_places_outside_zero_to_four_is_refused(api, company, decimals, rule):
    with nothing_written(company, Unit):
        response = api.post("/api/basics/units", json={"code": "X", "name": "X", "decimals": decimals})
    refused(response, "decimals", rule)


def test_a_code_list_entry_needs_code_and_name(api):
    refused(api.post("/api/basics/categories", json={"code": "", "name": "Leer"}), "code", "string_too_short")
    refused(api.post("/api/basics/categories", json={"code": "A"}), "name", "missing")


def test_a_category_in_use_by_a_customer_cannot_be_deleted_but_an_unused_one_can(api):
    used = created(api, "/api/basics/categories", code="GROSS", name="Großkunden")
    unused = created(api, "/api/basics/categories", code="KLEIN", name="Kleinkunden")
    created(api, "/api/customers", short_name="M", name1="Meier", category_id=used["id"])
    conflict(api.delete(f"/api/basics/categories/{used['id']}"), "GROSS", "customer")
    assert api.delete(f"/api/basics/categories/{unused['id']}").status_code == 204
