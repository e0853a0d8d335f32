"""The document flow over HTTP: what a clerk's screen does."""

from decimal import Decimal


def _setup(api):
    customer = api.post("/api/customers", json={"short_name": "BAU", "name1": "Bau GmbH", "price_class": 1}).json()
    taxes = {t["code"]: t["id"] for t in api.get("/api/basics/tax-codes").json()["items"]}
    pump = api.post("/api/articles", json={"description": "Pumpe", "sales_price_1": "100.00",
                                           "purchase_price": "40", "tax_code_id": taxes["U19"]}).json()
    assert api.post("/api/stock/opening", json={"article_id": pump["id"], "quantity": "5", "on": "2026-01-01"}).status_code == 201
    return customer, pump


def test_order_delivery_invoice_over_http(api):
    customer, pump = _setup(api)
    order = api.post("/api/documents", json={
        "kind": "order", "customer_id": customer["id"], "doc_date": "2026-03-02", "customer_order_number": "B-77",
        "lines": [{"article_id": pump["id"], "quantity": "3"},
                  {"description": "Montage", "article_type": "L", "quantity": "2", "unit_price": "55.00"}],
        "charges": [{"kind": "freight", "text": "Fracht", "amount": "12.50"}],
    })
    assert order.status_code == 201, order.text
    order = order.json()
    assert (order["number"], order["net_total"], order["tax_total"], order["gross_total"]) == (
        "AB000001", "422.5000", "80.2800", "502.7800")
    assert [line["added"] for line in order["lines"]] == [True, True]
    assert order["lines"][1]["temporary"] is True

    note = api.post(f"/api/documents/{order['id']}/convert", json={
        "target": "delivery_note", "lines": [{"source_line_id": order["lines"][0]["id"], "quantity": "2"}]}).json()
    assert note["number"] == "LS000001" and note["lines"][0]["added"] is False
    status = api.get(f"/api/documents/{order['id']}/status").json()
    assert [(l["delivered"], l["open_to_deliver"]) for l in status["lines"]] == [("2.0000", "1.0000"), ("0.0000", "2.0000")]
    assert status["stock"] == [{"article_id": pump["id"], "article_number": pump["number"], "needed": "1.0000",
                                "on_hand": "3.0000", "shortfall": "0.0000"}]

    invoice = api.post("/api/documents/convert", json={"target": "invoice", "source_document_ids": [note["id"]],
                                                        "post": True}).json()
    assert (invoice["number"], invoice["state"]) == ("RE000001", "posted")
    assert invoice["net_total"] == "212.5000"  # 2 x 100.00 plus the order's freight, taken once
    refused = api.patch(f"/api/documents/{invoice['id']}", json={"footer_text": "x"})
    assert refused.status_code == 409 and "posted" in refused.json()["detail"]

    ledger = api.get(f"/api/stock/articles/{pump['id']}").json()
    assert ledger["on_hand"] == "3.0000"
    assert [(m["symbol"], m["quantity"], m["document_number"]) for m in ledger["movements"]] == [
        ("AB", "5.0000", "Anfangsbestand"), ("LS", "-2.0000", "LS000001")]
    stock = api.get("/api/stock/list", params={"on": "2026-12-31"}).json()
    assert (stock["rows"][0]["quantity"], stock["purchase_value"], stock["sales_value"]) == ("3.0000", "120.00", "300.00")
    earlier = api.get("/api/stock/list", params={"on": "2025-12-31"}).json()
    assert earlier["rows"] == []

    listed = api.get("/api/documents", params={"kind": "order", "q": "b-77"}).json()
    assert [d["number"] for d in listed["items"]] == ["AB000001"]
    actions = [e["action"] for e in api.get(f"/api/documents/{invoice['id']}/audit").json()]
    assert actions == ["convert", "post"]


