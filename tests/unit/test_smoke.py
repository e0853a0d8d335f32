def test_customer_roundtrip_over_http(api):
    response = api.post("/api/customers", json={"short_name": "MEIER", "name1": "Meier GmbH"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["number"] == "10001"
    assert api.get(f"/api/customers/{body['id']}").json()["name1"] == "Meier GmbH"
