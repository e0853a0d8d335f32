"""The availability screen, reservations, the material plan and reorder proposals driven
over HTTP, the way the client of the clerk's screen does it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import verify_reservations
from kontor.testing import api_as
from tests.scenarios.planning_shop import build_shop, order_for, purchase_order

D = Decimal
TODAY = date.today()


@pytest.fixture
def shop(company):
    return build_shop(company)


def test_availability_basket_and_reservations_over_http(api, company, shop):
    """The clerk looks at the pump, puts 12 in the basket as an order, reserves the order,
    sees the reservation in the availability and releases part of it."""
    answer = api.get(f"/api/stock/availability/{shop['pump']}",
                     params={"customer_id": shop["customer"], "quantity": "2", "sales_since": "2026-01-01"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["on_hand"], body["available"], body["warehouses"][0]["code"]) == ("20.0000", "20.0000", "HL")
    assert body["prices"]["list_price"] == "189.0000" and body["sales"]["quantity"] == "0.0000"
    assert (body["on"], body["available_on"], body["incoming"]) == (None, None, [])
    purchase_order(company, shop, "nord", [("pump", "10")], TODAY + timedelta(days=5))
    later = api.get(f"/api/stock/availability/{shop['pump']}", params={"on": str(TODAY + timedelta(days=6))}).json()
    assert (later["available_on"], later["incoming"][0]["open_quantity"]) == ("30.0000", "10.0000")

    made = api.post("/api/stock/availability/basket", json={
        "customer_id": shop["customer"], "kind": "order", "lines": [{"article_id": shop["pump"], "quantity": "12"}]})
    assert made.status_code == 201, made.text
    order_id = made.json()["id"]

    reserved = api.post(f"/api/reservations/orders/{order_id}", json={"delivery_date": str(TODAY + timedelta(days=3))})
    assert reserved.status_code == 200, reserved.text
    (line,) = reserved.json()["lines"]
    assert (line["from_stock"], line["missing"], reserved.json()["missing"]) == ("12.0000", "0.0000", False)

    listed = api.get("/api/reservations", params={"order_id": order_id}).json()
    assert [(r["quantity"], r["source"]) for r in listed] == [("12.0000", "stock")]
    body = api.get(f"/api/stock/availability/{shop['pump']}", params={"prices": "false"}).json()
    assert (body["reserved"], body["available"], body["prices"]) == ("12.0000", "8.0000", None)
    assert body["reservations"][0]["customer_name"] == "Sanitär Huber KG"

    for _ in range(2):  # a retried release with its key releases once
        released = api.post(f"/api/reservations/{listed[0]['id']}/release", json={"quantity": "2"},
                            headers={"Idempotency-Key": "release-2-pumps"})
        assert released.status_code == 200 and released.json()["remaining"]["quantity"] == "10.0000"

    too_much = api.post("/api/reservations", json={"article_id": shop["pump"], "quantity": "11", "note": "Messe"})
    assert too_much.status_code == 409 and "only 10 free" in too_much.text
    bad = api.post("/api/reservations", json={"article_id": shop["pump"], "quantity": "1"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "note"
    retry = {"Idempotency-Key": "messe-2026-pumpe"}
    planned = api.post("/api/reservations", json={"article_id": shop["pump"], "quantity": "1", "note": "Messe"},
                       headers=retry)
    assert planned.status_code == 201 and planned.json()["order_line_id"] is None
    again = api.post("/api/reservations", json={"article_id": shop["pump"], "quantity": "1", "note": "Messe"},
                     headers=retry)
    assert again.status_code == 201 and again.json()["id"] == planned.json()["id"]
    assert len(api.get("/api/reservations", params={"article_id": shop["pump"]}).json()) == 2
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == [] and verify_reservations(session, ctx.tenant_id) == []


def test_reorder_proposal_over_http(api, company, shop):
    """A proposal below the reorder level, edited and ordered; the plan and an order's
    shortage make proposals too."""
    made = api.post("/api/purchasing/proposals", json={"trigger": "minimum", "fill": "fixed"})
    assert made.status_code == 201, made.text
    proposal = made.json()
    assert [(l["article_number"], l["quantity"]) for l in proposal["lines"]] == [("TV-12", "25.0000")]
    assert [(s["supplier_name"], s["lines"], s["net_value"], s["ordered"]) for s in proposal["suppliers"]] == [
        ("Heizungsgroßhandel Nord", 1, "245.0000", False)]
    line_id = proposal["lines"][0]["id"]
    changed = api.patch(f"/api/purchasing/proposals/{proposal['id']}/lines/{line_id}", json={"quantity": "30"})
    assert changed.status_code == 200 and changed.json()["lines"][0]["quantity"] == "30.0000"
    added = api.post(f"/api/purchasing/proposals/{proposal['id']}/lines",
                     json={"article_id": shop["radiator"], "quantity": "2"})
    assert added.status_code == 201 and len(added.json()["lines"]) == 2
    bad = api.patch(f"/api/purchasing/proposals/{proposal['id']}/lines/{line_id}", json={"quantity": "0"})
    assert bad.status_code == 422
    ordered = api.post(f"/api/purchasing/proposals/{proposal['id']}/order", json={})
    assert ordered.status_code == 200, ordered.text
    assert sorted(o["supplier_id"] for o in ordered.json()["purchase_orders"]) == sorted([shop["nord"], shop["sued"]])
    again = api.post(f"/api/purchasing/proposals/{proposal['id']}/order", json={})
    assert again.status_code == 409
    read = api.get(f"/api/purchasing/proposals/{proposal['id']}").json()
    assert read["state"] == "ordered" and all(l["purchase_order_id"] for l in read["lines"])

    # the 2 radiators just ordered come in Süd's 10 days: too late for a delivery in 3 days
    order_id, _ = order_for(company, shop, [("radiator", "5")], delivery_date=TODAY + timedelta(days=3))
    for_order = api.post(f"/api/purchasing/proposals/from-order/{order_id}", json={"supplier_id": shop["nord"]})
    assert for_order.status_code == 201, for_order.text
    assert [(l["quantity"], l["supplier_id"]) for l in for_order.json()["lines"]] == [("5.0000", shop["nord"])]
    plan = {row["article_number"]: row for row in api.get("/api/reservations/plan").json()}
    assert plan["HK-600"]["open_demand"] == "5.0000" and plan["HK-600"]["on_order"] == "2.0000"
    from_plan = api.post("/api/purchasing/proposals/from-plan", json={})
    assert from_plan.status_code == 201, from_plan.text
    assert {l["article_number"]: l["quantity"] for l in from_plan.json()["lines"]}["HK-600"] == "3.0000"
    assert api.get("/api/purchasing/proposals/999999").status_code == 404


def test_a_viewer_may_look_but_not_reserve(http, company, shop):
    viewer = api_as(http, company, "viewer")
    assert viewer.get(f"/api/stock/availability/{shop['pump']}").status_code == 200
    refused = viewer.post("/api/reservations", json={"article_id": shop["pump"], "quantity": "1", "note": "x"})
    assert refused.status_code == 403
    assert viewer.post("/api/purchasing/proposals", json={}).status_code == 403
