"""Suppliers, agents, banks and staff: the rules each adds to the general party data."""

import pytest

from kontor.core.masterdata.parties.models import Agent, Bank, BankNote, Staff, Supplier, SupplierDiscountAgreement
from tests.unit.test_masterdata_support import (
    BAD_IBAN,
    BIC,
    DE_VAT_ID,
    IBAN_DE,
    created,
    nothing_written,
    refused,
    unchanged,
)

# -- suppliers ------------------------------------------------------------------------------------


def post_supplier(api, **fields):
    return api.post("/api/suppliers", json={"short_name": "LIEF", "name1": "Lieferant GmbH", **fields})


def test_suppliers_get_numbers_of_their_own_range(api):
    first = created(api, "/api/suppliers", short_name="A", name1="A GmbH")
    second = created(api, "/api/suppliers", short_name="B", name1="B GmbH")
    assert (first["number"], second["number"]) == ("70001", "70002")


@pytest.mark.parametrize("rating", ["", "A", "B", "C", "D"])
def test_a_supplier_is_rated_a_to_d_or_not_at_all(api, rating):
    response = post_supplier(api, rating=rating)
    assert response.status_code == 201, response.text
    assert response.json()["rating"] == rating


def test_a_supplier_rating_outside_a_to_d_is_refused(api, company):
    with nothing_written(company, Supplier):
        response = post_supplier(api, rating="E")
    refused(response, "rating", "one_of")


def test_a_supplier_in_austria_with_a_german_vat_id_is_refused(api, company):
    with nothing_written(company, Supplier):
        response = post_supplier(api, country_code="AT", vat_id=DE_VAT_ID)
    refused(response, "vat_id", "matches_country")


def test_a_negative_minimum_order_value_is_refused(api):
    refused(post_supplier(api, minimum_order_value="-50"), "minimum_order_value", "greater_than_equal")


def test_a_discount_agreement_with_its_validity_is_kept(api):
    body = created(api, "/api/suppliers", short_name="LIEF", name1="Lieferant GmbH", minimum_order_value="250", discount_agreements=[
        {"description": "Jahresrabatt", "discount_percent": "3", "valid_from": "2025-01-01", "valid_until": "2025-12-31"},
    ])
    [agreement] = body["discount_agreements"]
    assert (agreement["valid_from"], agreement["valid_until"]) == ("2025-01-01", "2025-12-31")


def test_a_discount_agreement_that_ends_before_it_starts_is_refused(api, company):
    with nothing_written(company, Supplier, SupplierDiscountAgreement):
        response = post_supplier(api, discount_agreements=[
            {"description": "ok", "valid_from": "2025-01-01"},
            {"description": "verkehrt", "valid_from": "2025-06-01", "valid_until": "2025-05-31"},
        ])
    refused(response, "discount_agreements.1.valid_until", "after_valid_from")


def test_a_discount_above_one_hundred_percent_is_refused(api):
    response = post_supplier(api, discount_agreements=[{"description": "zu viel", "discount_percent": "101"}])
    refused(response, "discount_agreements.0.discount_percent", "less_than_equal")


def test_suppliers_are_filtered_by_rating(api):
    post_supplier(api, short_name="GUT", rating="A")
    post_supplier(api, short_name="MAU", rating="C")
    page = api.get("/api/suppliers", params={"rating": "A"}).json()
    assert [item["short_name"] for item in page["items"]] == ["GUT"]


# -- agents ---------------------------------------------------------------------------------------


def post_agent(api, **fields):
    return api.post("/api/agents", json={"short_name": "VERM", "name1": "Vermittlung Nord", **fields})


def test_an_agent_earns_a_rate_or_a_fixed_amount(api):
    assert post_agent(api, commission_percent="5").status_code == 201
    assert post_agent(api, short_name="FIX", commission_amount="150").status_code == 201


def test_an_agent_with_both_rate_and_amount_is_refused(api, company):
    with nothing_written(company, Agent):
        response = post_agent(api, commission_percent="5", commission_amount="150")
    refused(response, "commission_amount", "either_rate_or_amount")


def test_adding_an_amount_to_an_agent_with_a_rate_is_refused(api, company):
    agent = post_agent(api, commission_percent="5").json()
    path = f"/api/agents/{agent['id']}"
    with unchanged(api, company, path, Agent):
        response = api.patch(path, json={"commission_amount": "10"})
    refused(response, "commission_amount", "either_rate_or_amount")


def test_the_customers_an_agent_introduced_are_listed_by_agent(api):
    north = post_agent(api).json()
    south = post_agent(api, short_name="SUED").json()
    for short_name, agent in (("A", north), ("B", south), ("C", north)):
        created(api, "/api/customers", short_name=short_name, name1=f"{short_name} GmbH", agent_id=agent["id"])
    created(api, "/api/customers", short_name="D", name1="Direktkunde")
    page = api.get("/api/customers", params={"agent_id": north["id"]}).json()
    assert [item["short_name"] for item in page["items"]] == ["A", "C"]
    assert page["total"] == 2


def test_an_agent_who_introduced_customers_cannot_be_deleted(api):
    agent = post_agent(api).json()
    created(api, "/api/customers", short_name="A", name1="A GmbH", agent_id=agent["id"])
    response = api.delete(f"/api/agents/{agent['id']}")
    assert response.status_code == 409 and "customer" in response.json()["detail"]


