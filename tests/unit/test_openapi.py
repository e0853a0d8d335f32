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


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_declares_its_problem_answers(http):
    """401 everywhere; 403, 404 and 409 wherever a token is needed; 422 with parameters or a
    body; 400 and 413 with a body; each as application/problem+json with ProblemDetails."""
    document = http.get("/schema/openapi.json").json()
    problem = {"$ref": "#/components/schemas/ProblemDetails"}
    assert {"type", "title", "status", "detail"} <= set(document["components"]["schemas"]["ProblemDetails"]["required"])
    for path, method, operation in _operations(document):
        answers = operation["responses"]
        expected = {"401"}
        if path != "/api/auth/token":
            expected |= {"403", "404", "409"}
            assert operation["security"] == [{"BearerToken": []}], (method, path)
        if "requestBody" in operation:
            expected |= {"400", "413", "422"}
        if operation.get("parameters"):
            expected.add("422")
        assert expected <= set(answers), (method, path, sorted(answers))
        for status in expected:
            assert answers[status]["content"] == {"application/problem+json": {"schema": problem}}, (method, path)
    token = document["paths"]["/api/auth/token"]["post"]
    assert "429" in token["responses"] and "security" not in token


def test_amounts_are_declared_as_the_strings_they_are_served_as(http):
    schemas = http.get("/schema/openapi.json").json()["components"]["schemas"]
    for schema, field in (("RiskSettings", "warning_percent"), ("CompanyParameters", "default_credit_limit")):
        declared = schemas[schema]["properties"][field]
        declared = next((s for s in declared.get("oneOf", [declared]) if s.get("type") != "null"), declared)
        assert declared["type"] == "string" and declared["pattern"].startswith("^-?[0-9]+"), (schema, declared)
    numbers = [(name, prop) for name, schema in schemas.items() for prop, spec in schema.get("properties", {}).items()
               if spec.get("type") == "number"]
    assert numbers == []


def test_ids_and_whole_numbers_carry_their_bounds(http):
    document = http.get("/schema/openapi.json").json()
    read = document["paths"]["/api/customers/{record_id}"]["get"]
    (record_id,) = read["parameters"]
    assert (record_id["schema"]["minimum"], record_id["schema"]["maximum"]) == (1, 2**31 - 1)
    listing = {p["name"]: p["schema"] for p in document["paths"]["/api/documents"]["get"]["parameters"]}
    assert listing["offset"]["minimum"] == 0 and listing["limit"]["minimum"] == 1


def test_write_routes_that_act_declare_their_body_required_and_never_null(http):
    paths = http.get("/schema/openapi.json").json()["paths"]
    for path in ("/api/purchasing/proposals/from-plan", "/api/purchasing/proposals/{proposal_id}/order"):
        body = paths[path]["post"]["requestBody"]
        assert body["required"] is True
        assert "oneOf" not in body["content"]["application/json"]["schema"], path


def test_printed_answers_are_declared_as_html_or_text(http):
    printed = http.get("/schema/openapi.json").json()["paths"]["/api/documents/{document_id}/print"]["get"]
    assert {"text/html", "text/plain"} <= set(printed["responses"]["200"]["content"])


def test_the_documentation_page_loads_nothing_from_outside_the_server(http):
    import re

    page = http.get("/schema")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    links = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', page.text) + re.findall(r'url: "([^"]+)"', page.text)
    assert links and all(link.startswith("/") and not link.startswith("//") for link in links), links
    for link in links:
        assert http.get(link).status_code == 200, link
    assert "http://" not in page.text and "https://" not in page.text
