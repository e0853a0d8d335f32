"""The accounts clerk duns over HTTP: sets the levels, previews, runs, prints the letter,
blocks a disputed invoice and a customer, and reads an item's history."""

from datetime import date

import pytest

from kontor.testing import api_as
from tests.scenarios.dunning_setup import LEVELS, customers_and_article, posted_invoice

LEVELS_JSON = {"levels": [level.model_dump(mode="json") for level in LEVELS]}


@pytest.fixture
def dealer(company):
    bau, haus, work = customers_and_article(company)
    return {"bau": bau, "haus": haus,
            "march": posted_invoice(company, bau, work, "3", date(2026, 3, 2)),
            "maier": posted_invoice(company, haus, work, "1", date(2026, 3, 10))}


def test_levels_preview_run_print_and_history_over_http(http, other_company, api, dealer):
    saved = api.put("/api/dunning/levels", json=LEVELS_JSON)
    assert saved.status_code == 200, saved.text
    assert [(l["level"], l["fee"]) for l in api.get("/api/dunning/levels").json()] == [
        (1, "0.0000"), (2, "5.0000"), (3, "10.0000")]

    preview = api.get("/api/dunning/preview", params={"on": "2026-04-01"}).json()
    assert [(l["customer_number"], l["level"], l["total"]) for l in preview["letters"]] == [
        ("20001", 1, "357.0000"), ("20002", 1, "119.0000")]
    assert api.get("/api/dunning/runs").json() == []

    run = api.post("/api/dunning/runs", json={"key_date": "2026-04-01"})
    assert run.status_code == 201, run.text
    body = run.json()
    assert (body["repeated"], body["letters"], body["items"]) == (False, 2, 2)
    again = api.post("/api/dunning/runs", json={"key_date": "2026-04-01"}).json()
    assert (again["id"], again["repeated"], len(again["letter_list"])) == (body["id"], True, 2)

    letter_id = body["letter_list"][0]["id"]
    printed = api.get(f"/api/dunning/letters/{letter_id}/print")
    assert printed.status_code == 200
    assert printed.headers["content-type"].startswith("text/html")
    assert "Zahlungserinnerung" in printed.text and "357,00" in printed.text
    as_text = api.get(f"/api/dunning/letters/{letter_id}/print", params={"format": "text"})
    assert as_text.headers["content-type"].startswith("text/plain") and "Zu zahlen EUR: 357,00" in as_text.text

    history = api.get(f"/api/dunning/items/{dealer['march']}").json()
    assert (history["dunning_level"], history["last_dunned_on"]) == (1, "2026-04-01")
    assert [(h["level"], h["letter_id"]) for h in history["history"]] == [(1, letter_id)]
    letters = api.get("/api/dunning/letters", params={"customer_id": dealer["bau"]}).json()
    assert [l["id"] for l in letters] == [letter_id]

    stranger = api_as(http, other_company, "admin")
    assert stranger.get(f"/api/dunning/letters/{letter_id}/print").status_code == 404
    assert stranger.get(f"/api/dunning/items/{dealer['march']}").status_code == 404
    assert stranger.get("/api/dunning/letters").json() == []


def test_blocks_over_http_keep_items_and_customers_out_of_the_run(api, dealer):
    api.put("/api/dunning/levels", json=LEVELS_JSON)
    blocked = api.post(f"/api/dunning/items/{dealer['march']}/block", json={"reason": "Reklamation"})
    assert blocked.status_code == 200 and blocked.json()["dunning_block"] is True
    customer = api.put(f"/api/dunning/customers/{dealer['haus']}/block",
                       json={"reason": "Ratenzahlung", "until": "2026-06-30"})
    assert customer.status_code == 200 and customer.json()["customer_number"] == "20002"
    blocks = api.get("/api/dunning/blocks").json()
    assert ([c["reason"] for c in blocks["customers"]], [i["open_item_id"] for i in blocks["items"]]) == (
        ["Ratenzahlung"], [dealer["march"]])
    assert api.get("/api/dunning/preview", params={"on": "2026-04-01"}).json()["letters"] == []

    assert api.delete(f"/api/dunning/items/{dealer['march']}/block").json()["dunning_block"] is False
    assert api.delete(f"/api/dunning/customers/{dealer['haus']}/block").status_code == 204
    assert len(api.get("/api/dunning/preview", params={"on": "2026-04-01"}).json()["letters"]) == 2


def test_bad_levels_are_refused_naming_field_and_rule(api):
    levels = [{"level": 1, "name": "Erinnerung", "days_overdue": 14},
              {"level": 3, "name": "Mahnung", "days_overdue": 7, "letter_text": "Hallo {kundenname}"}]
    answer = api.put("/api/dunning/levels", json={"levels": levels})
    assert answer.status_code == 422
    rules = {(p["field"], p["rule"]) for p in answer.json()["errors"]}
    assert rules == {("levels[1].level", "consecutive"), ("levels[1].days_overdue", "ascending"),
                     ("levels[1].letter_text", "known_placeholders")}
    assert api.get("/api/dunning/levels").json() == []
    assert api.post("/api/dunning/runs", json={"key_date": "2026-04-01"}).status_code == 409


def test_a_document_prints_over_http_and_readers_without_finance_cannot_run(http, company, api, dealer):
    from sqlmodel import select

    from kontor.core.finance.models import OpenItem

    with company.read() as (session, ctx):
        document_id = session.exec(select(OpenItem.document_id).where(OpenItem.id == dealer["march"])).one()
    printed = api.get(f"/api/documents/{document_id}/print")
    assert printed.status_code == 200 and printed.headers["content-type"].startswith("text/html")
    assert "Rechnung RE" in printed.text and "357,00" in printed.text
    assert api.get("/api/documents/999999/print").status_code == 404

    nobody = api_as(http, company, None)
    assert nobody.post("/api/dunning/runs", json={"key_date": "2026-04-01"}).status_code == 403