# -- banks ----------------------------------------------------------------------------------------


def test_a_bank_with_a_valid_bic_is_accepted(api):
    bank = created(api, "/api/banks", short_name="CBK", name1="Commerzbank", bic="cobadeffxxx", bank_code="37040044")
    assert (bank["number"], bank["bic"]) == ("B001", BIC)


def test_a_bank_with_a_malformed_bic_is_refused(api, company):
    with nothing_written(company, Bank):
        response = api.post("/api/banks", json={"short_name": "X", "name1": "X Bank", "bic": "DEUTXXFF"})
    error = refused(response, "bic", "bic")
    assert "BIC" in error["message"]


def test_a_bank_is_found_by_its_bic(api):
    created(api, "/api/banks", short_name="CBK", name1="Commerzbank", bic=BIC)
    created(api, "/api/banks", short_name="DB", name1="Deutsche Bank", bic="DEUTDEFF")
    assert [b["short_name"] for b in api.get("/api/banks", params={"q": "deutdeff"}).json()["items"]] == ["DB"]


def test_notes_on_a_bank_are_kept_in_date_order(api):
    bank = created(api, "/api/banks", short_name="SPK", name1="Sparkasse", notes="Hausbank seit 1998", dated_notes=[
        {"noted_on": "2025-03-10", "person": "Frau Kurz", "text": "Kreditlinie erhöht"},
        {"noted_on": "2025-01-15", "person": "Herr Lang", "text": "Jahresgespräch"},
    ])
    assert [n["noted_on"] for n in bank["dated_notes"]] == ["2025-01-15", "2025-03-10"]
    assert bank["notes"] == "Hausbank seit 1998"


def test_a_bank_note_needs_a_date_and_a_text(api, company):
    with nothing_written(company, Bank, BankNote):
        response = api.post("/api/banks", json={"short_name": "SPK", "name1": "Sparkasse", "dated_notes": [{"text": ""}]})
    refused(response, "dated_notes.0.noted_on", "missing")
    refused(response, "dated_notes.0.text", "string_too_short")


# -- staff ----------------------------------------------------------------------------------------


def post_staff(api, **fields):
    return api.post("/api/staff", json={"short_name": "VOGEL", "last_name": "Vogel", **fields})


@pytest.mark.parametrize("employment_type", ["employee", "apprentice", "freelancer", "temporary", "former"])
def test_each_employment_type_is_accepted(api, employment_type):
    assert post_staff(api, employment_type=employment_type).status_code == 201


def test_an_unknown_employment_type_is_refused(api, company):
    with nothing_written(company, Staff):
        response = post_staff(api, employment_type="intern")
    refused(response, "employment_type", "one_of")


def test_a_sales_representative_needs_a_commission_basis(api, company):
    with nothing_written(company, Staff):
        response = post_staff(api, is_sales_rep=True)
    refused(response, "commission_basis", "required_for_sales_rep")
    rep = post_staff(api, is_sales_rep=True, commission_basis="contribution_margin", commission_percent="3")
    assert rep.status_code == 201, rep.text


def test_an_unknown_commission_basis_is_refused(api):
    refused(post_staff(api, commission_basis="mood"), "commission_basis", "one_of")


def test_leaving_before_joining_is_refused(api, company):
    member = post_staff(api, entry_date="2020-04-01").json()
    path = f"/api/staff/{member['id']}"
    with unchanged(api, company, path, Staff):
        response = api.patch(path, json={"exit_date": "2020-03-31"})
    refused(response, "exit_date", "after_entry")
    assert api.patch(path, json={"exit_date": "2024-12-31"}).status_code == 200


def test_the_iban_of_a_staff_member_is_optional_but_checked(api, company):
    assert post_staff(api).json()["iban"] == ""
    assert post_staff(api, short_name="B", iban="de89370400440532013000").json()["iban"] == IBAN_DE
    with nothing_written(company, Staff):
        response = post_staff(api, short_name="C", iban=BAD_IBAN)
    refused(response, "iban", "iban")


def test_staff_are_filtered_by_sales_rep_flag(api):
    post_staff(api, short_name="REP", is_sales_rep=True, commission_basis="revenue")
    post_staff(api, short_name="BUERO")
    page = api.get("/api/staff", params={"is_sales_rep": "true"}).json()
    assert [item["short_name"] for item in page["items"]] == ["REP"]


def test_staff_members_are_found_by_last_name(api):
    post_staff(api, short_name="EV", first_name="Eva", last_name="Lindner")
    post_staff(api, short_name="JO", first_name="Jonas", last_name="Brandt")
    assert [s["short_name"] for s in api.get("/api/staff", params={"q": "lind"}).json()["items"]] == ["EV"]


def test_a_sales_rep_with_customers_keeps_the_flag_until_they_are_reassigned(api):
    rep = post_staff(api, is_sales_rep=True, commission_basis="revenue").json()
    customer = api.post("/api/customers", json={"short_name": "K", "name1": "K", "sales_rep_id": rep["id"]}).json()
    response = api.patch(f"/api/staff/{rep['id']}", json={"is_sales_rep": False})
    refused(response, "is_sales_rep", "customers_assigned")
    api.patch(f"/api/customers/{customer['id']}", json={"sales_rep_id": None})
    assert api.patch(f"/api/staff/{rep['id']}", json={"is_sales_rep": False}).status_code == 200
