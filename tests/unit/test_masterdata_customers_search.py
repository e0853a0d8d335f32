"""Customers: numbers from the number range, duplicates, and finding customers again."""

from kontor.core.masterdata.parties.models import Customer
from tests.unit.test_masterdata_support import conflict, created, nothing_written, refused, rows


def customer(api, short_name: str, name1: str, **fields) -> dict:
    return created(api, "/api/customers", short_name=short_name, name1=name1, **fields)


def numbers(page: dict) -> list[str]:
    return [item["number"] for item in page["items"]]


# -- numbers ------------------------------------------------------------------------------------


def test_new_customers_without_a_number_get_the_next_numbers_of_the_range(api):
    first = customer(api, "MEIER", "Meier GmbH")
    second = customer(api, "HUBER", "Huber KG")
    assert (first["number"], second["number"]) == ("10001", "10002")


def test_a_customer_may_get_a_number_typed_by_hand(api):
    assert customer(api, "ALT", "Altkunde AG", number="K-77")["number"] == "K-77"
    assert customer(api, "NEU", "Neukunde AG")["number"] == "10001"


def test_a_number_typed_by_hand_is_skipped_by_the_number_range(api):
    customer(api, "VORAB", "Vorab GmbH", number="10001")
    assert customer(api, "NEXT", "Nächster GmbH")["number"] == "10002"


def test_a_second_customer_with_the_same_number_is_a_conflict_and_writes_nothing(api, company):
    customer(api, "MEIER", "Meier GmbH", number="4711")
    with nothing_written(company, Customer):
        response = api.post("/api/customers", json={"short_name": "X", "name1": "X GmbH", "number": "4711"})
    conflict(response, "4711", "exists already")


def test_renaming_a_customer_to_a_taken_number_is_a_conflict(api):
    customer(api, "MEIER", "Meier GmbH", number="4711")
    other = customer(api, "HUBER", "Huber KG")
    conflict(api.patch(f"/api/customers/{other['id']}", json={"number": "4711"}), "4711")
    assert api.get(f"/api/customers/{other['id']}").json()["number"] == "10001"


def test_a_customer_number_cannot_be_emptied(api):
    meier = customer(api, "MEIER", "Meier GmbH")
    refused(api.patch(f"/api/customers/{meier['id']}", json={"number": ""}), "number", "required")


def test_the_same_number_in_another_company_is_no_conflict(api, other_company):
    with other_company.write() as (session, _ctx):
        session.add(Customer(tenant_id=other_company.tenant_id, number="4711", short_name="O", name1="Other"))
    assert customer(api, "MEIER", "Meier GmbH", number="4711")["number"] == "4711"


def test_a_refused_customer_uses_up_no_number(api, company):
    with nothing_written(company, Customer):
        refused(api.post("/api/customers", json={"short_name": "X", "name1": "X", "price_class": 9}), "price_class")
        refused(
            api.post("/api/customers", json={"short_name": "X", "name1": "X", "invoicing_cycle": "daily"}),
            "invoicing_cycle", "one_of",
        )
    assert customer(api, "MEIER", "Meier GmbH")["number"] == "10001"


def test_short_name_and_name_are_required(api, company):
    with nothing_written(company, Customer):
        refused(api.post("/api/customers", json={"name1": "Meier GmbH"}), "short_name", "missing")
        refused(api.post("/api/customers", json={"short_name": "MEIER", "name1": ""}), "name1", "string_too_short")


def test_an_email_address_without_at_sign_is_refused(api):
    refused(api.post("/api/customers", json={"short_name": "M", "name1": "M", "email": "meier.de"}), "email")


# -- searching ----------------------------------------------------------------------------------


def three_customers(api) -> None:
    customer(api, "MEIER", "Meier Haustechnik GmbH", city="Köln", country_code="DE")
    customer(api, "HUBER", "Huber Elektro KG", city="Wien", country_code="AT", price_class=2)
    customer(api, "SCHULZ", "Schulz Elektro Großhandel", city="Berlin", blocked=True)


def test_a_customer_is_found_by_number(api):
    three_customers(api)
    assert numbers(api.get("/api/customers", params={"q": "10002"}).json()) == ["10002"]


def test_a_customer_is_found_by_short_name_in_any_case(api):
    three_customers(api)
    page = api.get("/api/customers", params={"q": "huber"}).json()
    assert [item["short_name"] for item in page["items"]] == ["HUBER"]


def test_a_customer_is_found_by_part_of_the_name(api):
    three_customers(api)
    page = api.get("/api/customers", params={"q": "elektro"}).json()
    assert page["total"] == 2
    assert {item["short_name"] for item in page["items"]} == {"HUBER", "SCHULZ"}