def test_editing_a_delivery_note_line_moves_the_stock_with_it(api):
    customer, pump = _setup(api)
    note = api.post("/api/documents", json={"kind": "delivery_note", "customer_id": customer["id"],
                                            "lines": [{"article_id": pump["id"], "quantity": "2"}]}).json()
    line = note["lines"][0]
    changed = api.patch(f"/api/documents/{note['id']}", json={"lines": [{"id": line["id"], "quantity": "4"}]})
    assert changed.status_code == 200, changed.text
    assert api.get(f"/api/stock/articles/{pump['id']}").json()["on_hand"] == "1.0000"
    too_much = api.patch(f"/api/documents/{note['id']}", json={"lines": [{"id": line["id"], "quantity": "6"}]})
    assert too_much.status_code == 409 and "only 5 on hand in warehouse HL, 6 asked for" in too_much.json()["detail"]
    api.patch(f"/api/documents/{note['id']}", json={"lines": []})
    ledger = api.get(f"/api/stock/articles/{pump['id']}").json()
    assert ledger["on_hand"] == "5.0000" and [m["symbol"] for m in ledger["movements"]] == ["AB"]


def test_bad_documents_are_refused_with_field_and_rule(api):
    customer, pump = _setup(api)
    answer = api.post("/api/documents", json={"kind": "order", "customer_id": customer["id"],
                                              "lines": [{"article_id": pump["id"], "quantity": "-1"}]})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "lines.0.quantity"
    answer = api.post("/api/documents", json={"kind": "order", "customer_id": 999999, "lines": []})
    assert answer.status_code == 422 and answer.json()["errors"][0]["rule"] == "exists"
    answer = api.post("/api/documents", json={"kind": "fax", "customer_id": customer["id"]})
    assert answer.status_code == 422 and answer.json()["errors"][0]["field"] == "kind"
    assert api.get("/api/documents").json()["total"] == 0
    second = api.post("/api/stock/opening", json={"article_id": pump["id"], "quantity": "1", "on": "2026-01-02"})
    assert second.status_code == 409
    assert Decimal(api.get(f"/api/stock/articles/{pump['id']}").json()["on_hand"]) == 5


def test_amounts_read_the_same_in_the_answer_to_a_create_and_when_read_again(api):
    customer, pump = _setup(api)
    created = api.post("/api/documents", json={"kind": "quote", "customer_id": customer["id"],
                                               "lines": [{"article_id": pump["id"], "quantity": "3"}]}).json()
    again = api.get(f"/api/documents/{created['id']}").json()
    for field in ("lines_net", "net_total", "tax_total", "gross_total"):
        assert created[field] == again[field], field
    assert created["gross_total"] == "357.0000"


def test_a_negative_unit_price_needs_its_own_permission(http, company):
    """A clerk typing a negative price is refused, naming the line's field; an admin may, and
    a clerk may still change another field of that document."""
    from kontor.testing import api_as

    admin = api_as(http, company, "admin")
    clerk = api_as(http, company, "clerk")
    customer = admin.post("/api/customers", json={"name1": "Bau GmbH", "short_name": "BAU"}).json()
    line = {"description": "Gutschrift Montage", "article_type": "L", "quantity": "1", "unit_price": "-50.00"}
    quote = {"kind": "quote", "customer_id": customer["id"], "lines": [line]}
    refused = clerk.post("/api/documents", json=quote)
    assert refused.status_code == 422, refused.text
    assert [(e["field"], e["rule"]) for e in refused.json()["errors"]] == [("lines.0.unit_price", "permission")]
    assert clerk.get("/api/documents").json()["total"] == 0
    made = admin.post("/api/documents", json=quote)
    assert made.status_code == 201, made.text
    document = made.json()
    kept = [{"id": document["lines"][0]["id"], **line, "quantity": "2"}]
    assert clerk.patch(f"/api/documents/{document['id']}", json={"lines": kept}).status_code == 200
    lowered = [{**kept[0], "unit_price": "-80.00"}]
    assert clerk.patch(f"/api/documents/{document['id']}", json={"lines": lowered}).status_code == 422
