"""The purchase flow over HTTP, as a buyer and a warehouse clerk work it in a day: order from
Huber, look at what is on order and late, receive part of it into blocked stock, release it
after inspection, check it commercially, send a faulty valve back, enter and book Huber's
invoice once its sums agree. Bad input gets problem details naming field and rule."""

from decimal import Decimal

from kontor.testing import api_as
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


def test_order_receive_release_check_return_and_invoice_over_http(api, company):
    world = purchase_world(company)
    created = api.post("/api/purchasing/orders", json={
        "supplier_id": world["huber"], "doc_date": "2026-03-02",
        "lines": [{"article_id": world["pipe"], "quantity": "100"},
                  {"article_id": world["valve"], "quantity": "20", "delivery_date": "2026-03-05"}]})
    assert created.status_code == 201, created.text
    order = created.json()
    assert (order["number"], order["kind"], D(order["net_total"])) == ("BE000001", "purchase_order", D("670"))
    pipe_line, valve_line = [line["id"] for line in order["lines"]]
    assert order["lines"][1]["status"]["expected_date"] == "2026-03-05"

    on = api.get("/api/purchasing/on-order", params={"article_id": [world["pipe"], world["valve"]]}).json()
    assert [(row["article_id"], D(row["quantity"])) for row in on] == [(world["pipe"], D("100")), (world["valve"], D("20"))]
    late = api.get("/api/purchasing/overdue", params={"on": "2026-03-08"}).json()
    assert [(s["supplier_number"], [(l["article_number"], l["days_late"]) for l in s["lines"]]) for s in late] == [
        ("70001", [("HV-12", 3), ("CU-15", 1)])]

    received = api.post("/api/purchasing/receipts", headers={"Idempotency-Key": "we-2026-03-09-huber"}, json={
        "doc_date": "2026-03-09", "delivery_note_number": "LS-4711",
        "lines": [{"source_line_id": pipe_line, "quantity": "60"}, {"source_line_id": valve_line}]})
    assert received.status_code == 201, received.text
    again = api.post("/api/purchasing/receipts", headers={"Idempotency-Key": "we-2026-03-09-huber"}, json={
        "doc_date": "2026-03-09", "delivery_note_number": "LS-4711",
        "lines": [{"source_line_id": pipe_line, "quantity": "60"}, {"source_line_id": valve_line}]})
    receipt = received.json()
    assert again.json()["id"] == receipt["id"]  # a retried request doubles nothing
    assert receipt["state"] == "blocked"
    assert [D(l["status"]["blocked"]) for l in receipt["lines"]] == [D("60"), D("20")]
    pipe_in, valve_in = [line["id"] for line in receipt["lines"]]

    too_much = api.post(f"/api/purchasing/receipts/{receipt['id']}/release",
                        json={"lines": [{"line_id": pipe_in, "quantity": "61"}]})
    assert too_much.status_code == 422
    assert (too_much.json()["errors"][0]["field"], too_much.json()["errors"][0]["rule"]) == (
        "lines.0.quantity", "not_above_blocked")
    released = api.post(f"/api/purchasing/receipts/{receipt['id']}/release", json={"on": "2026-03-10"}).json()
    assert released["state"] == "released" and [D(l["status"]["released"]) for l in released["lines"]] == [
        D("60"), D("20")]
    stock = api.get(f"/api/stock/articles/{world['pipe']}").json()
    assert D(stock["on_hand"]) == D("60")

    checked = api.post(f"/api/purchasing/receipts/{receipt['id']}/check", json={
        "on": "2026-03-11", "lines": [{"line_id": pipe_in, "unit_price": "4.30"}],
        "quality_grade": "B", "delivery_date_grade": "C", "quantity_grade": "B"})
    assert checked.status_code == 200, checked.text
    assert checked.json()["check"]["grade"] == "B"
    pipe = api.get(f"/api/articles/{world['pipe']}").json()
    assert D(pipe["average_cost"]) == D("4.3000")  # no stock before: the first receipt's price
    assert api.get(f"/api/suppliers/{world['huber']}").json()["rating"] == "B"

    back = api.post("/api/purchasing/returns", json={"reason": "undicht",
                                                     "lines": [{"receipt_line_id": valve_in, "quantity": "1"}]})
    assert back.status_code == 201 and back.json()["number"] == "RS000001"
    too_many = api.post("/api/purchasing/returns", json={"lines": [{"receipt_line_id": valve_in, "quantity": "20"}]})
    assert too_many.status_code == 422 and too_many.json()["errors"][0]["rule"] == "not_above_received"

    # 60 x 4.30 + 19 x 12.50 + freight 12.00 = 507.50 net, 96.43 VAT, 603.93 gross
    entered = api.post("/api/purchasing/invoices", json={
        "receipt_ids": [receipt["id"]], "supplier_invoice_number": "R-118", "supplier_invoice_date": "2026-03-31",
        "net_amount": "507.50", "tax_amount": "96.43", "gross_amount": "603.39",
        "extras": [{"kind": "freight", "text": "Fracht", "amount": "12.00"}]})
    assert entered.status_code == 201, entered.text
    invoice = entered.json()
    assert invoice["state"] == "draft" and invoice["entry"]["supplier_invoice_number"] == "R-118"
    check = api.get(f"/api/purchasing/invoices/{invoice['id']}/sum-check").json()
    assert (check["agrees"], D(check["differences"]["gross_amount"])) == (False, D("-0.54"))
    refused = api.post(f"/api/purchasing/invoices/{invoice['id']}/book")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "gross_amount"
    fixed = api.patch(f"/api/purchasing/invoices/{invoice['id']}", json={"gross_amount": "603.93"})
    assert fixed.status_code == 200 and D(fixed.json()["differences"]["gross_amount"]) == 0
    booked = api.post(f"/api/purchasing/invoices/{invoice['id']}/book")
    assert booked.status_code == 200 and (booked.json()["number"], booked.json()["state"]) == ("ER000001", "posted")
    assert api.post(f"/api/purchasing/invoices/{invoice['id']}/book").status_code == 409

    listed = api.get("/api/purchasing/documents", params={"kind": "goods_receipt", "q": "4711"}).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == receipt["id"]
    # the sales endpoints make no purchase documents
    assert api.post("/api/documents/convert", json={"target": "goods_receipt",
                                                    "source_document_ids": [order["id"]]}).status_code == 422
    assert_ledger_holds(company)


