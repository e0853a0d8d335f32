"""The rules a customer's own data obeys: VAT ID, tax exemption, price class, invoicing,
sales representative, credit limit and references into the company's basics."""

from decimal import Decimal

import pytest

from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.parties.models import Customer, Staff
from tests.unit.test_masterdata_support import (
    AT_VAT_ID,
    BAD_DE_VAT_ID,
    DE_VAT_ID,
    FR_VAT_ID,
    GR_VAT_ID,
    created,
    nothing_written,
    refused,
    unchanged,
)


def post_customer(api, **fields):
    return api.post("/api/customers", json={"short_name": "KUNDE", "name1": "Kunde GmbH", **fields})


def customer(api, **fields) -> dict:
    response = post_customer(api, **fields)
    assert response.status_code == 201, response.text
    return response.json()


# -- VAT ID and tax exemption -------------------------------------------------------------------


@pytest.mark.parametrize(("country", "vat_id"), [("DE", DE_VAT_ID), ("AT", AT_VAT_ID), ("FR", FR_VAT_ID), ("GR", GR_VAT_ID)])
def test_a_customer_with_a_valid_vat_id_of_its_country_is_accepted(api, country, vat_id):
    assert customer(api, country_code=country, vat_id=vat_id)["vat_id"] == vat_id


def test_a_vat_id_is_stored_without_blanks_in_upper_case(api):
    assert customer(api, vat_id="de 136 695 976")["vat_id"] == DE_VAT_ID


def test_a_vat_id_with_a_wrong_check_digit_is_refused(api, company):
    with nothing_written(company, Customer):
        response = post_customer(api, vat_id=BAD_DE_VAT_ID)
    error = refused(response, "vat_id", "vat_id")
    assert BAD_DE_VAT_ID in error["message"]


def test_a_customer_in_austria_with_a_german_vat_id_is_refused(api, company):
    with nothing_written(company, Customer):
        response = post_customer(api, country_code="AT", vat_id=DE_VAT_ID)
    refused(response, "vat_id", "matches_country")


def test_moving_a_customer_abroad_without_changing_the_vat_id_is_refused(api, company):
    body = customer(api, vat_id=DE_VAT_ID)
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, Customer):
        response = api.patch(path, json={"country_code": "FR"})
    refused(response, "vat_id", "matches_country")


def test_a_swiss_customer_may_keep_a_german_vat_id(api):
    # The country check applies to customers inside the EU only.
    assert customer(api, country_code="CH", vat_id=DE_VAT_ID)["country_code"] == "CH"


def test_a_customer_in_an_unknown_country_is_refused(api):
    refused(post_customer(api, country_code="XY"), "country_code", "country_code")


def test_an_austrian_business_customer_with_vat_id_may_be_tax_exempt(api):
    body = customer(api, country_code="AT", vat_id=AT_VAT_ID, eu_tax_exempt=True)
    assert body["eu_tax_exempt"] is True


def test_a_tax_exempt_eu_customer_needs_a_vat_id(api, company):
    with nothing_written(company, Customer):
        response = post_customer(api, country_code="AT", eu_tax_exempt=True)
    refused(response, "vat_id", "required_for_eu_tax_exempt")


def test_a_german_customer_cannot_be_tax_exempt_as_an_eu_customer(api, company):
    with nothing_written(company, Customer):
        response = post_customer(api, country_code="DE", vat_id=DE_VAT_ID, eu_tax_exempt=True)
    refused(response, "eu_tax_exempt", "other_eu_country")


def test_a_customer_outside_the_eu_cannot_be_tax_exempt_as_an_eu_customer(api):
    refused(post_customer(api, country_code="CH", vat_id=DE_VAT_ID, eu_tax_exempt=True), "eu_tax_exempt", "other_eu_country")


def test_the_home_country_comes_from_the_company_parameters(api):
    parameters = api.get("/api/parameters").json()
    assert api.put("/api/parameters", json={**parameters, "country_code": "AT"}).status_code == 200
    refused(post_customer(api, country_code="AT", vat_id=AT_VAT_ID, eu_tax_exempt=True), "eu_tax_exempt", "other_eu_country")
    assert customer(api, country_code="DE", vat_id=DE_VAT_ID, eu_tax_exempt=True)["eu_tax_exempt"] is True


# -- prices, invoicing, credit -------------------------------------------------------------------


@pytest.mark.parametrize("price_class", [1, 5])
def test_price_classes_one_to_five_are_accepted(api, price_class):
    assert customer(api, price_class=price_class)["price_class"] == price_class


@pytest.mark.parametrize(("price_class", "rule"), [(0, "greater_than_equal"), (6, "less_than_equal")])
def test_a_price_class_outside_one_to_five_is_refused(api, company, price_class, rule):
    with nothing_written(company, Customer):
        response = post_customer(api, price_class=price_class)
    refused(response, "price_class", rule)


@pytest.mark.parametrize("cycle", ["per_delivery", "weekly", "semi_monthly", "monthly"])
def test_each_invoicing_cycle_is_accepted(api, cycle):
    assert customer(api, invoicing_cycle=cycle, collective_invoice=True)["invoicing_cycle"] == cycle


