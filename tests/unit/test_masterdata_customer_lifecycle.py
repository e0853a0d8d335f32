"""Deleting customers (refused while other data uses them) and the audit trail of every change."""

from kontor.core.masterdata.articles.models import CustomerArticleNumber
from kontor.core.masterdata.parties.models import (
    Customer,
    CustomerAddress,
    CustomerBankAccount,
    CustomerContact,
    CustomerMailingFeature,
)
from tests.unit.test_masterdata_support import (
    IBAN_AT,
    IBAN_DE,
    audit_entries,
    conflict,
    created,
    nothing_written,
    problem,
    rows,
)

CHILD_TABLES = (Customer, CustomerContact, CustomerAddress, CustomerBankAccount, CustomerMailingFeature)
ADDRESS = {"name1": "Meier Lager", "street": "Hafenstr. 1", "postal_code": "50667", "city": "Köln"}


def meier(api, **fields) -> dict:
    return created(api, "/api/customers", short_name="MEIER", name1="Meier GmbH", **fields)


# -- deleting -----------------------------------------------------------------------------------


def test_an_unused_customer_is_deleted_with_its_contacts_addresses_and_accounts(api, company):
    news = created(api, "/api/basics/mailing-features", code="NEWS", name="Newsletter")["id"]
    body = meier(
        api,
        contacts=[{"last_name": "Meier"}],
        addresses=[ADDRESS],
        bank_accounts=[{"iban": IBAN_DE}],
        mailing_features=[{"mailing_feature_id": news}],
    )
    response = api.delete(f"/api/customers/{body['id']}")
    assert response.status_code == 204, response.text
    problem(api.get(f"/api/customers/{body['id']}"), 404)
    for table in CHILD_TABLES[1:]:
        assert rows(company, table, customer_id=body["id"]) == 0, table
    assert rows(company, Customer) == 0


def test_a_customer_with_own_article_numbers_cannot_be_deleted(api, company):
    body = meier(api, contacts=[{"last_name": "Meier"}])
    article = created(api, "/api/articles", description="Schraube M8")
    created(api, "/api/customer-article-numbers", customer_id=body["id"], article_id=article["id"], number="K-8")
    with nothing_written(company, *CHILD_TABLES, CustomerArticleNumber):
        response = api.delete(f"/api/customers/{body['id']}")
    conflict(response, body["number"], "customer article number")
    assert api.get(f"/api/customers/{body['id']}").json()["contacts"][0]["last_name"] == "Meier"


def test_a_customer_who_receives_the_invoices_of_another_cannot_be_deleted(api, company):
    head_office = meier(api)
    created(api, "/api/customers", short_name="FILIALE", name1="Meier Filiale", invoice_recipient_id=head_office["id"])
    with nothing_written(company, Customer):
        response = api.delete(f"/api/customers/{head_office['id']}")
    conflict(response, "10001", "cannot be deleted", "1 customer")


def test_deleting_a_customer_twice_answers_not_found(api):
    body = meier(api)
    assert api.delete(f"/api/customers/{body['id']}").status_code == 204
    problem(api.delete(f"/api/customers/{body['id']}"), 404)


def test_a_staff_member_who_is_a_customers_sales_rep_cannot_be_deleted(api, company):
    rep = created(api, "/api/staff", short_name="VOGEL", last_name="Vogel", is_sales_rep=True, commission_basis="revenue")
    meier(api, sales_rep_id=rep["id"])
    response = api.delete(f"/api/staff/{rep['id']}")
    conflict(response, rep["number"], "customer")
    assert api.get(f"/api/staff/{rep['id']}").status_code == 200


def test_a_bank_named_in_a_customers_account_cannot_be_deleted(api):
    bank = created(api, "/api/banks", short_name="SPK", name1="Sparkasse")
    meier(api, bank_accounts=[{"iban": IBAN_DE, "bank_id": bank["id"]}])
    conflict(api.delete(f"/api/banks/{bank['id']}"), bank["number"], "customer bank account")


def test_a_payment_term_in_use_by_a_customer_cannot_be_deleted(api):
    term = api.get("/api/basics/payment-terms", params={"q": "N30"}).json()["items"][0]
    meier(api, payment_term_id=term["id"])
    conflict(api.delete(f"/api/basics/payment-terms/{term['id']}"), "N30", "customer")


# -- the audit trail ----------------------------------------------------------------------------


def test_creating_a_customer_is_audited_with_who_and_the_values(api, company):
    body = meier(api, city="Köln", contacts=[{"last_name": "Meier"}])
    [entry] = audit_entries(company, "customers", body["id"])
    assert entry.action == "create"
    assert entry.username.startswith("u") and entry.user_id is not None
    assert entry.before is None
    assert entry.after["number"] == "10001" and entry.after["city"] == "Köln"
    assert [c["last_name"] for c in entry.after["contacts"]] == ["Meier"]


def test_changing_a_customer_is_audited_with_the_values_before_and_after(api, company):
    body = meier(api, city="Köln", credit_limit="1000")
    api.patch(f"/api/customers/{body['id']}", json={"city": "Bonn", "credit_limit": "2500.5", "name1": "Meier GmbH"})
    entry = audit_entries(company, "customers", body["id"])[-1]
    assert entry.action == "update"
    assert entry.before == {"city": "Köln", "credit_limit": "1000.0000"}
    assert entry.after == {"city": "Bonn", "credit_limit": "2500.5000"}


def test_a_change_that_changes_nothing_leaves_no_audit_entry(api, company):
    body = meier(api, credit_limit="1000", contacts=[{"last_name": "Meier"}])
    contact = body["contacts"][0]
    with nothing_written(company, *CHILD_TABLES):
        response = api.patch(
            f"/api/customers/{body['id']}",
            json={"credit_limit": "1000.00", "name1": "Meier GmbH", "contacts": [contact]},
        )
    assert response.status_code == 200, response.text


def test_changing_only_a_bank_account_is_audited(api, company):
    body = meier(api, bank_accounts=[{"iban": IBAN_DE}])
    account = body["bank_accounts"][0]
    api.patch(f"/api/customers/{body['id']}", json={"bank_accounts": [{**account, "iban": IBAN_AT}]})
    entry = audit_entries(company, "customers", body["id"])[-1]
    assert entry.action == "update"
    assert [a["iban"] for a in entry.before["bank_accounts"]] == [IBAN_DE]
    assert [a["iban"] for a in entry.after["bank_accounts"]] == [IBAN_AT]


def test_deleting_a_customer_is_audited_with_the_last_values(api, company):
    body = meier(api, city="Köln")
    api.delete(f"/api/customers/{body['id']}")
    entry = audit_entries(company, "customers", body["id"])[-1]
    assert entry.action == "delete"
    assert entry.before["city"] == "Köln" and entry.before["number"] == "10001"
    assert entry.after is None


def test_the_audit_trail_of_one_company_is_not_seen_by_another(api, company, other_company):
    meier(api)
    assert len(audit_entries(company, "customers")) == 1
    assert audit_entries(other_company) == []
