"""What an article links to: its suppliers, follow-up articles, quantity breaks, and the
numbers customers use for it."""

from decimal import Decimal

from kontor.core.masterdata.articles.models import (
    Article,
    ArticleFollowUp,
    ArticleQuantityBreak,
    ArticleSupplier,
    CustomerArticleNumber,
)
from tests.unit.test_masterdata_support import (
    BAD_EAN,
    conflict,
    created,
    nothing_written,
    refused,
    rows,
    unchanged,
)

ARTICLE_TABLES = (Article, ArticleSupplier, ArticleFollowUp, ArticleQuantityBreak)


def article(api, description: str = "Kupferrohr 15 mm", **fields) -> dict:
    return created(api, "/api/articles", description=description, **fields)


def supplier(api, short_name: str) -> dict:
    return created(api, "/api/suppliers", short_name=short_name, name1=f"{short_name} GmbH")


# -- suppliers of an article ----------------------------------------------------------------------


def test_an_article_lists_its_suppliers_with_one_main_supplier(api):
    north, south = supplier(api, "NORD"), supplier(api, "SUED")
    body = article(api, suppliers=[
        {"supplier_id": north["id"], "order_number": "N-15", "net_price": "4.20", "is_main": True},
        {"supplier_id": south["id"], "order_number": "S-15", "net_price": "4.35", "lead_time_days": 5},
    ])
    assert [(s["supplier_id"], s["is_main"]) for s in body["suppliers"]] == [(north["id"], True), (south["id"], False)]


def test_two_main_suppliers_are_refused(api, company):
    north, south = supplier(api, "NORD"), supplier(api, "SUED")
    with nothing_written(company, *ARTICLE_TABLES):
        response = api.post("/api/articles", json={"description": "Rohr", "suppliers": [
            {"supplier_id": north["id"], "is_main": True}, {"supplier_id": south["id"], "is_main": True},
        ]})
    refused(response, "suppliers.1.is_main", "at_most_one")


def test_the_same_supplier_twice_is_refused(api, company):
    north = supplier(api, "NORD")
    body = article(api, suppliers=[{"supplier_id": north["id"]}])
    path = f"/api/articles/{body['id']}"
    with unchanged(api, company, path, *ARTICLE_TABLES):
        response = api.patch(path, json={"suppliers": [{"supplier_id": north["id"]}, {"supplier_id": north["id"]}]})
    refused(response, "suppliers.1.supplier_id", "unique")


def test_the_main_supplier_moves_from_one_supplier_to_another(api):
    north, south = supplier(api, "NORD"), supplier(api, "SUED")
    body = article(api, suppliers=[{"supplier_id": north["id"], "is_main": True}, {"supplier_id": south["id"]}])
    first, second = body["suppliers"]
    response = api.patch(f"/api/articles/{body['id']}", json={"suppliers": [
        {**first, "is_main": False}, {**second, "is_main": True},
    ]})
    assert response.status_code == 200, response.text
    assert [s["is_main"] for s in response.json()["suppliers"]] == [False, True]


def test_an_unknown_supplier_or_a_wrong_order_barcode_is_refused(api, company):
    north = supplier(api, "NORD")
    with nothing_written(company, *ARTICLE_TABLES):
        unknown = api.post("/api/articles", json={"description": "Rohr", "suppliers": [{"supplier_id": 999999}]})
        bad_ean = api.post("/api/articles", json={"description": "Rohr", "suppliers": [
            {"supplier_id": north["id"], "order_barcode": BAD_EAN},
        ]})
    refused(unknown, "suppliers.0.supplier_id", "exists")
    refused(bad_ean, "suppliers.0.order_barcode", "ean")


def test_a_supplier_of_an_article_cannot_be_deleted(api):
    north = supplier(api, "NORD")
    article(api, suppliers=[{"supplier_id": north["id"]}])
    conflict(api.delete(f"/api/suppliers/{north['id']}"), north["number"], "article supplier")


# -- follow-up articles -----------------------------------------------------------------------------