def test_an_unknown_invoicing_cycle_is_refused_naming_the_choices(api, company):
    body = customer(api)
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, Customer):
        response = api.patch(path, json={"invoicing_cycle": "yearly"})
    error = refused(response, "invoicing_cycle", "one_of")
    assert "monthly" in error["message"]


def test_invoices_may_go_to_another_customer(api):
    head_office = customer(api, short_name="ZENTRALE")
    branch = customer(api, short_name="FILIALE", invoice_recipient_id=head_office["id"])
    assert branch["invoice_recipient_id"] == head_office["id"]


def test_a_customer_cannot_be_its_own_invoice_recipient(api, company):
    body = customer(api)
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, Customer):
        response = api.patch(path, json={"invoice_recipient_id": body["id"]})
    refused(response, "invoice_recipient_id", "other_customer")


def test_an_unknown_invoice_recipient_is_refused(api):
    refused(post_customer(api, invoice_recipient_id=999999), "invoice_recipient_id", "exists")


def test_a_credit_limit_of_zero_or_more_is_accepted_and_kept_exact(api):
    body = customer(api, credit_limit="25000.50")
    assert Decimal(api.get(f"/api/customers/{body['id']}").json()["credit_limit"]) == Decimal("25000.50")
    assert customer(api, credit_limit="0")["credit_limit"] is not None


def test_a_customer_without_credit_limit_uses_the_default_of_the_basics(api):
    assert customer(api)["credit_limit"] is None


def test_a_negative_credit_limit_is_refused(api, company):
    with nothing_written(company, Customer):
        response = post_customer(api, credit_limit="-1")
    refused(response, "credit_limit", "greater_than_equal")


def test_an_amount_with_more_than_four_decimal_places_is_refused(api):
    refused(post_customer(api, credit_limit="100.12345"), "credit_limit", "decimal_max_places")
    refused(post_customer(api, bonus_percent="1.00001"), "bonus_percent", "decimal_max_places")


def test_a_bonus_above_one_hundred_percent_is_refused(api):
    refused(post_customer(api, bonus_percent="100.5"), "bonus_percent", "less_than_equal")


# -- sales representative and agent ---------------------------------------------------------


def staff_member(api, **fields) -> dict:
    return created(api, "/api/staff", **{"short_name": "VERTR", "last_name": "Vogel", **fields})


def test_a_sales_representative_from_the_staff_is_accepted(api):
    rep = staff_member(api, is_sales_rep=True, commission_basis="revenue")
    assert customer(api, sales_rep_id=rep["id"])["sales_rep_id"] == rep["id"]


def test_a_staff_member_who_is_no_sales_representative_is_refused(api, company):
    clerk = staff_member(api, short_name="BUERO")
    with nothing_written(company, Customer):
        response = post_customer(api, sales_rep_id=clerk["id"])
    error = refused(response, "sales_rep_id", "is_sales_rep")
    assert clerk["number"] in error["message"]


def test_a_customer_may_be_introduced_by_an_agent(api):
    agent = created(api, "/api/agents", short_name="VERM", name1="Vermittlung Nord", commission_percent="5")
    assert customer(api, agent_id=agent["id"])["agent_id"] == agent["id"]


# -- references into the company's basics and into other companies ----------------------------


def test_a_payment_term_of_the_company_is_accepted(api):
    term = api.get("/api/basics/payment-terms", params={"q": "S10"}).json()["items"][0]
    assert customer(api, payment_term_id=term["id"])["payment_term_id"] == term["id"]


def test_a_payment_term_of_another_company_is_refused(api, company, other_company):
    with other_company.write() as (session, _ctx):
        foreign = PaymentTerm(tenant_id=other_company.tenant_id, code="X60", name="60 Tage", net_days=60)
        session.add(foreign)
        session.flush()
        foreign_id = foreign.id
    with nothing_written(company, Customer):
        response = post_customer(api, payment_term_id=foreign_id)
    error = refused(response, "payment_term_id", "exists")
    assert "payment term" in error["message"]


def test_a_sales_representative_of_another_company_is_refused(api, company, other_company):
    with other_company.write() as (session, _ctx):
        rep = Staff(tenant_id=other_company.tenant_id, number="P1", short_name="R", last_name="Rep",
                    is_sales_rep=True, commission_basis="revenue")
        session.add(rep)
        session.flush()
        rep_id = rep.id
    with nothing_written(company, Customer):
        response = post_customer(api, sales_rep_id=rep_id)
    refused(response, "sales_rep_id", "exists")


def test_changing_to_an_unknown_category_is_refused_and_changes_nothing(api, company):
    body = customer(api, city="Köln")
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, Customer):
        response = api.patch(path, json={"city": "Bonn", "category_id": 424242})
    refused(response, "category_id", "exists")


def test_a_field_the_customer_does_not_have_is_refused_on_change(api):
    body = customer(api)
    refused(api.patch(f"/api/customers/{body['id']}", json={"colour": "red"}), "colour", "extra_forbidden")


def test_a_required_field_cannot_be_set_to_null(api):
    body = customer(api)
    refused(api.patch(f"/api/customers/{body['id']}", json={"short_name": None}), "short_name", "string_type")
