"""The bookkeeper does the month end over HTTP: sets up DATEV, reads the outgoing journal,
downloads the export to look at it, transfers January (a zip of DATEV files), is told 409
when pressing again, repeats on purpose, and finds the January draft can no longer be posted."""

from __future__ import annotations

import hashlib
import io
import zipfile
from decimal import Decimal

from kontor.testing import api_as
from tests.scenarios.accounting_scenario import build_january, parse

D = Decimal
PERIOD = {"from": "2026-01-01", "to": "2026-01-31"}


def unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_month_end_over_http(api, company, http):
    january = build_january(company)
    settings = api.put("/api/accounting/datev-settings", json={"consultant_number": 4711, "client_number": 815,
                                                               "dictation_code": "AB"})
    assert settings.status_code == 200, settings.text
    assert api.get("/api/accounting/datev-settings").json()["consultant_number"] == 4711
    bad = api.put("/api/accounting/datev-settings", json={"consultant_number": 12})
    assert bad.status_code == 422

    book = api.get("/api/accounting/journals/outgoing", params={**PERIOD, "limit": 2})
    assert book.status_code == 200, book.text
    body = book.json()
    assert body["total"]["documents"] == 4
    assert D(body["total"]["gross"]) == D("4708.35")
    assert {row["key"]: row["documents"] for row in body["by_kind"]} == {"invoice": 3, "credit_note": 1}
    assert [row["key"] for row in body["by_category"]] == ["***"]
    assert body["transfers"] == []  # not transferred yet
    assert [entry["doc_date"] for entry in body["entries"]] == ["2026-01-15", "2026-01-20"]
    assert D(body["entries"][1]["gross"]) == D("-107.10")  # the credit note, signed
    incoming = api.get("/api/accounting/journals/incoming", params=PERIOD).json()
    assert [(e["number"], e["party_name"], e["gross"]) for e in incoming["entries"]] == [
        ("ER000001", "Heizungsgroßhandel Nord", "1190.0000")]
    accounts = api.get("/api/accounting/journals/outgoing/accounts", params=PERIOD).json()
    assert {(a["account"], a["contra_account"], a["bu_key"]): (a["debit"], a["credit"]) for a in accounts}[
        ("10001", "8401", "3")] == ("309.4000", "77.3500")  # amounts: four places, as everywhere
    assert api.get("/api/accounting/journals/sideways", params=PERIOD).status_code == 422

    look = api.get("/api/accounting/datev-export", params=PERIOD)
    assert look.status_code == 200 and look.headers["content-type"].startswith("application/zip")
    header = parse(unzip(look.content)["EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv"])[0]
    assert header[10:12] == ["4711", "815"] and header[17] == "AB"
    assert api.get("/api/accounting/transfers").json() == []  # looking closes nothing

    first = api.post("/api/accounting/transfers", json=PERIOD)
    assert first.status_code == 201, first.text
    assert first.headers["x-kontor-transfer-run"] == "1"
    assert first.headers["x-kontor-drafts-left"] == "1"  # the draft of 28 January is not in the files
    files = unzip(first.content)
    assert len(files) == 4

    again = api.post("/api/accounting/transfers", json=PERIOD)
    assert again.status_code == 409
    assert "was transferred to accounting on" in again.json()["detail"]

    repeated = api.post("/api/accounting/transfers", json={**PERIOD, "repeat": True})
    assert repeated.status_code == 201 and repeated.headers["x-kontor-transfer-run"] == "2"
    history = api.get("/api/accounting/transfers").json()
    closed_journal = api.get("/api/accounting/journals/outgoing", params=PERIOD).json()
    assert [t["run"] for t in closed_journal["transfers"]] == [1, 2]
    assert [(t["run"], t["sales_documents"], t["purchase_documents"]) for t in history] == [(2, 4, 1), (1, 4, 1)]
    assert history[1]["checksums"] == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert D(history[1]["sales_gross"]) == D("4708.35")

    closed = api.post(f"/api/documents/{january.draft}/post")
    assert closed.status_code == 422
    assert [(e["field"], e["rule"]) for e in closed.json()["errors"]] == [("doc_date", "period_closed")]

    across = api.post("/api/accounting/transfers", json={"from": "2026-12-01", "to": "2027-01-31"})
    assert across.status_code == 422
    assert across.json()["errors"][0]["field"] == "period_to"

    viewer = api_as(http, company, "viewer")
    assert viewer.get("/api/accounting/journals/outgoing", params=PERIOD).status_code == 200
    assert viewer.post("/api/accounting/transfers", json={"from": "2026-02-01", "to": "2026-02-28"}).status_code == 403