def test_an_article_brings_its_follow_up_articles(api):
    fitting = article(api, "Pressfitting")
    body = article(api, follow_ups=[{"follow_up_id": fitting["id"], "quantity": "2"}])
    assert [(f["follow_up_id"], Decimal(f["quantity"])) for f in body["follow_ups"]] == [(fitting["id"], 2)]


def test_an_article_cannot_follow_itself(api, company):
    body = article(api)
    path = f"/api/articles/{body['id']}"
    with unchanged(api, company, path, *ARTICLE_TABLES):
        response = api.patch(path, json={"follow_ups": [{"follow_up_id": body["id"]}]})
    refused(response, "follow_ups.0.follow_up_id", "not_itself")


def test_the_same_follow_up_article_twice_is_refused(api, company):
    fitting = article(api, "Pressfitting")
    with nothing_written(company, *ARTICLE_TABLES):
        response = api.post("/api/articles", json={"description": "Rohr", "follow_ups": [
            {"follow_up_id": fitting["id"]}, {"follow_up_id": fitting["id"], "quantity": "3"},
        ]})
    refused(response, "follow_ups.1.follow_up_id", "unique")


def test_a_follow_up_quantity_of_zero_is_refused(api):
    fitting = article(api, "Pressfitting")
    response = api.post("/api/articles", json={"description": "Rohr", "follow_ups": [
        {"follow_up_id": fitting["id"], "quantity": "0"},
    ]})
    refused(response, "follow_ups.0.quantity", "greater_than")


def test_an_article_that_follows_another_cannot_be_deleted(api, company):
    fitting = article(api, "Pressfitting")
    article(api, follow_ups=[{"follow_up_id": fitting["id"]}])
    with nothing_written(company, *ARTICLE_TABLES):
        response = api.delete(f"/api/articles/{fitting['id']}")
    conflict(response, fitting["number"], "article follow up")


def test_deleting_an_article_removes_its_own_follow_up_list(api, company):
    fitting = article(api, "Pressfitting")
    pipe = article(api, follow_ups=[{"follow_up_id": fitting["id"]}])
    assert api.delete(f"/api/articles/{pipe['id']}").status_code == 204
    assert rows(company, ArticleFollowUp) == 0
    assert api.get(f"/api/articles/{fitting['id']}").status_code == 200


# -- quantity breaks ------------------------------------------------------------------------------


def test_quantity_breaks_are_listed_by_quantity(api):
    body = article(api, quantity_breaks=[
        {"min_quantity": "100", "discount_percent": "5"}, {"min_quantity": "10", "discount_percent": "2"},
    ])
    assert [Decimal(b["min_quantity"]) for b in body["quantity_breaks"]] == [10, 100]


def test_two_breaks_for_the_same_quantity_are_refused(api, company):
    with nothing_written(company, *ARTICLE_TABLES):
        response = api.post("/api/articles", json={"description": "Rohr", "quantity_breaks": [
            {"min_quantity": "10", "discount_percent": "2"}, {"min_quantity": "10.0", "discount_percent": "3"},
        ]})
    refused(response, "quantity_breaks.1.min_quantity", "unique")


def test_the_breaks_can_be_sent_again_as_a_whole(api, company):
    body = article(api, quantity_breaks=[{"min_quantity": "10", "discount_percent": "2"}])
    response = api.patch(f"/api/articles/{body['id']}", json={"quantity_breaks": [
        {"min_quantity": "10", "discount_percent": "3"}, {"min_quantity": "50", "discount_percent": "4"},
    ]})
    assert response.status_code == 200, response.text
    assert [Decimal(b["discount_percent"]) for b in response.json()["quantity_breaks"]] == [3, 4]
    assert rows(company, ArticleQuantityBreak) == 2


def test_a_break_from_quantity_zero_or_above_full_discount_is_refused(api):
    zero = api.post("/api/articles", json={"description": "R", "quantity_breaks": [{"min_quantity": "0"}]})
    refused(zero, "quantity_breaks.0.min_quantity", "greater_than")
    too_much = api.post("/api/articles", json={"description": "R", "quantity_breaks": [
        {"min_quantity": "1", "discount_percent": "120"},
    ]})
    refused(too_much, "quantity_breaks.0.discount_percent", "less_than_equal")


