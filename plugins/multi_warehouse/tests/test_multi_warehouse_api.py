"""The plugin over HTTP and on the command line; a tenant without it keeps one warehouse."""

from __future__ import annotations

from decimal import Decimal

from kontor.api import DocumentCreate, LineInput, create_document
from kontor.testing import api_as

from multi_warehouse_world import DAY, assert_ledger_holds, levels, make_world, moves_of

from kontor_multi_warehouse.choices import CreateWithChoice, create_with_choice

BASE = "/api/multi_warehouse"
D = Decimal


def test_routes_answer_404_until_enabled_and_the_core_keeps_one_warehouse_without_the_plugin(api, company):
    """Without the plugin the routes are not there and a delivery note books out of the one
    default warehouse, as the core does; once enabled, the warehouse list shows it."""
    w = make_world(company, enable=False)
    assert api.get(f"{BASE}/warehouses").status_code == 404
    assert api.post(f"{BASE}/transfers", json={}).status_code == 404
    with company.write() as (session, ctx):
        note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=w["bau"], doc_date=DAY,
                                                            lines=[LineInput(article_id=w["pump"], quantity=D("2"))]))
    assert moves_of(company, note.id) == [(w["hl"], "", D("-2"), "LS")]
    company.enable("multi_warehouse")
    answer = api.get(f"{BASE}/warehouses")
    assert answer.status_code == 200 and [i["code"] for i in answer.json()["items"]] == ["HL"]
    assert_ledger_holds(company)


def test_warehouses_locations_transfer_and_stock_list_over_http(api, company):
    """Over HTTP the clerk adds warehouse SUED with location S-1, transfers 4 pumps there
    (retrying with the same idempotency key transfers once) and reads the stock per warehouse
    and location; a bad transfer names field and rule, too much is a conflict."""
    w = make_world(company)
    sued = api.post(f"{BASE}/warehouses", json={"code": "SUED", "name": "Lager Süd"})
    assert sued.status_code == 201, sued.text
    sued_id = sued.json()["id"]
    assert api.post(f"{BASE}/locations", json={"warehouse_id": sued_id, "code": "S-1"}).status_code == 201
    body = {"article_id": w["pump"], "quantity": "4", "from_warehouse_id": w["hl"], "to_warehouse_id": sued_id,
            "to_location": "S-1", "moved_on": DAY.isoformat()}
    first = api.post(f"{BASE}/transfers", json=body, headers={"Idempotency-Key": "ub-1"})
    again = api.post(f"{BASE}/transfers", json=body, headers={"Idempotency-Key": "ub-1"})
    assert first.status_code == 201, first.text
    assert again.json()["number"] == first.json()["number"] == f"UB-{first.json()['id']}"
    assert levels(company, w["pump"]) == {w["hl"]: D("16"), sued_id: D("4")}

    bad = api.post(f"{BASE}/transfers", json={**body, "to_location": "S-9"})
    assert bad.status_code == 422
    assert [(e["field"], e["rule"]) for e in bad.json()["errors"]] == [("to_location", "exists")]
    assert api.post(f"{BASE}/transfers", json={**body, "quantity": "17"}).status_code == 409

    stock = api.get(f"{BASE}/stock", params={"article_id": w["pump"]}).json()
    [pump] = stock["items"]
    places = {x["warehouse_code"]: [(p["location"], D(p["quantity"])) for p in x["locations"]]
              for x in pump["warehouses"]}
    assert places == {"HL": [("", D("16"))], "SUED": [("S-1", D("4"))]}
    assert D(pump["on_hand"]) == D("20") and D(pump["at_customers"]) == D("0")
    assert api.get(f"{BASE}/transfers", params={"article_id": w["pump"]}).json()["total"] == 1
    assert_ledger_holds(company)


