"""The routes of kontor.web.api.returns, mounted on a small app of their own (the lead wires
them into kontor.web.app)."""

from datetime import date
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.stock.queries import on_hand
from kontor.testing import ApiClient
from kontor.web.problems import EXCEPTION_HANDLERS
from kontor.web.api.returns import HANDLERS
from tests.scenarios.test_returns import count, deliver, shop  # noqa: F401  (fixture)

D = Decimal


@pytest.fixture
def client(kontor_system):
    app = Litestar(route_handlers=HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as test_client:
        yield test_client


def as_role(client, company, role):
    return ApiClient(client, company.token(company.add_user(role)), company.code)


def test_a_return_with_negative_quantities_over_http(client, company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        delivered = deliver(session, ctx, shop["bau"], [LineInput(article_id=shop["pump"], quantity=D("3")),
                                                        LineInput(article_id=shop["book"], quantity=D("2"))],
                            date(2026, 3, 2))
    api = as_role(client, company, "admin")
    body = {"customer_id": shop["bau"], "cash": True, "doc_date": "2026-03-20",
            "lines": [{"article_id": shop["pump"], "quantity": "-2"},
                      {"article_id": shop["book"], "quantity": "-1", "restock": False,
                       "returned_line_id": delivered[1].id}]}
    answer = api.post("/api/returns", json=body, headers={"Idempotency-Key": "return-1"})
    assert answer.status_code == 201, answer.text
    note, credit = answer.json()["return_delivery_note"], answer.json()["credit_note"]
    assert (note["number"], note["variant"], [l["restock"] for l in note["lines"]]) == ("RL000001", "return", [True, False])
    assert [l["returned_line_id"] for l in note["lines"]] == [delivered[0].id, delivered[1].id]
    assert (credit["number"], credit["cash"], credit["state"], D(credit["gross_total"])) == (
        "GS000001", True, "posted", D("259.27"))  # 199.98 + 38.00 VAT, 19.90 + 1.39 VAT
    again = api.post("/api/returns", json=body, headers={"Idempotency-Key": "return-1"})
    assert again.json() == answer.json()

    too_many = api.post("/api/returns", json={**body, "lines": [{"article_id": shop["pump"], "quantity": "-2"}]})
    assert too_many.status_code == 422
    assert [(e["field"], e["rule"]) for e in too_many.json()["errors"]] == [("lines.0.quantity", "not_above_delivered")]
    zero = api.post("/api/returns", json={**body, "lines": [{"article_id": shop["pump"], "quantity": "0"}]})
    assert [(e["field"], e["rule"]) for e in zero.json()["errors"]] == [("lines.0.quantity", "not_zero")]
    clerk = as_role(client, company, "clerk").post("/api/returns", json=body)
    assert clerk.status_code == 403
    with company.read() as (session, ctx):
        assert (count(session, ctx, "return_delivery_note"), on_hand(session, ctx, shop["pump"])) == (1, D("9"))


def test_instant_invoice_correction_copy_and_maintenance_over_http(client, company, shop):  # noqa: F811
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["bau"],
                                                             lines=[LineInput(article_id=shop["pump"], quantity=D("2"))]))
        order_id = order.id
    api = as_role(client, company, "admin")
    invoice = api.post(f"/api/orders/{order_id}/instant-invoice", json={"cash": True})
    assert invoice.status_code == 201, invoice.text
    assert (invoice.json()["number"], invoice.json()["variant"], invoice.json()["cash"]) == ("RE000001", "cash", True)
    invoice_id = invoice.json()["id"]

    line_id = invoice.json()["lines"][0]["id"]
    credit = api.post(f"/api/documents/{invoice_id}/correct", json={"lines": [{"source_line_id": line_id, "quantity": "1"}]})
    assert credit.status_code == 201, credit.text
    assert (credit.json()["number"], credit.json()["corrects_id"], credit.json()["variant"]) == (
        "GS000001", invoice_id, "correction")
    over = api.post(f"/api/documents/{invoice_id}/correct", json={"lines": [{"source_line_id": line_id, "quantity": "2"}]})
    assert over.status_code == 422 and over.json()["errors"][0]["rule"] == "not_above_billed"

    copy = api.post(f"/api/documents/{order_id}/copy", json={"kind": "quote", "customer_id": shop["other"]})
    assert copy.status_code == 201, copy.text
    assert (copy.json()["kind"], copy.json()["customer_id"], copy.json()["lines"][0]["unit_price"]) == (
        "quote", shop["other"], "120.0000")
    maintenance = api.post(f"/api/documents/{order_id}/maintenance-invoice", json={"doc_date": "2026-04-01"})
    assert maintenance.status_code == 201, maintenance.text
    assert (maintenance.json()["variant"], maintenance.json()["number"]) == ("maintenance", None)
    viewer = as_role(client, company, "viewer").post(f"/api/documents/{order_id}/copy", json={})
    assert viewer.status_code == 403
