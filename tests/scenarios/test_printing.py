"""Printing through the printing hook: an invoice and a dunning letter as HTML and text.

The core's templates print the letterhead from the company parameters, the document's
lines, VAT per rate and totals in German notation. A tenant that enabled the test printing
plugin gets the plugin's invoice template and its added context; another tenant does not.
"""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.finance.dunning import run_dunning
from kontor.core.finance.dunning_print import print_letter
from kontor.core.masterdata.basics.parameters import CompanyParameters, set_parameters
from kontor.core.printing.documents import print_document
from kontor.core.printing.renderer import money, price, quantity
from kontor.errors import Invalid, NotFound
from tests.plugins.printing_plugin import TEMPLATE
from tests.scenarios.dunning_setup import (
    add_levels,
    customers_and_article,
    posted_invoice,
)

D = Decimal


def letterhead(company) -> None:
    with company.write() as (session, ctx):
        set_parameters(session, ctx, CompanyParameters(company_name="Muster Haustechnik GmbH", street="Hauptstr. 1",
                                                       postal_code="90402", city="Nürnberg",
                                                       footer_text="Sparkasse Nürnberg"))


def invoice(company) -> int:
    bau, _, work = customers_and_article(company)
    with company.write() as (session, ctx):
        document = create_document(session, ctx, DocumentCreate(
            kind="invoice", customer_id=bau, doc_date=date(2026, 3, 2),
            lines=[LineInput(article_id=work, quantity=D("2.5"), description="Montage <Heizung> & Wartung")]))
        return document.id


def test_an_invoice_prints_letterhead_lines_vat_and_totals(company):
    letterhead(company)
    document_id = invoice(company)
    with company.read() as (session, ctx):
        html = print_document(session, ctx, document_id)
        text = print_document(session, ctx, document_id, "text")
    assert (html.template, html.media_type) == ("document.html.j2", "text/html; charset=utf-8")
    assert "Muster Haustechnik GmbH · Hauptstr. 1 · 90402 Nürnberg" in html.body
    assert "Rechnung (Entwurf)" in html.body and "Baumeister Huber GmbH" in html.body
    assert "Montage &lt;Heizung&gt; &amp; Wartung" in html.body  # HTML escapes what it prints
    assert ">2,5<" in html.body and ">100,00<" in html.body and ">250,00<" in html.body
    assert "USt 19 % auf 250,00" in html.body and "297,50" in html.body
    assert "Sparkasse Nürnberg" in html.body
    assert text.media_type == "text/plain; charset=utf-8"
    assert "Montage <Heizung> & Wartung" in text.body and "Gesamtbetrag EUR: 297,50" in text.body


def test_an_order_prints_its_prices_and_a_delivery_note_quantities_only(company):
    bau, _, work = customers_and_article(company)
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=bau,
                                                             lines=[LineInput(article_id=work, quantity=D("4"))]))
        note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=bau,
                                                            lines=[LineInput(article_id=work, quantity=D("4"))]))
        order_print, note_print = print_document(session, ctx, order.id), print_document(session, ctx, note.id)
    assert "Auftragsbestätigung AB" in order_print.body and "476,00" in order_print.body
    assert "Lieferschein LS" in note_print.body and ">4<" in note_print.body and "Montagestunde" in note_print.body
    assert "100,00" not in note_print.body and "Gesamtbetrag" not in note_print.body


@pytest.mark.hook("kontor_print_template", "kontor_print_context")
def test_the_plugins_template_and_context_apply_only_where_it_is_enabled(company, other_company):
    company.enable("test_printing")
    ours, theirs = invoice(company), invoice(other_company)
    with company.read() as (session, ctx):
        printed = print_document(session, ctx, ours)
        as_text = print_document(session, ctx, ours, "text")
    assert printed.template == str(TEMPLATE)
    assert f"Gedruckt mit der Vorlage des Testplugins · Gruß vom Testplugin an {company.code}" in printed.body
    assert "297,50" in printed.body  # the plugin's template extends the core's
    assert as_text.template == "document.txt.j2"  # it chose a template for HTML only
    with other_company.read() as (session, ctx):
        plain = print_document(session, ctx, theirs)
    assert plain.template == "document.html.j2"
    assert "Testplugin" not in plain.body


def test_a_dunning_letter_prints_its_items_fee_and_interest(company):
    letterhead(company)
    company.enable("test_printing")
    add_levels(company)
    bau, _, work = customers_and_article(company)
    posted_invoice(company, bau, work, "3", date(2026, 3, 2))
    with company.write() as (session, ctx):
        run_dunning(session, ctx, date(2026, 4, 20))
        letter = run_dunning(session, ctx, date(2026, 5, 10)).letters[0]
        html = print_letter(session, ctx, letter.id)
        text = print_letter(session, ctx, letter.id, "text")
    assert html.template == "dunning_letter.html.j2"
    assert "Freundliche Erinnerung (1. Mahnung)" in html.body  # the plugin's context replaced the title
    assert "Baumeister Huber GmbH" in html.body and "Lindenstraße 4" in html.body
    assert "Mahngebühr" in html.body and "5,00" in html.body and "4,91" in html.body
    assert "Zu zahlen EUR: 366,91" in text.body
    assert "Bitte zahlen Sie 366,91 EUR bis 17.05.2026." in text.body
    assert "bis zum 17.05.2026" in text.body


def test_printing_refuses_unknown_outputs_and_other_tenants_records(company, other_company):
    document_id = invoice(company)
    with company.read() as (session, ctx):
        with pytest.raises(Invalid) as refused:
            print_document(session, ctx, document_id, "docx")
    assert refused.value.problems[0].rule == "one_of"
    with other_company.read() as (session, ctx):
        with pytest.raises(NotFound):
            print_document(session, ctx, document_id)


def test_amounts_print_in_german_notation_rounded_half_up():
    assert money(D("1234.565")) == "1.234,57"
    assert money(D("-0.5")) == "-0,50"
    assert price(D("12.3450")) == "12,345"
    assert price(D("12.5000")) == "12,50"
    assert quantity(D("2.5000")) == "2,5" and quantity(D("1000")) == "1.000"
