"""The credit desk over HTTP and on the command line: a refused order shows its figures and
the proposed actions; a warning is readable on the document; the desk blocks, raises the
limit, holds and releases orders."""

from decimal import Decimal

from click.testing import CliRunner

from kontor.cli import State, main
from kontor.testing import api_as
from tests.scenarios.credit_risk_shop import make_shop

D = Decimal


def order_json(shop, hours: str) -> dict:
    return {"kind": "order", "customer_id": shop.customer_id,
            "lines": [{"article_id": shop.article_id, "quantity": hours}]}


def test_over_the_limit_the_api_answers_409_with_figures_and_the_proposed_actions(api, company):
    shop = make_shop(company)
    refused = api.post("/api/documents", json=order_json(shop, "9"))
    assert refused.status_code == 409
    body = refused.json()
    assert "customer 30001 (BRANDL)" in body["detail"] and "1,000.00 EUR" in body["detail"]
    assert "1,071.00 EUR" in body["detail"]
    assert body["credit_check"]["outcome"] == "over"
    assert (D(body["credit_check"]["risk"]), D(body["credit_check"]["credit_limit"])) == (D("1071.00"), D("1000"))
    assert {a["action"]: a["path"] for a in body["actions"]} == {
        "block_customer": f"/api/customers/{shop.customer_id}/credit/block",
        "redefine_limit": f"/api/customers/{shop.customer_id}/credit/limit",
        "hold_orders": f"/api/customers/{shop.customer_id}/credit/hold-orders",
    }
    assert api.get("/api/documents?kind=order").json()["total"] == 0  # nothing was saved


def test_a_warning_is_kept_on_the_document_and_the_credit_status_shows_every_part(api, company):
    shop = make_shop(company)
    order = api.post("/api/documents", json=order_json(shop, "8"))
    assert order.status_code == 201
    check = api.get(f"/api/documents/{order.json()['id']}/credit-check").json()
    assert (check["outcome"], D(check["risk"]), D(check["document_amount"])) == ("warning", D("952.00"), D("952.00"))
    status = api.get(f"/api/customers/{shop.customer_id}/credit").json()
    assert (D(status["open_orders"]), D(status["risk"]), D(status["available"]), status["outcome"]) == (
        D("952.00"), D("952.00"), D("48.00"), "warning")


def test_the_desk_raises_the_limit_blocks_and_holds_over_http(api, http, company):
    shop = make_shop(company)
    customer = shop.customer_id
    assert api.post("/api/documents", json=order_json(shop, "8")).status_code == 201

    clerk = api_as(http, company, "clerk")
    assert clerk.put(f"/api/customers/{customer}/credit/limit", json={"credit_limit": "5000"}).status_code == 403
    raised = api.put(f"/api/customers/{customer}/credit/limit", json={"credit_limit": "2000", "note": "Sicherheit"})
    assert (raised.status_code, D(raised.json()["credit_limit"])) == (200, D("2000"))
    assert api.put(f"/api/customers/{customer}/credit/limit", json={"credit_limit": "-5"}).status_code == 422
    assert api.post("/api/documents", json=order_json(shop, "8")).status_code == 201  # 1,904.00

    assert api.post(f"/api/customers/{customer}/credit/hold-orders", json={"note": "Einzelfreigabe"}).json()[
        "hold_orders"] is True
    held = api.post("/api/documents", json=order_json(shop, "1"))  # 2,023.00: over, held
    assert held.status_code == 201
    assert api.get(f"/api/documents/{held.json()['id']}/credit-check").json()["outcome"] == "held"
    (hold,) = api.get(f"/api/credit-holds?customer_id={customer}").json()
    assert hold["document_id"] == held.json()["id"]
    convert = api.post(f"/api/documents/{held.json()['id']}/convert", json={"target": "delivery_note"})
    assert convert.status_code == 409 and "credit hold" in convert.json()["detail"]
    assert clerk.post(f"/api/credit-holds/{hold['id']}/release", json={}).status_code == 403
    released = api.post(f"/api/credit-holds/{hold['id']}/release", json={"note": "bezahlt"})
    assert (released.status_code, released.json()["state"]) == (200, "released")
    assert api.get(f"/api/credit-holds?customer_id={customer}").json() == []
    assert len(api.get(f"/api/credit-holds?customer_id={customer}&state=").json()) == 1
    assert api.post(f"/api/documents/{held.json()['id']}/convert", json={"target": "delivery_note"}).status_code == 201
    assert api.delete(f"/api/customers/{customer}/credit/hold-orders").json()["hold_orders"] is False

    blocked = api.post(f"/api/customers/{customer}/credit/block", json={"note": "Insolvenzgerüchte"}).json()
    assert blocked["blocked"] is True and "credit limit 2,000.00 EUR" in blocked["blocked_reason"]
    refused = api.post("/api/documents", json=order_json(shop, "1"))
    assert refused.status_code == 409 and "is blocked: credit check" in refused.json()["detail"]
    assert api.post(f"/api/customers/{customer}/credit/unblock").json()["blocked"] is False


def test_settings_over_http(api, http, company):
    assert api.get("/api/credit-risk/settings").json()["warning_percent"] in ("90", "90.0000", 90)
    changed = api.put("/api/credit-risk/settings", json={"warning_percent": "80", "count_open_items": False})
    assert changed.status_code == 200 and changed.json()["count_open_items"] is False
    assert api.put("/api/credit-risk/settings", json={"warning_percent": "120"}).status_code == 422
    assert api_as(http, company, "clerk").put("/api/credit-risk/settings", json={}).status_code == 403


def test_the_credit_desk_on_the_command_line(company, kontor_system):
    make_shop(company)

    def invoke(*args: str) -> str:
        result = CliRunner().invoke(main, ["--tenant", company.code, "risk", *args], obj=State(kontor=kontor_system),
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "limit 1000.0000 (own), risk 0.00" in invoke("status", "30001")
    assert "limit 3000.0000 (own)" in invoke("limit", "30001", "3000", "--note", "Sicherheit")
    assert "orders over the limit go on credit hold" in invoke("hold-orders", "30001")
    assert "blocked: credit check" in invoke("block", "30001", "--note", "Mahnstufe 3")
    assert "blocked" not in invoke("unblock", "30001")
    assert "warning_percent: 75" in invoke("settings", "--warning-percent", "75", "--no-open-orders")
    assert "0 credit hold(s)" in invoke("holds", "--customer", "30001")
    assert "limit 10000" in invoke("limit", "30001", "default")


def test_another_companys_customer_is_out_of_reach(api, company, other_company):
    theirs = make_shop(other_company)
    assert api.get(f"/api/customers/{theirs.customer_id}/credit").status_code == 404
    assert api.post(f"/api/customers/{theirs.customer_id}/credit/block", json={}).status_code == 404
    assert api.put(f"/api/customers/{theirs.customer_id}/credit/limit", json={"credit_limit": "1"}).status_code == 404
    with other_company.read() as (session, ctx):
        from kontor.core.masterdata.parties.models import Customer

        customer = session.get(Customer, theirs.customer_id)
        assert (customer.blocked, customer.credit_limit) == (False, D("1000"))
