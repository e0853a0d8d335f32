"""A POST retried with the same Idempotency-Key creates nothing twice."""


def test_a_retried_create_returns_the_first_answer_and_creates_one_customer(api):
    headers = {"Idempotency-Key": "order-desk-4711"}
    body = {"short_name": "BAU", "name1": "Bau AG"}
    first = api.post("/api/customers", json=body, headers=headers)
    again = api.post("/api/customers", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert api.get("/api/customers").json()["total"] == 1


def test_reusing_a_key_for_another_request_is_a_conflict(api):
    headers = {"Idempotency-Key": "k-1"}
    assert api.post("/api/customers", json={"short_name": "A", "name1": "A"}, headers=headers).status_code == 201
    clash = api.post("/api/customers", json={"short_name": "B", "name1": "B"}, headers=headers)
    assert clash.status_code == 409
    assert "used for a different request" in clash.json()["detail"]
    assert api.get("/api/customers").json()["total"] == 1


def test_a_refused_request_does_not_use_up_its_key(api):
    headers = {"Idempotency-Key": "k-2"}
    assert api.post("/api/customers", json={"short_name": "A", "name1": "A", "price_class": 9}, headers=headers).status_code == 422
    assert api.post("/api/customers", json={"short_name": "A", "name1": "A"}, headers=headers).status_code == 201


def test_keys_belong_to_their_tenant(api, http, other_company):
    from kontor.testing import api_as

    other = api_as(http, other_company, "admin")
    headers = {"Idempotency-Key": "same"}
    assert api.post("/api/customers", json={"short_name": "A", "name1": "A"}, headers=headers).status_code == 201
    assert other.post("/api/customers", json={"short_name": "A", "name1": "A"}, headers=headers).status_code == 201
    assert other.get("/api/customers").json()["total"] == 1


def test_an_overlong_key_is_refused(api):
    answer = api.post("/api/customers", json={"short_name": "A", "name1": "A"}, headers={"Idempotency-Key": "x" * 201})
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "Idempotency-Key"