def test_blanket_call_off_and_permissions_over_http(api, http, company):
    world = purchase_world(company)
    blanket = api.post("/api/purchasing/orders", json={
        "supplier_id": world["huber"], "kind": "blanket_order",
        "lines": [{"article_id": world["pipe"], "quantity": "500", "unit_price": "3.95"}]}).json()
    frame_line = blanket["lines"][0]["id"]
    first = api.post(f"/api/purchasing/blanket-orders/{blanket['id']}/call-offs",
                     json={"lines": [{"blanket_line_id": frame_line, "quantity": "300"}]})
    assert first.status_code == 201 and first.json()["variant"] == "call_off"
    beyond = api.post(f"/api/purchasing/blanket-orders/{blanket['id']}/call-offs",
                      json={"lines": [{"blanket_line_id": frame_line, "quantity": "201"}]})
    assert beyond.status_code == 422 and beyond.json()["errors"][0]["field"] == "lines.0.quantity"
    shrink = api.patch(f"/api/purchasing/orders/{blanket['id']}",
                       json={"lines": [{"line_id": frame_line, "quantity": "299"}]})
    assert shrink.status_code == 422 and shrink.json()["errors"][0]["rule"] == "not_below_called_off"
    grown = api.patch(f"/api/purchasing/orders/{blanket['id']}",
                      json={"lines": [{"line_id": frame_line, "quantity": "600", "delivery_date": "2026-12-31"}]})
    assert grown.status_code == 200 and D(grown.json()["net_total"]) == D("2370")
    frame = api.get(f"/api/purchasing/documents/{blanket['id']}").json()
    assert (D(frame["lines"][0]["status"]["called_off"]), D(frame["lines"][0]["status"]["left"])) == (
        D("300"), D("300"))
    assert frame["lines"][0]["status"]["expected_date"] == "2026-12-31"
    assert [D(row["quantity"]) for row in api.get("/api/purchasing/on-order").json()] == [D("300")]
    done = api.post(f"/api/purchasing/documents/{first.json()['id']}/done")
    assert done.status_code == 200 and done.json()["done"] is True
    assert api.get("/api/purchasing/on-order").json() == []
    assert api.post(f"/api/purchasing/documents/{first.json()['id']}/undone").json()["done"] is False
    cancelled = api.post(f"/api/purchasing/orders/{first.json()['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert api.get("/api/purchasing/on-order").json() == []

    viewer = api_as(http, company, "viewer")
    assert viewer.get("/api/purchasing/documents").status_code == 200
    assert viewer.post("/api/purchasing/orders", json={
        "supplier_id": world["huber"], "lines": [{"article_id": world["pipe"], "quantity": "1"}]}).status_code == 403
    bad = api.post("/api/purchasing/orders", json={"supplier_id": world["huber"], "kind": "goods_receipt",
                                                   "lines": [{"article_id": world["pipe"], "quantity": "1"}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


def test_inquiries_and_price_comparison_over_http(api, company):
    world = purchase_world(company)
    asked = api.post("/api/purchasing/inquiries", json={
        "supplier_ids": [world["huber"], world["kurz"]], "delivery_date": "2026-04-01",
        "lines": [{"article_id": world["valve"], "quantity": "10"}]})
    assert asked.status_code == 201, asked.text
    huber, kurz = asked.json()
    for inquiry, price in ((huber, "12.40"), (kurz, "11.95")):
        offered = api.post(f"/api/purchasing/inquiries/{inquiry['id']}/offer",
                           json={"lines": [{"line_id": inquiry["lines"][0]["id"], "unit_price": price}]})
        assert offered.status_code == 200 and offered.json()["state"] == "offered"
    comparison = api.get(f"/api/purchasing/inquiries/{huber['id']}/comparison").json()
    assert [(o["supplier_number"], o["cheapest"]) for o in comparison[0]["offers"]] == [("70001", False),
                                                                                      ("70002", True)]
    ordered = api.post(f"/api/purchasing/inquiries/{kurz['id']}/order", json={"doc_date": "2026-03-05"})
    assert ordered.status_code == 201 and D(ordered.json()["lines"][0]["unit_price"]) == D("11.95")
    assert api.get(f"/api/purchasing/documents/{huber['id']}").json()["state"] == "declined"
    duplicate = api.post("/api/purchasing/inquiries", json={
        "supplier_ids": [world["huber"], world["huber"]], "lines": [{"article_id": world["valve"], "quantity": "1"}]})
    assert duplicate.status_code == 422 and duplicate.json()["errors"][0]["field"] == "supplier_ids.1"
