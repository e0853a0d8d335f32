"""Input that would crash a route is refused before any query, with problem details naming
the field and the rule; nothing is written."""

import pytest

PROBLEM = "application/problem+json"
HUGE = 2**70


def _refused(answer, status: int, field: str | None = None, rule: str | None = None) -> dict:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    problem = answer.json()
    assert problem["status"] == status
    if field is not None:
        assert {"field": field, "rule": rule} in [{"field": e["field"], "rule": e["rule"]} for e in problem["errors"]]
    return problem


@pytest.mark.parametrize("path, field", [
    (f"/api/customers/{HUGE}", "record_id"),
    (f"/api/documents/{HUGE}", "document_id"),
    (f"/api/stock/articles/{HUGE}", "article_id"),
])
def test_ids_beyond_64_bits_in_the_path_are_refused(api, path, field):
    _refused(api.get(path), 422, field, "int32")


def test_ids_must_be_positive(api):
    _refused(api.get("/api/customers/0"), 422, "record_id", "positive")
    _refused(api.get("/api/credit-holds", params={"customer_id": "-5"}), 422, "customer_id", "positive")


def test_limits_are_positive_and_offsets_not_negative(api):
    """A negative LIMIT would reach PostgreSQL and fail there."""
    _refused(api.get("/api/purchasing/documents", params={"limit": "-1"}), 422, "limit", "positive")
    _refused(api.get("/api/purchasing/documents", params={"offset": "-1"}), 422, "offset", "not_negative")


@pytest.mark.parametrize("params, field", [
    ({"limit": str(HUGE)}, "limit"),
    ({"offset": str(HUGE)}, "offset"),
    ({"customer_id": str(-HUGE)}, "customer_id"),
])
def test_limits_offsets_and_query_ids_beyond_64_bits_are_refused(api, params, field):
    problem = _refused(api.get("/api/credit-holds", params=params), 422)
    assert [e["field"] for e in problem["errors"]] == [field]


def test_ids_beyond_64_bits_in_the_body_are_refused_and_nothing_is_written(api):
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": HUGE, "lines": []})
    _refused(answer, 422, "customer_id", "int32")
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": 1,
                                              "lines": [{"article_id": HUGE, "quantity": "1"}]})
    _refused(answer, 422, "lines.0.article_id", "int32")
    assert api.get("/api/documents").json()["total"] == 0


def test_json_nested_a_thousand_deep_is_a_malformed_body(api):
    deep = "[" * 1000 + "]" * 1000
    problem = _refused(api.post("/api/documents", content=deep, headers={"content-type": "application/json"}), 400)
    assert "nested deeper" in problem["detail"]
    _refused(api.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"}), 400)


def test_a_body_beyond_the_size_limit_answers_413(api):
    from kontor.web.bounds import MAX_BODY_BYTES

    big = b'{"kind": "quote", "notes": "' + b"x" * MAX_BODY_BYTES + b'"}'
    _refused(api.post("/api/documents", content=big, headers={"content-type": "application/json"}), 413)


def test_amounts_are_strings_not_json_numbers(api):
    line = {"description": "Montage", "article_type": "L", "unit_price": "55.00"}
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": 1, "lines": [{**line, "quantity": 1.5}]})
    _refused(answer, 422, "lines.0.quantity", "decimal_as_string")
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": 1, "lines": [{**line, "quantity": "1e5"}]})
    _refused(answer, 422, "lines.0.quantity", "decimal")


def test_values_have_the_json_type_their_field_declares(api):
    answer = api.post("/api/documents", json={"kind": "quote", "customer_id": "1", "lines": []})
    _refused(answer, 422, "customer_id", "type")
    answer = api.put("/api/credit-risk/settings", json={"enabled": "yes"})
    _refused(answer, 422, "enabled", "type")


def test_write_routes_need_their_body(api):
    """An empty POST made a reorder proposal and ordered it; now it is refused and nothing is made."""
    _refused(api.post("/api/purchasing/proposals/from-plan"), 422, "body", "required")
    _refused(api.post("/api/purchasing/proposals/from-plan", content=b"null",
                      headers={"content-type": "application/json"}), 422, "body", "required")
    _refused(api.post("/api/purchasing/proposals/1/order"), 422, "body", "required")
    assert api.get("/api/purchasing/documents").json()["total"] == 0


def test_who_may_not_call_a_route_learns_that_before_what_is_wrong(http):
    answer = http.get(f"/api/customers/{HUGE}")
    _refused(answer, 401)
    _refused(http.post("/api/purchasing/proposals/from-plan"), 401)
    _refused(http.patch("/api/basics/countries/1", json={"code": ""}), 401)


def test_a_wrong_method_names_the_allowed_ones(api):
    answer = api.put("/api/agents")
    _refused(answer, 405)
    assert set(answer.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST", "OPTIONS"}
    options = api.options("/api/accounting/datev-settings")
    assert options.status_code == 204
    assert set(options.headers["allow"].replace(" ", "").split(",")) == {"GET", "PUT", "OPTIONS"}
