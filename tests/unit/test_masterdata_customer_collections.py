"""A customer's contacts, delivery addresses, bank accounts and mailing features: entered with
the customer, changed by id, removed when left out, and checked as a whole."""

from kontor.core.masterdata.parties.models import (
    Customer,
    CustomerAddress,
    CustomerBankAccount,
    CustomerContact,
    CustomerMailingFeature,
)
from tests.unit.test_masterdata_support import (
    BAD_IBAN,
    BIC,
    IBAN_AT,
    IBAN_DE,
    created,
    nothing_written,
    refused,
    rows,
    unchanged,
)

CHILD_TABLES = (Customer, CustomerContact, CustomerAddress, CustomerBankAccount, CustomerMailingFeature)
ADDRESS = {"name1": "Meier Lager", "street": "Hafenstr. 1", "postal_code": "50667", "city": "Köln"}


def meier(api, **fields) -> dict:
    return created(api, "/api/customers", short_name="MEIER", name1="Meier GmbH", **fields)


def feature(api, code: str) -> int:
    return created(api, "/api/basics/mailing-features", code=code, name=f"Merkmal {code}")["id"]


def test_a_customer_is_entered_with_contacts_addresses_accounts_and_mailing_features(api):
    newsletter = feature(api, "NEWS")
    body = meier(
        api,
        contacts=[{"first_name": "Eva", "last_name": "Meier", "is_primary": True}, {"last_name": "Schmitz"}],
        addresses=[{**ADDRESS, "is_default": True}],
        bank_accounts=[{"iban": "de89 3704 0044 0532 0130 00", "bic": "cobadeffxxx", "is_default": True}],
        mailing_features=[{"mailing_feature_id": newsletter}],
    )
    stored = api.get(f"/api/customers/{body['id']}").json()
    assert [c["last_name"] for c in stored["contacts"]] == ["Meier", "Schmitz"]
    assert stored["contacts"][0]["is_primary"] is True
    assert stored["addresses"][0]["city"] == "Köln"
    # IBAN and BIC are kept in their compact, upper-case form.
    assert stored["bank_accounts"][0]["iban"] == IBAN_DE
    assert stored["bank_accounts"][0]["bic"] == BIC
    assert [m["mailing_feature_id"] for m in stored["mailing_features"]] == [newsletter]


def test_contacts_are_changed_by_id_added_without_id_and_removed_when_left_out(api, company):
    body = meier(api, contacts=[{"last_name": "Meier"}, {"last_name": "Schmitz"}])
    eva = body["contacts"][0]
    response = api.patch(
        f"/api/customers/{body['id']}",
        json={"contacts": [{"id": eva["id"], "last_name": "Meier-Lang", "phone": "0221 123"}, {"last_name": "Neu"}]},
    )
    assert response.status_code == 200, response.text
    contacts = response.json()["contacts"]
    assert [(c["id"] == eva["id"], c["last_name"]) for c in contacts] == [(True, "Meier-Lang"), (False, "Neu")]
    assert contacts[0]["phone"] == "0221 123"
    assert rows(company, CustomerContact, customer_id=body["id"]) == 2
    assert rows(company, CustomerContact, last_name="Schmitz") == 0


def test_a_change_without_contacts_leaves_the_contacts_alone(api):
    body = meier(api, contacts=[{"last_name": "Meier"}])
    api.patch(f"/api/customers/{body['id']}", json={"city": "Bonn"})
    assert [c["last_name"] for c in api.get(f"/api/customers/{body['id']}").json()["contacts"]] == ["Meier"]


def test_an_empty_list_removes_every_address(api, company):
    body = meier(api, addresses=[ADDRESS, {**ADDRESS, "name1": "Meier Filiale"}])
    assert api.patch(f"/api/customers/{body['id']}", json={"addresses": []}).json()["addresses"] == []
    assert rows(company, CustomerAddress, customer_id=body["id"]) == 0


def test_a_contact_of_another_customer_cannot_be_changed_through_this_one(api, company):
    meier_body = meier(api, contacts=[{"last_name": "Meier"}])
    huber = created(api, "/api/customers", short_name="HUBER", name1="Huber KG", contacts=[{"last_name": "Huber"}])
    foreign_id = huber["contacts"][0]["id"]
    path = f"/api/customers/{meier_body['id']}"
    with unchanged(api, company, path, *CHILD_TABLES):
        response = api.patch(path, json={"contacts": [{"id": foreign_id, "last_name": "Gekapert"}]})
    refused(response, "contacts.0.id", "exists")
    assert api.get(f"/api/customers/{huber['id']}").json()["contacts"][0]["last_name"] == "Huber"


def test_only_one_contact_may_be_the_primary_contact(api, company):
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH",
            "contacts": [{"last_name": "A", "is_primary": True}, {"last_name": "B", "is_primary": True}],
        })
    refused(response, "contacts.1.is_primary", "at_most_one")


def test_only_one_delivery_address_may_be_the_default(api, company):
    body = meier(api, addresses=[{**ADDRESS, "is_default": True}])
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, *CHILD_TABLES):
        response = api.patch(path, json={"addresses": [
            {"id": body["addresses"][0]["id"], **ADDRESS, "is_default": True},
            {**ADDRESS, "name1": "Zweitlager", "is_default": True},
        ]})
    refused(response, "addresses.1.is_default", "at_most_one")


