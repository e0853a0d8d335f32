"""Down payments, the final invoice and the history over HTTP."""

from datetime import date
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from kontor.testing import ApiClient
from kontor.web.api import invoicing as invoicing_api
from kontor.web.problems import EXCEPTION_HANDLERS
from tests.scenarios.test_partial_final_invoices import make_order

D = Decimal


@pytest.fixture
def client(kontor_system, company):
    """The invoicing routes on a small app of their own (the lead wires them into kontor.web.app)."""
    app = Litestar(route_handlers=invoicing_api.HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as http:
        yield ApiClient(http, company.token(company.add_user("admin")), company.code), http


def test_down_payments_and_final_invoice_over_http(company, client):
    api, http = client
    order_id = make_order(company)["order"]
    answer = api.post(f"/api/orders/{order_id}/partial-invoices", json={"percent": "30", "doc_date": "2026-03-05"})
    assert answer.status_code == 201, answer.text
    first = answer.json()
    assert (first["number"], first["kind"], first["order_id"], first["locked"]) == ("TR000001", "partial_invoice",
                                                                                   order_id, True)
    assert D(first["gross_total"]) == D("517.50")
    assert [(D(t["rate"]), D(t["net"]), D(t["tax"])) for t in first["taxes"]] == [(D("7"), D("150.00"), D("10.50")),
                                                                                (D("19"), D("300.00"), D("57.00"))]

    again = api.post(f"/api/orders/{order_id}/partial-invoices", json={"amount": "300.00", "doc_date": "2026-03-20"},
                     headers={"Idempotency-Key": "abschlag-2"})
    repeated = api.post(f"/api/orders/{order_id}/partial-invoices", json={"amount": "300.00", "doc_date": "2026-03-20"},
                        headers={"Idempotency-Key": "abschlag-2"})
    assert again.status_code == repeated.status_code == 201
    assert again.json()["number"] == repeated.json()["number"] == "TR000002"

    too_much = api.post(f"/api/orders/{order_id}/partial-invoices", json={"amount": "750.01"})
    assert too_much.status_code == 422
    assert too_much.json()["errors"] == [{"field": "amount", "rule": "not_above_order", "message": (
        "partial invoices of order AB000001 would bill 1.500,01 net, more than the order's net total of 1.500,00; "
        "at most 750,00 remain")}]

    listed = api.get(f"/api/orders/{order_id}/partial-invoices").json()
    assert [(p["number"], p["doc_date"], D(p["gross_total"])) for p in listed] == [
        ("TR000001", "2026-03-05", D("517.50")), ("TR000002", "2026-03-20", D("345.00"))]

    final = api.post(f"/api/orders/{order_id}/final-invoice", json={"doc_date": "2026-03-31"})
    assert final.status_code == 201, final.text
    assert (final.json()["number"], D(final.json()["gross_total"])) == ("SR000001", D("862.50"))
    second = api.post(f"/api/orders/{order_id}/final-invoice", json={})
    assert second.status_code == 409 and "has its final invoice already" in second.json()["detail"]


def test_history_over_http(company, client):
    api, http = client
    order_id = make_order(company)["order"]
    api.post(f"/api/orders/{order_id}/partial-invoices", json={"amount": "100.00", "doc_date": "2025-12-01"})
    answer = api.post("/api/history/archive", json={"before": date(2026, 1, 1).isoformat()})
    assert answer.status_code == 200 and answer.json() == {"archived": 1}
    clerk = ApiClient(http, company.token(company.add_user("clerk")), company.code)
    refused = clerk.post("/api/history/archive", json={"before": "2026-01-01"})
    assert refused.status_code == 403
    bad = api.post("/api/history/archive", json={})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "before"
