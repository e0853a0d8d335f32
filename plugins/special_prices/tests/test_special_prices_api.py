"""The plugin's routes: resources, the customer price list, refused rules, 404 without the plugin."""

from __future__ import annotations

from datetime import date, timedelta

from kontor.testing import api_as

from test_special_prices_pricing import make_shop  # noqa: E402  (same folder, pytest rootdir-relative)

BASE = "/api/special_prices"


def test_routes_answer_404_for_a_tenant_without_the_plugin(api, company):
    ids = make_shop(company)
    assert api.get(f"{BASE}/prices").status_code == 404
    assert api.get(f"{BASE}/price-list/{ids['bau']}").status_code == 404
    assert api.post(f"{BASE}/prices", json={"article_id": ids["pump"], "unit_price": "1"}).status_code == 404
    company.enable("special_prices")
    assert api.get(f"{BASE}/prices").status_code == 200


def test_the_price_list_shows_todays_rules_with_the_resulting_price_and_retail_price(api, company):
    ids = make_shop(company)
    company.enable("special_prices")
    today = date.today()
    gold = api.post(f"{BASE}/groups", json={"code": "GOLD", "name": "Gold"}).json()
    assert api.post(f"{BASE}/group-members", json={"group_id": gold["id"], "customer_id": ids["bau"]}).status_code == 201
    assert api.post(f"{BASE}/prices", json={"article_id": ids["pump"], "group_id": gold["id"], "unit_price": "89.90",
                                            "valid_from": (today - timedelta(days=3)).isoformat()}).status_code == 201
    assert api.post(f"{BASE}/prices", json={"article_id": ids["pump"], "group_id": gold["id"], "unit_price": "85",
                                            "min_quantity": "10"}).status_code == 201
    # expired yesterday: not listed
    assert api.post(f"{BASE}/discounts", json={"article_id": ids["valve"], "discount_percent": "10",
                                               "valid_until": (today - timedelta(days=1)).isoformat()}).status_code == 201
    assert api.post(f"{BASE}/retail-prices", json={"article_id": ids["pump"], "price": "149.00",
                                                   "valid_from": "2020-01-01"}).status_code == 201

    answer = api.get(f"{BASE}/price-list/{ids['bau']}")
    assert answer.status_code == 200
    items = answer.json()["items"]
    assert [i["article_number"] for i in items] == ["P-1"]
    pump = items[0]
    assert (pump["unit_price"], pump["discount_percent"], pump["net_unit_price"]) == ("89.9000", "0", "89.90")
    assert pump["source"] == "special price group GOLD"
    assert pump["retail_price"] == "149.0000"
    assert [(t["from_quantity"], t["net_unit_price"]) for t in pump["tiers"]] == [("1", "89.90"), ("10.0000", "85.00")]
    # a customer outside the group sees no special price
    assert api.get(f"{BASE}/price-list/{ids['holz']}").json()["items"] == []
    assert api.get(f"{BASE}/price-list/999999").status_code == 404


def test_bad_rules_are_refused_naming_field_and_rule_and_nothing_is_written(api, company):
    ids = make_shop(company)
    company.enable("special_prices")

    def refused(path, body, status, expected=None):
        answer = api.post(f"{BASE}/{path}", json=body)
        assert answer.status_code == status, answer.text
        if expected:
            assert [(e["field"], e["rule"]) for e in answer.json()["errors"]] == expected
        return answer.json()

    refused("prices", {"article_id": ids["pump"], "unit_price": "-1"}, 422, [("unit_price", "not_negative")])
    refused("discounts", {"article_id": ids["pump"], "discount_percent": "100.5"}, 422,
            [("discount_percent", "range")])
    refused("prices", {"article_id": ids["pump"], "unit_price": "5", "valid_from": "2026-06-10",
                       "valid_until": "2026-06-01"}, 422, [("valid_until", "after_valid_from")])
    assert api.get(f"{BASE}/prices").json()["total"] == 0
    assert api.get(f"{BASE}/discounts").json()["total"] == 0

    first = api.post(f"{BASE}/prices", json={"article_id": ids["pump"], "customer_id": ids["bau"], "unit_price": "80",
                                             "valid_from": "2026-06-01", "valid_until": "2026-06-30"}).json()
    clash = refused("prices", {"article_id": ids["pump"], "customer_id": ids["bau"], "unit_price": "82",
                               "valid_from": "2026-06-20", "valid_until": "2026-07-31"}, 409)
    assert f"special price {first['id']}" in clash["detail"]
    assert api.get(f"{BASE}/prices").json()["total"] == 1
    # not contradicting: the period after, another minimum quantity, or the same value
    for body in ({"valid_from": "2026-07-01", "unit_price": "82"},
                 {"valid_from": "2026-06-20", "unit_price": "78", "min_quantity": "10"},
                 {"valid_from": "2026-06-20", "valid_until": "2026-06-25", "unit_price": "80"}):
        created = api.post(f"{BASE}/prices", json={"article_id": ids["pump"], "customer_id": ids["bau"], **body})
        assert created.status_code == 201, created.text
    # discounts too, and a change (PATCH) that makes a rule contradict is refused as well
    first = api.post(f"{BASE}/discounts", json={"article_id": ids["valve"], "discount_percent": "5"}).json()
    second = api.post(f"{BASE}/discounts", json={"article_id": ids["valve"], "discount_percent": "5",
                                                 "min_quantity": "10"}).json()
    answer = api.patch(f"{BASE}/discounts/{second['id']}", json={"min_quantity": "0", "discount_percent": "6"})
    assert answer.status_code == 409 and f"special discount {first['id']}" in answer.json()["detail"]
    assert api.get(f"{BASE}/discounts/{second['id']}").json()["discount_percent"] == "5.0000"


def test_price_groups_cannot_lie_below_themselves(api, company):
    company.enable("special_prices")
    top = api.post(f"{BASE}/groups", json={"code": "A"}).json()
    below = api.post(f"{BASE}/groups", json={"code": "B", "parent_id": top["id"]}).json()
    answer = api.patch(f"{BASE}/groups/{top['id']}", json={"parent_id": below["id"]})
    assert answer.status_code == 422
    assert [(e["field"], e["rule"]) for e in answer.json()["errors"]] == [("parent_id", "no_cycle")]


def test_the_other_tenant_cannot_use_the_plugin_routes(http, company, other_company):
    company.enable("special_prices")
    other = api_as(http, other_company, "admin")
    assert other.get(f"{BASE}/groups").status_code == 404