def test_only_one_bank_account_may_be_the_default(api, company):
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH",
            "bank_accounts": [{"iban": IBAN_DE, "is_default": True}, {"iban": IBAN_AT, "is_default": True}],
        })
    refused(response, "bank_accounts.1.is_default", "at_most_one")


def test_a_delivery_address_needs_street_postal_code_and_city(api, company):
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH", "addresses": [{"name1": "Lager", "street": "Weg 1"}],
        })
    refused(response, "addresses.0.postal_code", "missing")
    refused(response, "addresses.0.city", "missing")


def test_a_delivery_address_in_an_unknown_country_is_refused(api):
    response = api.post("/api/customers", json={
        "short_name": "MEIER", "name1": "Meier GmbH", "addresses": [{**ADDRESS, "country_code": "XX"}],
    })
    refused(response, "addresses.0.country_code", "country_code")


def test_a_bank_account_with_a_wrong_iban_check_digit_is_refused(api, company):
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH",
            "bank_accounts": [{"iban": IBAN_DE}, {"iban": BAD_IBAN}],
        })
    error = refused(response, "bank_accounts.1.iban", "iban")
    assert BAD_IBAN in error["message"] and "IBAN" in error["message"]


def test_a_bank_account_with_a_malformed_bic_is_refused(api, company):
    body = meier(api, bank_accounts=[{"iban": IBAN_DE}])
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, *CHILD_TABLES):
        response = api.patch(path, json={"bank_accounts": [{"iban": IBAN_DE, "bic": "DEUT12FF"}]})
    error = refused(response, "bank_accounts.0.bic", "bic")
    assert "BIC" in error["message"]


def test_a_bank_account_needs_an_iban(api):
    response = api.post("/api/customers", json={
        "short_name": "MEIER", "name1": "Meier GmbH", "bank_accounts": [{"bank_name": "Sparkasse"}],
    })
    refused(response, "bank_accounts.0.iban", "missing")


def test_a_bank_account_may_name_a_bank_of_the_company(api):
    bank = created(api, "/api/banks", short_name="SPK", name1="Sparkasse KölnBonn", bic=BIC)
    body = meier(api, bank_accounts=[{"iban": IBAN_DE, "bank_id": bank["id"]}])
    assert body["bank_accounts"][0]["bank_id"] == bank["id"]


def test_a_bank_account_naming_an_unknown_bank_is_refused(api, company):
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH", "bank_accounts": [{"iban": IBAN_DE, "bank_id": 999999}],
        })
    refused(response, "bank_accounts.0.bank_id", "exists")


def test_changing_an_account_to_an_unknown_bank_is_refused(api, company):
    body = meier(api, bank_accounts=[{"iban": IBAN_DE}])
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, *CHILD_TABLES):
        response = api.patch(path, json={"bank_accounts": [{**body["bank_accounts"][0], "bank_id": 999999}]})
    refused(response, "bank_accounts.0.bank_id", "exists")


def test_a_mailing_feature_may_be_listed_only_once(api, company):
    news = feature(api, "NEWS")
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH",
            "mailing_features": [{"mailing_feature_id": news}, {"mailing_feature_id": news}],
        })
    refused(response, "mailing_features.1.mailing_feature_id", "unique")


def test_sending_the_same_mailing_features_again_keeps_them(api, company):
    news, fair = feature(api, "NEWS"), feature(api, "MESSE")
    body = meier(api, mailing_features=[{"mailing_feature_id": news}])
    response = api.patch(
        f"/api/customers/{body['id']}",
        json={"mailing_features": [{"mailing_feature_id": news}, {"mailing_feature_id": fair}]},
    )
    assert response.status_code == 200, response.text
    assert [m["mailing_feature_id"] for m in response.json()["mailing_features"]] == [news, fair]
    assert rows(company, CustomerMailingFeature, customer_id=body["id"]) == 2


def test_a_mailing_feature_of_another_company_is_refused(api, company, other_company):
    foreign = created_in(other_company)
    with nothing_written(company, *CHILD_TABLES):
        response = api.post("/api/customers", json={
            "short_name": "MEIER", "name1": "Meier GmbH", "mailing_features": [{"mailing_feature_id": foreign}],
        })
    refused(response, "mailing_features.0.mailing_feature_id", "exists")


def created_in(other_company) -> int:
    from kontor.core.masterdata.basics.models import MailingFeature

    with other_company.write() as (session, _ctx):
        row = MailingFeature(tenant_id=other_company.tenant_id, code="FREMD", name="fremd")
        session.add(row)
        session.flush()
        return row.id


def test_a_refused_collection_leaves_the_customer_as_it_was(api, company):
    body = meier(api, city="Köln", contacts=[{"last_name": "Meier"}])
    path = f"/api/customers/{body['id']}"
    with unchanged(api, company, path, *CHILD_TABLES):
        response = api.patch(path, json={
            "city": "Bonn",
            "contacts": [{"last_name": "A", "is_primary": True}, {"last_name": "B", "is_primary": True}],
        })
    refused(response, "contacts.1.is_primary", "at_most_one")
