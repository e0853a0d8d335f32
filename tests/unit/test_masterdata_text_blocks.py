"""Text blocks: placeholders that exist, braces that close, usages, and filling them in."""

import pytest

from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.masterdata.texts.placeholders import PLACEHOLDERS, fill, placeholders_in
from tests.unit.test_masterdata_support import conflict, created, nothing_written, refused, unchanged

GREETING = "{letter_greeting} {contact_name},\nvielen Dank für Ihre Bestellung {customer_order_number}."


def post_block(api, **fields):
    return api.post("/api/text-blocks", json={"code": "DANKE", "body": GREETING, **fields})


def test_a_text_block_with_known_placeholders_is_kept(api):
    body = created(api, "/api/text-blocks", code="DANKE", title="Dank für den Auftrag", usage="header", body=GREETING)
    assert (body["code"], body["usage"], body["language_code"]) == ("DANKE", "header", "de")
    assert api.get(f"/api/text-blocks/{body['id']}").json()["body"] == GREETING


def test_an_unknown_placeholder_is_refused_naming_it(api, company):
    with nothing_written(company, TextBlock):
        response = post_block(api, body="Sehr geehrter {customer_nmae}, Ihr {bonus_level} ...")
    error = refused(response, "body", "known_placeholders")
    assert "bonus_level" in error["message"] and "customer_nmae" in error["message"]
    assert "customer_name" in error["message"]  # the known ones are listed to choose from


@pytest.mark.parametrize("body", ["Ihre Bestellung {customer_order_number", "Rabatt 5 %}", "{document_number!x}", "{total:{width}}"])
def test_broken_braces_are_refused(api, company, body):
    with nothing_written(company, TextBlock):
        response = post_block(api, body=body)
    error = refused(response, "body", "placeholder_syntax")
    assert "broken placeholder" in error["message"]


def test_doubled_braces_are_plain_text(api):
    assert post_block(api, body="Preise in {{EUR}} zzgl. {currency}").status_code == 201


def test_changing_a_body_to_an_unknown_placeholder_is_refused(api, company):
    block = post_block(api).json()
    path = f"/api/text-blocks/{block['id']}"
    with unchanged(api, company, path, TextBlock):
        response = api.patch(path, json={"body": "Hallo {vorname}"})
    refused(response, "body", "known_placeholders")


@pytest.mark.parametrize("usage", ["any", "header", "footer", "set"])
def test_each_usage_is_accepted(api, usage):
    assert post_block(api, usage=usage).json()["usage"] == usage


def test_an_unknown_usage_is_refused(api, company):
    with nothing_written(company, TextBlock):
        response = post_block(api, usage="sidebar")
    error = refused(response, "usage", "one_of")
    assert "footer" in error["message"]


def test_a_text_block_needs_a_code_and_a_body(api, company):
    with nothing_written(company, TextBlock):
        refused(api.post("/api/text-blocks", json={"body": "x"}), "code", "missing")
        refused(post_block(api, body=""), "body", "string_too_short")


def test_a_text_block_in_an_unknown_language_is_refused(api):
    refused(post_block(api, language_code="xx"), "language_code", "language_code")


def test_two_text_blocks_with_the_same_code_are_a_conflict(api, company):
    post_block(api)
    with nothing_written(company, TextBlock):
        response = post_block(api, body="anders")
    conflict(response, "DANKE")


def test_text_blocks_are_found_by_words_in_the_body_and_filtered_by_usage(api):
    post_block(api, code="DANKE", usage="header")
    post_block(api, code="GRUSS", usage="footer", body="Mit freundlichen Grüßen\n{clerk}")
    found = api.get("/api/text-blocks", params={"q": "freundlichen"}).json()
    assert [item["code"] for item in found["items"]] == ["GRUSS"]
    footers = api.get("/api/text-blocks", params={"usage": "footer"}).json()
    assert [item["code"] for item in footers["items"]] == ["GRUSS"]


# -- filling placeholders ------------------------------------------------------------------------


def test_fill_puts_the_values_into_the_placeholders():
    text = fill(GREETING, {
        "letter_greeting": "Sehr geehrte Frau", "contact_name": "Meier", "customer_order_number": "B-77",
    })
    assert text == "Sehr geehrte Frau Meier,\nvielen Dank für Ihre Bestellung B-77."


def test_fill_leaves_a_placeholder_without_value_empty():
    assert fill("Lieferung bis {delivery_date}.", {}) == "Lieferung bis ."


def test_fill_formats_numbers_with_a_format_spec_and_keeps_doubled_braces():
    assert fill("Summe {total:>8} {{netto}}", {"total": "12,50"}) == "Summe    12,50 {netto}"


def test_placeholders_in_lists_the_names_in_order_of_appearance():
    assert placeholders_in(GREETING) == ["letter_greeting", "contact_name", "customer_order_number"]


def test_every_known_placeholder_has_a_description():
    assert all(description.strip() for description in PLACEHOLDERS.values())
    assert {"customer_name", "document_number", "total", "today"} <= set(PLACEHOLDERS)
