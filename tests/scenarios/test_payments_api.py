"""Payments over HTTP: the bookkeeper enters the bank statement through the API.

A payment of 500,00 settles an invoice with cash discount and half of another; a retry with
the same Idempotency-Key books nothing twice; too much for an item is 422 naming the field;
the rest of the second invoice is written off; a bounced payment is reversed.
"""

from datetime import date
from decimal import Decimal

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from kontor.testing import ApiClient
from kontor.web.api import open_items as open_items_api
from kontor.web.problems import EXCEPTION_HANDLERS
from tests.scenarios.test_payments import make_customer, make_invoice

D = Decimal


@pytest.fixture
def client(kontor_system, company):
    """The open-item routes on a small app of their own (kontor.web.app mounts the same list)."""
    app = Litestar(route_handlers=open_items_api.HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as http:
        yield ApiClient(http, company.token(company.add_user("admin")), company.code), http


def test_entering_reading_and_reversing_payments_over_http(company, client):
    api, http = client
    ids = make_customer(company)
    first = make_invoice(company, ids, date(2026, 3, 2))
    second = make_invoice(company, ids, date(2026, 3, 3))
    body = {"customer_id": ids["customer"], "paid_on": "2026-03-12", "amount": "500.00", "reference": "KA 17",
            "allocations": [{"open_item_id": first, "cash_discount": True},
                            {"open_item_id": second, "amount": "150.14"}]}
    answer = api.post("/api/payments", json=body, headers={"Idempotency-Key": "ka-17"})
    assert answer.status_code == 201, answer.text
    payment = answer.json()
    assert [(a["item_number"], a["kind"], D(a["amount"])) for a in payment["allocations"]] == [
        ("RE000001", "payment", D("349.86")), ("RE000001", "cash_discount", D("7.14")),
        ("RE000002", "payment", D("150.14"))]
    assert D(payment["unallocated"]) == D("0")
    again = api.post("/api/payments", json=body, headers={"Idempotency-Key": "ka-17"})
    assert again.status_code == 201 and again.json()["id"] == payment["id"]
    assert len(api.get("/api/payments", params={"customer_id": ids["customer"]}).json()) == 1

    page = api.get("/api/open-items", params={"customer_id": ids["customer"], "state": "open,partly_paid,paid"}).json()
    assert (page["total"], page["limit"], page["offset"]) == (2, 100, 0)
    items = page["items"]
    assert [(i["number"], i["state"], D(i["open_amount"])) for i in items] == [
        ("RE000001", "paid", D("0.00")), ("RE000002", "partly_paid", D("206.86"))]

    too_much = api.post("/api/payments", json={"customer_id": ids["customer"], "paid_on": "2026-03-20",
                                               "amount": "300.00",
                                               "allocations": [{"open_item_id": second, "amount": "206.87"}]})
    assert too_much.status_code == 422
    assert [(e["field"], e["rule"]) for e in too_much.json()["errors"]] == [("allocations.0.amount",
                                                                            "not_above_open")]
    bad_amount = api.post("/api/payments", json={"customer_id": ids["customer"], "paid_on": "2026-03-20",
                                                 "amount": "-1"})
    assert bad_amount.status_code == 422 and bad_amount.json()["errors"][0]["field"] == "amount"

    written = api.post(f"/api/open-items/{second}/write-off", json={"amount": "0.86", "reason": "Rundung",
                                                                   "on": "2026-03-31"})
    assert written.status_code == 201, written.text
    assert (written.json()["kind"], D(written.json()["amount"])) == ("write_off", D("0.86"))
    clerk = ApiClient(http, company.token(company.add_user("clerk")), company.code)
    assert clerk.post(f"/api/open-items/{second}/write-off", json={"reason": "x"}).status_code == 403
    assert clerk.get("/api/open-items").status_code == 200

    reversed_ = api.post(f"/api/payments/{payment['id']}/reverse", json={"on": "2026-03-25", "reason": "Rückbuchung"})
    assert reversed_.status_code == 201, reversed_.text
    assert D(reversed_.json()["amount"]) == D("-500.00")
    assert api.get(f"/api/payments/{payment['id']}").json()["reversed_by_id"] == reversed_.json()["id"]
    items = api.get("/api/open-items", params={"customer_id": ids["customer"]}).json()["items"]
    assert [(i["number"], i["state"], D(i["open_amount"])) for i in items] == [
        ("RE000001", "open", D("357.00")), ("RE000002", "partly_paid", D("356.14"))]
    twice = api.post(f"/api/payments/{payment['id']}/reverse", json={"reason": "nochmal"})
    assert twice.status_code == 409

    history = api.get(f"/api/open-items/{second}").json()
    assert (history["number"], D(history["open_amount"]), history["state"]) == ("RE000002", D("356.14"),
                                                                                "partly_paid")
    assert [(a["kind"], D(a["amount"]), a["allocated_on"]) for a in history["allocations"]] == [
        ("payment", D("150.14"), "2026-03-12"), ("payment", D("-150.14"), "2026-03-25"),
        ("write_off", D("0.86"), "2026-03-31")]
    assert api.get("/api/open-items/999999").status_code == 404


def test_using_a_credit_over_http(company, client):
    api, _ = client
    ids = make_customer(company)
    first = make_invoice(company, ids, date(2026, 3, 2))
    answer = api.post("/api/payments", json={"customer_id": ids["customer"], "paid_on": "2026-04-10",
                                             "amount": "400.00", "auto_allocate": True})
    assert answer.status_code == 201 and D(answer.json()["unallocated"]) == D("43.00")
    assert answer.json()["allocations"][0]["open_item_id"] == first
    later = make_invoice(company, ids, date(2026, 4, 15))
    used = api.post(f"/api/payments/{answer.json()['id']}/allocations",
                    json={"allocations": [{"open_item_id": later}], "on": "2026-04-16"})
    assert used.status_code == 200, used.text
    assert D(used.json()["unallocated"]) == D("0.00")
    unknown = api.post(f"/api/payments/{answer.json()['id']}/allocations", json={"allocations": [{"open_item_id": 0}]})
    assert unknown.status_code == 422