# -- customer article numbers ---------------------------------------------------------------------


def customer(api, short_name: str) -> dict:
    return created(api, "/api/customers", short_name=short_name, name1=f"{short_name} GmbH")


def own_number(api, customer_id: int, article_id: int, number: str, **fields):
    return api.post("/api/customer-article-numbers", json={
        "customer_id": customer_id, "article_id": article_id, "number": number, **fields,
    })


def test_a_customer_has_its_own_numbers_for_our_articles(api):
    meier, pipe, fitting = customer(api, "MEIER"), article(api), article(api, "Pressfitting")
    assert own_number(api, meier["id"], pipe["id"], "M-4711", text="Rohr Cu 15").status_code == 201
    assert own_number(api, meier["id"], fitting["id"], "M-4712").status_code == 201
    page = api.get("/api/customer-article-numbers", params={"customer_id": meier["id"]}).json()
    assert [(item["number"], item["article_id"]) for item in page["items"]] == [
        ("M-4711", pipe["id"]), ("M-4712", fitting["id"]),
    ]


def test_the_number_of_a_customer_is_looked_up_for_an_article(api):
    meier, huber, pipe = customer(api, "MEIER"), customer(api, "HUBER"), article(api)
    own_number(api, meier["id"], pipe["id"], "M-4711")
    own_number(api, huber["id"], pipe["id"], "H-1")
    page = api.get("/api/customer-article-numbers", params={"customer_id": huber["id"], "article_id": pipe["id"]}).json()
    assert [item["number"] for item in page["items"]] == ["H-1"]


def test_the_same_number_twice_for_one_customer_is_a_conflict(api, company):
    meier, pipe, fitting = customer(api, "MEIER"), article(api), article(api, "Pressfitting")
    own_number(api, meier["id"], pipe["id"], "M-4711")
    with nothing_written(company, CustomerArticleNumber):
        response = own_number(api, meier["id"], fitting["id"], "M-4711")
    conflict(response, "M-4711")


def test_two_numbers_of_one_customer_for_the_same_article_are_a_conflict(api, company):
    meier, pipe = customer(api, "MEIER"), article(api)
    own_number(api, meier["id"], pipe["id"], "M-4711")
    with nothing_written(company, CustomerArticleNumber):
        response = own_number(api, meier["id"], pipe["id"], "M-9999")
    conflict(response, "own number for this article")


def test_renumbering_onto_a_taken_number_is_a_conflict(api, company):
    meier, pipe, fitting = customer(api, "MEIER"), article(api), article(api, "Pressfitting")
    own_number(api, meier["id"], pipe["id"], "M-1")
    second = own_number(api, meier["id"], fitting["id"], "M-2").json()
    path = f"/api/customer-article-numbers/{second['id']}"
    with unchanged(api, company, path, CustomerArticleNumber):
        response = api.patch(path, json={"number": "M-1"})
    conflict(response, "M-1")


def test_two_customers_may_use_the_same_number(api):
    meier, huber, pipe = customer(api, "MEIER"), customer(api, "HUBER"), article(api)
    assert own_number(api, meier["id"], pipe["id"], "4711").status_code == 201
    assert own_number(api, huber["id"], pipe["id"], "4711").status_code == 201


def test_an_own_number_needs_a_known_customer_and_article(api, company):
    pipe, meier = article(api), customer(api, "MEIER")
    with nothing_written(company, CustomerArticleNumber):
        response = own_number(api, 999999, pipe["id"], "X")
        empty = own_number(api, meier["id"], pipe["id"], "")
    refused(response, "customer_id", "exists")
    refused(empty, "number", "string_too_short")


def test_an_article_with_customer_numbers_cannot_be_deleted(api):
    meier, pipe = customer(api, "MEIER"), article(api)
    own_number(api, meier["id"], pipe["id"], "M-1")
    conflict(api.delete(f"/api/articles/{pipe['id']}"), pipe["number"], "customer article number")
