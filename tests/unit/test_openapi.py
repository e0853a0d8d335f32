"""The API describes itself at /schema."""


def test_openapi_lists_master_data_with_typed_bodies(http):
    schema = http.get("/schema/openapi.json")
    assert schema.status_code == 200
    document = schema.json()
    paths = document["paths"]
    for path in ("/api/customers", "/api/customers/{record_id}", "/api/articles", "/api/basics/payment-terms",
                 "/api/auth/token", "/api/plugins", "/api/parameters"):
        assert path in paths, path
    create = paths["/api/customers"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create["$ref"].endswith("CustomerCreate")
    assert "vat_id" in document["components"]["schemas"]["CustomerCreate"]["properties"]


def test_the_index_names_the_api(http):
    assert http.get("/").json()["openapi"] == "/schema"
