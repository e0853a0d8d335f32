"""The same rules without HTTP: kontor.core.resources called the way the CLI, batch runs and
plugins call it, with the errors it raises (Invalid, Conflict, NotFound, PermissionDenied)."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from kontor.core.masterdata.parties.models import Customer, CustomerContact
from kontor.core.masterdata.registry import BY_NAME
from kontor.core.resources import (
    ListQuery,
    create_record,
    delete_record,
    find_by_key,
    list_records,
    read_record,
    update_record,
)
from kontor.errors import Conflict, Invalid, NotFound, PermissionDenied
from tests.unit.test_masterdata_support import AT_VAT_ID, DE_VAT_ID, IBAN_DE, audit_entries, nothing_written, rows

CUSTOMERS = BY_NAME["customers"]
ARTICLES = BY_NAME["articles"]
PAYMENT_TERMS = BY_NAME["basics/payment-terms"]
NUMBER_RANGES = BY_NAME["basics/number-ranges"]


def new_customer(company, **fields) -> int:
    with company.write() as (session, ctx):
        data = CUSTOMERS.create_schema(**{"short_name": "MEIER", "name1": "Meier GmbH", **fields})
        return create_record(session, ctx, CUSTOMERS, data).id


def rules_of(error: pytest.ExceptionInfo) -> set[tuple[str, str]]:
    return {(p.field, p.rule) for p in error.value.problems}


def test_the_system_creates_a_customer_with_contacts_and_the_next_number(company):
    customer_id = new_customer(company, contacts=[{"last_name": "Meier", "is_primary": True}])
    with company.read() as (session, ctx):
        stored = read_record(session, ctx, CUSTOMERS, customer_id)
        assert stored["number"] == "10001"
        assert [c["last_name"] for c in stored["contacts"]] == ["Meier"]
        assert find_by_key(session, ctx, CUSTOMERS, "10001").id == customer_id
    [entry] = audit_entries(company, "customers", customer_id)
    assert (entry.action, entry.username) == ("create", "system")


def test_a_rule_broken_in_the_service_raises_invalid_naming_field_and_rule(company):
    with nothing_written(company, Customer), pytest.raises(Invalid) as error:
        new_customer(company, country_code="AT", vat_id=DE_VAT_ID, invoicing_cycle="daily")
    assert rules_of(error) == {("vat_id", "matches_country"), ("invoicing_cycle", "one_of")}
    assert "vat_id:" in str(error.value)


def test_an_identifier_with_a_wrong_check_digit_fails_already_in_the_schema(company):
    with pytest.raises(ValidationError) as error:
        CUSTOMERS.create_schema(short_name="M", name1="M", bank_accounts=[{"iban": IBAN_DE[:-1] + "1"}])
    assert error.value.errors()[0]["loc"] == ("bank_accounts", 0, "iban")
    assert error.value.errors()[0]["type"] == "iban"


def test_a_duplicate_number_raises_conflict_and_keeps_the_range(company):
    new_customer(company, number="10001")
    with nothing_written(company, Customer), pytest.raises(Conflict, match="10001"):
        new_customer(company, number="10001")
    assert new_customer(company) is not None
    with company.read() as (session, ctx):
        assert [item["number"] for item in list_records(session, ctx, CUSTOMERS, ListQuery()).items] == ["10001", "10002"]


def test_a_child_rule_raises_invalid_with_the_path_of_the_entry(company):
    with nothing_written(company, Customer, CustomerContact), pytest.raises(Invalid) as error:
        new_customer(company, contacts=[{"last_name": "A", "is_primary": True}, {"last_name": "B", "is_primary": True}])
    assert rules_of(error) == {("contacts.1.is_primary", "at_most_one")}


def test_a_viewer_is_denied_writing_in_the_service_layer_too(company):
    viewer = company.add_user("viewer")
    with nothing_written(company, Customer), pytest.raises(PermissionDenied, match="masterdata"):
        with company.write(viewer) as (session, ctx):
            create_record(session, ctx, CUSTOMERS, CUSTOMERS.create_schema(short_name="M", name1="M"))
    with company.read(viewer) as (session, ctx):
        assert list_records(session, ctx, CUSTOMERS, ListQuery()).total == 0


def test_a_user_without_roles_is_denied_reading_in_the_service_layer(company):
    nobody = company.add_user(None)
    with company.read(nobody) as (session, ctx), pytest.raises(PermissionDenied, match="read permission"):
        list_records(session, ctx, CUSTOMERS, ListQuery())


def test_a_clerk_may_not_change_a_payment_term(company):
    clerk = company.add_user("clerk")
    with company.write(clerk) as (session, ctx), pytest.raises(PermissionDenied, match="basics"):
        create_record(session, ctx, PAYMENT_TERMS, PAYMENT_TERMS.create_schema(code="X", name="X"))


def test_a_customer_of_another_company_is_not_found_in_the_service(company, other_company):
    foreign_id = new_customer(other_company)
    with company.write() as (session, ctx):
        with pytest.raises(NotFound):
            read_record(session, ctx, CUSTOMERS, foreign_id)
        with pytest.raises(NotFound):
            update_record(session, ctx, CUSTOMERS, foreign_id, CUSTOMERS.update_schema(city="Bonn"))
        with pytest.raises(NotFound):
            delete_record(session, ctx, CUSTOMERS, foreign_id)


def test_a_reference_into_another_company_raises_invalid(company, other_company):
    recipient_elsewhere = new_customer(other_company)
    with nothing_written(company, Customer), pytest.raises(Invalid) as error:
        new_customer(company, invoice_recipient_id=recipient_elsewhere)
    assert rules_of(error) == {("invoice_recipient_id", "exists")}


def test_an_update_changes_only_the_given_fields_and_is_audited(company):
    customer_id = new_customer(company, city="Köln", country_code="AT", vat_id=AT_VAT_ID)
    with company.write() as (session, ctx):
        update_record(session, ctx, CUSTOMERS, customer_id, CUSTOMERS.update_schema(credit_limit="7500"))
    with company.read() as (session, ctx):
        stored = read_record(session, ctx, CUSTOMERS, customer_id)
    assert (stored["city"], stored["vat_id"], stored["credit_limit"]) == ("Köln", AT_VAT_ID, Decimal("7500"))
    entry = audit_entries(company, "customers", customer_id)[-1]
    assert (entry.before, entry.after) == ({"credit_limit": None}, {"credit_limit": "7500.0000"})


def test_deleting_a_customer_in_use_raises_conflict_and_deletes_nothing(company):
    head_office = new_customer(company)
    new_customer(company, short_name="FILIALE", invoice_recipient_id=head_office)
    with nothing_written(company, Customer), pytest.raises(Conflict, match="used by 1 customer"):
        with company.write() as (session, ctx):
            delete_record(session, ctx, CUSTOMERS, head_office)


def test_a_failed_write_rolls_back_everything_done_before_it(company):
    customer_id = new_customer(company)
    with nothing_written(company, Customer), pytest.raises(Invalid):
        with company.write() as (session, ctx):
            create_record(session, ctx, CUSTOMERS, CUSTOMERS.create_schema(short_name="B", name1="B GmbH"))
            update_record(session, ctx, CUSTOMERS, customer_id, CUSTOMERS.update_schema(invoicing_cycle="daily"))
    assert rows(company, Customer, number="10002") == 0


def test_list_filters_accept_python_values_and_query_text(company):
    new_customer(company, blocked=True)
    new_customer(company, short_name="OFFEN")
    with company.read() as (session, ctx):
        by_flag = list_records(session, ctx, CUSTOMERS, ListQuery(filters={"blocked": True}))
        by_text = list_records(session, ctx, CUSTOMERS, ListQuery(filters={"blocked": "false"}))
        with pytest.raises(Invalid) as error:
            list_records(session, ctx, CUSTOMERS, ListQuery(filters={"price_class": "first"}))
    assert [item["short_name"] for item in by_flag.items] == ["MEIER"]
    assert [item["short_name"] for item in by_text.items] == ["OFFEN"]
    assert rules_of(error) == {("price_class", "type")}


def test_an_article_price_change_through_the_service_keeps_the_old_price(company):
    with company.write() as (session, ctx):
        article = create_record(session, ctx, ARTICLES, ARTICLES.create_schema(description="Rohr", sales_price_1="9.5"))
        article_id = article.id
    with company.write() as (session, ctx):
        update_record(session, ctx, ARTICLES, article_id, ARTICLES.update_schema(sales_price_1="9.9"))
    with company.read() as (session, ctx):
        stored = read_record(session, ctx, ARTICLES, article_id)
    assert (stored["sales_price_1"], stored["old_sales_price"]) == (Decimal("9.9"), Decimal("9.5"))


def test_lowering_a_number_range_through_the_service_raises_invalid(company):
    with company.write() as (session, ctx):
        customers = find_by_key(session, ctx, NUMBER_RANGES, "customer")
        with pytest.raises(Invalid) as error:
            update_record(session, ctx, NUMBER_RANGES, customers.id, NUMBER_RANGES.update_schema(next_number=1))
    assert rules_of(error) == {("next_number", "not_lower")}


def test_a_partners_validation_plugin_adds_its_rule_for_its_company_only(company, other_company):
    company.enable("test_rules")
    with nothing_written(company, Customer), pytest.raises(Invalid) as error:
        new_customer(company)
    assert rules_of(error) == {("email", "required_by_test_rules")}
    assert new_customer(company, email="info@meier.de") is not None
    assert new_customer(other_company) is not None
