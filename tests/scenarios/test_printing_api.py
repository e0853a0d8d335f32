"""Printing over HTTP: the same invoice of two companies, one of which enabled the test
printing plugin; only its print carries the plugin's template and greeting."""

from datetime import date

from sqlmodel import select

from kontor.core.finance.models import OpenItem
from kontor.testing import api_as
from tests.scenarios.dunning_setup import customers_and_article, posted_invoice


def invoice_id(company) -> int:
    bau, _, work = customers_and_article(company)
    item_id = posted_invoice(company, bau, work, "2", date(2026, 3, 2))
    with company.read() as (session, ctx):
        return session.exec(select(OpenItem.document_id).where(OpenItem.id == item_id)).one()


def test_the_plugin_prints_only_for_the_company_that_enabled_it(http, company, other_company):
    company.enable("test_printing")
    ours, theirs = invoice_id(company), invoice_id(other_company)
    printed = api_as(http, company, "admin").get(f"/api/documents/{ours}/print")
    assert printed.status_code == 200 and printed.headers["x-kontor-template"] == "plain_invoice.html.j2"
    assert "Gruß vom Testplugin" in printed.text and "238,00" in printed.text
    plain = api_as(http, other_company, "admin").get(f"/api/documents/{theirs}/print")
    assert plain.headers["x-kontor-template"] == "document.html.j2" and "Testplugin" not in plain.text
    text = api_as(http, other_company, "admin").get(f"/api/documents/{theirs}/print", params={"format": "text"})
    assert text.headers["content-type"].startswith("text/plain") and "Gesamtbetrag EUR: 238,00" in text.text
    refused = api_as(http, other_company, "admin").get(f"/api/documents/{theirs}/print", params={"format": "docx"})
    assert refused.status_code == 422 and refused.json()["errors"][0] == {
        "field": "format", "rule": "one_of", "message": "print as one of html, text, pdf"}
