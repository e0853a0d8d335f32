"""Articles: types, stock limits, tracking, barcode, customs code, prices and exact amounts."""

from decimal import Decimal

import pytest

from kontor.core.masterdata.articles.models import Article
from tests.unit.test_masterdata_support import (
    BAD_EAN,
    EAN,
    audit_entries,
    nothing_written,
    refused,
    unchanged,
)


def post_article(api, **fields):
    return api.post("/api/articles", json={"description": "Kupferrohr 15 mm", **fields})


def article(api, **fields) -> dict:
    response = post_article(api, **fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_articles_get_numbers_of_the_article_range(api):
    assert [article(api)["number"], article(api)["number"]] == ["A00001", "A00002"]


def test_an_article_needs_a_description(api, company):
    with nothing_written(company, Article):
        response = api.post("/api/articles", json={"short_name": "ROHR"})
    refused(response, "description", "missing")


# -- types, stock and tracking ---------------------------------------------------------------


@pytest.mark.parametrize("article_type", ["M", "L", "F", "D", "P"])
def test_each_article_type_is_accepted(api, article_type):
    assert article(api, article_type=article_type)["article_type"] == article_type


def test_an_unknown_article_type_is_refused_naming_the_types(api, company):
    with nothing_written(company, Article):
        response = post_article(api, article_type="X")
    error = refused(response, "article_type", "one_of")
    assert "material" in error["message"]


def test_a_material_article_carries_stock_limits_and_batch_tracking(api):
    body = article(api, article_type="M", min_stock="10", safety_stock="20", reorder_stock="30",
                   max_stock="100", tracking="batch")
    assert (Decimal(body["reorder_stock"]), body["tracking"]) == (Decimal(30), "batch")


@pytest.mark.parametrize("limit", ["min_stock", "max_stock", "safety_stock", "reorder_stock"])
def test_a_labour_article_with_a_stock_limit_is_refused(api, company, limit):
    with nothing_written(company, Article):
        response = post_article(api, article_type="L", description="Montagestunde", **{limit: "5"})
    refused(response, limit, "material_only")


@pytest.mark.parametrize("tracking", ["serial", "batch"])
def test_a_service_article_with_serial_or_batch_numbers_is_refused(api, tracking):
    refused(post_article(api, article_type="F", tracking=tracking), "tracking", "material_only")


def test_an_unknown_tracking_is_refused(api):
    refused(post_article(api, tracking="lot"), "tracking", "one_of")


def test_turning_a_stocked_material_into_labour_is_refused(api, company):
    body = article(api, min_stock="5", max_stock="50")
    path = f"/api/articles/{body['id']}"
    with unchanged(api, company, path, Article):
        response = api.patch(path, json={"article_type": "L"})
    refused(response, "min_stock", "material_only")
    refused(response, "max_stock", "material_only")


@pytest.mark.parametrize("limit", ["min_stock", "safety_stock", "reorder_stock"])
def test_a_stock_limit_above_the_maximum_stock_is_refused(api, company, limit):
    with nothing_written(company, Article):
        response = post_article(api, max_stock="100", **{limit: "101"})
    refused(response, limit, "not_above_max_stock")


def test_stock_limits_without_a_maximum_are_not_capped(api):
    assert Decimal(article(api, min_stock="500")["min_stock"]) == 500


def test_a_reorder_point_below_the_safety_stock_is_refused(api, company):
    body = article(api, safety_stock="20", reorder_stock="30")
    path = f"/api/articles/{body['id']}"
    with unchanged(api, company, path, Article):
        response = api.patch(path, json={"reorder_stock": "10"})
    refused(response, "reorder_stock", "not_below_safety_stock")


def test_a_reorder_point_equal_to_the_safety_stock_is_accepted(api):
    assert article(api, safety_stock="20", reorder_stock="20")["reorder_stock"] is not None


# -- identifiers --------------------------------------------------------------------------------


def test_an_article_with_a_valid_ean_barcode_is_found_by_it(api):
    article(api, barcode=EAN)
    article(api, description="Anderes")
    page = api.get("/api/articles", params={"q": EAN}).json()
    assert [item["barcode"] for item in page["items"]] == [EAN]


def test_a_barcode_with_a_wrong_check_digit_is_refused(api, company):
    with nothing_written(company, Article):
        response = post_article(api, barcode=BAD_EAN)
    error = refused(response, "barcode", "ean")
    assert BAD_EAN in error["message"]


@pytest.mark.parametrize("code", ["7411100", "741110000", "7411 100", "ABCDEFGH"])
def test_an_intrastat_code_that_is_not_eight_digits_is_refused(api, company, code):
    with nothing_written(company, Article):
        response = post_article(api, intrastat_code=code)
    refused(response, "intrastat_code")


def test_an_intrastat_code_of_eight_digits_is_accepted(api):
    assert article(api, intrastat_code="74111000")["intrastat_code"] == "74111000"


# -- prices and exact amounts -------------------------------------------------------------------


def test_changing_the_first_sales_price_keeps_the_previous_one_as_old_price(api, company):
    body = article(api, sales_price_1="12.50")
    response = api.patch(f"/api/articles/{body['id']}", json={"sales_price_1": "13.90"})
    assert response.status_code == 200, response.text
    stored = api.get(f"/api/articles/{body['id']}").json()
    assert (Decimal(stored["sales_price_1"]), Decimal(stored["old_sales_price"])) == (Decimal("13.90"), Decimal("12.50"))
    entry = audit_entries(company, "articles", body["id"])[-1]
    assert entry.before == {"old_sales_price": "0.0000", "sales_price_1": "12.5000"}
    assert entry.after == {"old_sales_price": "12.5000", "sales_price_1": "13.9000"}


def test_sending_the_same_first_sales_price_again_keeps_the_old_price(api, company):
    body = article(api, sales_price_1="12.50")
    api.patch(f"/api/articles/{body['id']}", json={"sales_price_1": "13.90"})
    with nothing_written(company, Article):
        api.patch(f"/api/articles/{body['id']}", json={"sales_price_1": "13.9"})
    assert Decimal(api.get(f"/api/articles/{body['id']}").json()["old_sales_price"]) == Decimal("12.50")


def test_changing_another_price_leaves_the_old_price_alone(api):
    body = article(api, sales_price_1="12.50")
    api.patch(f"/api/articles/{body['id']}", json={"sales_price_2": "11.00", "purchase_price": "7.25"})
    assert Decimal(api.get(f"/api/articles/{body['id']}").json()["old_sales_price"]) == 0


@pytest.mark.parametrize("price", ["sales_price_1", "sales_price_5", "purchase_price", "landed_cost"])
def test_a_negative_price_is_refused(api, company, price):
    with nothing_written(company, Article):
        response = post_article(api, **{price: "-0.01"})
    refused(response, price, "greater_than_equal")


def test_a_price_with_more_than_four_decimal_places_is_refused(api, company):
    with nothing_written(company, Article):
        response = post_article(api, sales_price_1="1.23456")
    refused(response, "sales_price_1", "decimal_max_places")


def test_a_price_change_with_more_than_four_decimal_places_is_refused(api, company):
    body = article(api, sales_price_1="1.5")
    path = f"/api/articles/{body['id']}"
    with unchanged(api, company, path, Article):
        response = api.patch(path, json={"sales_price_1": "1.00001"})
    refused(response, "sales_price_1", "decimal_max_places")


def test_prices_keep_four_decimal_places_exactly(api):
    body = article(api, sales_price_1="0.1", purchase_price="0.2", landed_cost="1234567890.1234")
    stored = api.get(f"/api/articles/{body['id']}").json()
    assert Decimal(stored["sales_price_1"]) + Decimal(stored["purchase_price"]) == Decimal("0.3")
    assert Decimal(stored["landed_cost"]) == Decimal("1234567890.1234")


def test_a_price_with_too_many_digits_is_refused(api):
    refused(post_article(api, sales_price_1="123456789012345.5"), "sales_price_1", "decimal_whole_digits")


def test_a_margin_above_one_hundred_percent_is_refused(api):
    refused(post_article(api, min_margin_percent="100.01"), "min_margin_percent", "less_than_equal")


def test_articles_are_filtered_by_type_and_blocked_flag(api):
    article(api, description="Rohr")
    article(api, description="Montage", article_type="L")
    article(api, description="Altes Rohr", blocked=True)
    labour = api.get("/api/articles", params={"article_type": "L"}).json()
    assert [item["description"] for item in labour["items"]] == ["Montage"]
    blocked = api.get("/api/articles", params={"blocked": "1"}).json()
    assert [item["description"] for item in blocked["items"]] == ["Altes Rohr"]


def test_an_article_with_an_unknown_unit_or_tax_code_is_refused(api, company):
    with nothing_written(company, Article):
        response = post_article(api, unit_id=987654, tax_code_id=987655)
    refused(response, "unit_id", "exists")
    refused(response, "tax_code_id", "exists")


def test_an_article_refers_to_the_seeded_unit_and_tax_code(api):
    unit = api.get("/api/basics/units", params={"q": "STK"}).json()["items"][0]
    tax = api.get("/api/basics/tax-codes", params={"q": "U19"}).json()["items"][0]
    body = article(api, unit_id=unit["id"], tax_code_id=tax["id"])
    assert (body["unit_id"], body["tax_code_id"]) == (unit["id"], tax["id"])