def test_consignment_delivery_invoice_and_drop_shipment_over_http(api, company):
    """A consignment delivery note to Bau, his consignment stock, the consignment invoice
    for what he used, and a drop shipment of an order - all over HTTP."""
    w = make_world(company)
    note = api.post(f"{BASE}/consignment/delivery-notes", json={
        "customer_id": w["bau"], "doc_date": DAY.isoformat(), "warehouse_id": w["hl"],
        "lines": [{"article_id": w["pump"], "quantity": "3"}]})
    assert note.status_code == 201, note.text
    assert note.json()["variant"] == "consignment"
    stock = api.get(f"{BASE}/consignment/{w['bau']}/stock").json()
    assert [(i["article_number"], D(i["quantity"])) for i in stock["items"]] == [("P-1", D("3"))]
    assert [c["warehouse_code"] for c in api.get(f"{BASE}/consignment").json()] == ["K-10001"]
    where = api.get(f"{BASE}/documents/{note.json()['id']}/stock").json()
    assert [(m["warehouse_code"], m["symbol"], D(m["quantity"])) for m in where["moves"]] == [
        ("HL", "KL", D("-3")), ("K-10001", "KL", D("3"))]

    invoice = api.post(f"{BASE}/consignment/invoices", json={
        "customer_id": w["bau"], "lines": [{"article_id": w["pump"], "quantity": "1", "unit_price": "110"}]})
    assert invoice.status_code == 201, invoice.text
    assert invoice.json()["state"] == "posted" and D(invoice.json()["net_total"]) == D("110")
    too_much = api.post(f"{BASE}/consignment/invoices", json={
        "customer_id": w["bau"], "lines": [{"article_id": w["pump"], "quantity": "5"}]})
    assert too_much.status_code == 409
    bad = api.post(f"{BASE}/consignment/invoices", json={
        "customer_id": w["bau"], "lines": [{"article_id": w["pump"], "quantity": "-1"}]})
    assert bad.status_code in (400, 422)

    order = api.post("/api/documents", json={"kind": "order", "customer_id": w["holz"],
                                             "lines": [{"article_id": w["valve"], "quantity": "50"}]}).json()
    drop = api.post(f"{BASE}/orders/{order['id']}/drop-shipment", json={})
    assert drop.status_code == 201, drop.text
    assert drop.json()["variant"] == "drop_shipment" and moves_of(company, drop.json()["id"]) == []
    wrong = api.put(f"{BASE}/documents/{drop.json()['id']}/stock", json={"warehouse_id": 999999})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["rule"] == "exists", wrong.text
    assert_ledger_holds(company)


def test_a_viewer_reads_stock_but_cannot_transfer_and_other_tenants_see_nothing(http, company, other_company):
    """A viewer reads the stock list but may not transfer (403, nothing moved); a company
    without the plugin does not see the routes."""
    w = make_world(company)
    viewer = api_as(http, company, "viewer")
    assert viewer.get(f"{BASE}/stock").status_code == 200
    denied = viewer.post(f"{BASE}/transfers", json={"article_id": w["pump"], "quantity": "1",
                                                    "from_warehouse_id": w["hl"], "to_warehouse_id": w["nord"]})
    assert denied.status_code == 403
    assert api_as(http, other_company, "admin").get(f"{BASE}/stock").status_code == 404
    assert levels(company, w["pump"]) == {w["hl"]: D("20")}


def test_the_command_line_adds_warehouses_and_locations_transfers_and_lists_stock(company):
    """`kontor multi-warehouse` adds warehouse OST with location O-1, transfers 3 pumps there,
    lists the stock per warehouse and location, and what lies at Bau on consignment."""
    w = make_world(company)

    def run(*args):
        result = company.cli("multi-warehouse", *args)
        assert result.exit_code == 0, result.output
        return result.output

    assert "warehouse OST added" in run("add-warehouse", "OST", "Lager Ost")
    assert "location O-1 added to warehouse OST" in run("add-location", "OST", "O-1", "--default")
    assert "3 x P-1 from HL to OST:O-1" in run("transfer", "P-1", "3", "--from", "HL", "--to", "OST:O-1")
    listing = run("stock", "--article", "P-1")
    assert "OST" in listing and "O-1" in listing
    assert "OST" in run("warehouses")
    with company.write() as (session, ctx):
        create_with_choice(session, ctx, CreateWithChoice(mode="consignment", document=DocumentCreate(
            kind="delivery_note", customer_id=w["bau"], doc_date=DAY,
            lines=[LineInput(article_id=w["valve"], quantity=D("2"))])))
    listing = run("consignment")
    assert "K-10001" in listing and "V-1" in listing
    assert_ledger_holds(company)