def test_a_customer_is_found_by_city(api):
    three_customers(api)
    assert numbers(api.get("/api/customers", params={"q": "köln"}).json()) == ["10001"]


def test_a_search_without_hits_gives_an_empty_page(api):
    three_customers(api)
    assert api.get("/api/customers", params={"q": "nirgends"}).json() == {
        "items": [], "total": 0, "limit": 50, "offset": 0,
    }


def test_customers_are_filtered_by_blocked_flag(api):
    three_customers(api)
    assert numbers(api.get("/api/customers", params={"blocked": "true"}).json()) == ["10003"]
    assert numbers(api.get("/api/customers", params={"blocked": "false"}).json()) == ["10001", "10002"]


def test_customers_are_filtered_by_price_class_and_country(api):
    three_customers(api)
    assert numbers(api.get("/api/customers", params={"price_class": "2"}).json()) == ["10002"]
    assert numbers(api.get("/api/customers", params={"country_code": "DE"}).json()) == ["10001", "10003"]


def test_search_and_filter_combine(api):
    three_customers(api)
    page = api.get("/api/customers", params={"q": "elektro", "blocked": "false"}).json()
    assert numbers(page) == ["10002"]


def test_a_filter_on_an_unknown_field_is_refused(api):
    refused(api.get("/api/customers", params={"colour": "red"}), "colour", "filterable")


def test_a_filter_value_of_the_wrong_type_is_refused(api):
    refused(api.get("/api/customers", params={"price_class": "gold"}), "price_class", "type")
    refused(api.get("/api/customers", params={"blocked": "perhaps"}), "blocked", "type")


def test_customers_come_in_pages_with_the_total(api):
    for index in range(7):
        customer(api, f"K{index}", f"Kunde {index}")
    first = api.get("/api/customers", params={"limit": 3}).json()
    third = api.get("/api/customers", params={"limit": 3, "offset": 6}).json()
    assert (first["total"], first["limit"], first["offset"]) == (7, 3, 0)
    assert numbers(first) == ["10001", "10002", "10003"]
    assert numbers(third) == ["10007"]
    assert third["total"] == 7


def test_a_page_size_of_zero_or_a_negative_offset_is_refused(api):
    refused(api.get("/api/customers", params={"limit": 0}), "limit")
    refused(api.get("/api/customers", params={"offset": -1}), "offset")


def test_the_page_size_is_capped_by_the_settings(api, company):
    for index in range(3):
        customer(api, f"K{index}", f"Kunde {index}")
    page = api.get("/api/customers", params={"limit": 10**6}).json()
    assert page["limit"] == company.kontor.settings.max_page_size
    assert page["total"] == 3


def test_customers_are_sorted_by_number_unless_told_otherwise(api):
    customer(api, "ZETA", "Zeta AG", number="300")
    customer(api, "ALPHA", "Alpha AG", number="100")
    customer(api, "MITTE", "Mitte AG", number="200")
    assert numbers(api.get("/api/customers").json()) == ["100", "200", "300"]
    by_name = api.get("/api/customers", params={"sort": "short_name"}).json()
    assert [item["short_name"] for item in by_name["items"]] == ["ALPHA", "MITTE", "ZETA"]
    descending = api.get("/api/customers", params={"sort": "-short_name"}).json()
    assert [item["short_name"] for item in descending["items"]] == ["ZETA", "MITTE", "ALPHA"]


def test_sorting_by_an_unknown_column_is_refused(api):
    refused(api.get("/api/customers", params={"sort": "-colour"}), "sort", "column")


def test_the_list_shows_only_the_companys_own_customers(api, company, other_company):
    with other_company.write() as (session, _ctx):
        session.add(Customer(tenant_id=other_company.tenant_id, number="1", short_name="FREMD", name1="Fremd"))
    customer(api, "MEIER", "Meier GmbH")
    page = api.get("/api/customers").json()
    assert page["total"] == 1 == rows(company, Customer)
    assert numbers(page) == ["10001"]


def test_percent_and_underscore_in_a_search_are_plain_characters(api):
    api.post("/api/customers", json={"short_name": "100%BAU", "name1": "Hundert Prozent Bau"})
    api.post("/api/customers", json={"short_name": "ABC", "name1": "Abc GmbH"})
    assert [c["short_name"] for c in api.get("/api/customers", params={"q": "%"}).json()["items"]] == ["100%BAU"]
    assert api.get("/api/customers", params={"q": "_"}).json()["total"] == 0
