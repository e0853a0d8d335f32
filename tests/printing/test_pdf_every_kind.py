"""Every document kind prints to PDF (WeasyPrint): the clerk's quote, order confirmation,
picking slip, delivery note with packages and serial numbers, return note, invoices of every
kind, the credit note, the purchase order and supplier inquiry, the dunning letter and the
account statement. pypdf reads the text back: each PDF carries its title, number, the
addressee and the figures the kind needs, and pages are numbered."""

from datetime import date
from decimal import Decimal

from kontor.core.documents.conversion import convert
from kontor.core.documents.instant import instant_invoice
from kontor.core.documents.returns import ReturnLine, ReturnRequest, take_back_request
from kontor.core.documents.schemas import DocumentUpdate, LineInput
from kontor.core.documents.services import update_document
from kontor.core.finance.dunning import run_dunning
from kontor.core.finance.dunning_print import print_letter
from kontor.core.printing.documents import print_document
from kontor.core.printing.statements import print_statement
from kontor.core.purchasing.inquiries import create_supplier_inquiries
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.schemas import PurchaseLineInput, PurchaseOrderCreate, SupplierInquiryCreate
from tests.printing.print_shop import (
    credit_note, delivered_pump, delivery_note, document, order, partial_and_final, pdf_pages, pdf_text, shop,
    simple_invoice,
)
from tests.scenarios.dunning_setup import add_levels

D = Decimal


def pdf(company, document_id: int) -> str:
    with company.read() as (session, ctx):
        printed = print_document(session, ctx, document_id, "pdf")
    assert printed.media_type == "application/pdf" and printed.body == ""
    return pdf_text(printed.content)


def test_a_quote_with_a_set_text_prints_the_text_agreements_and_the_total_instead_of_lines(company):
    ids = shop(company)
    quote = document(company, "quote", ids["bau"], [LineInput(article_id=ids["valve"], quantity=D(10)),
                                                    LineInput(article_id=ids["hours"], quantity=D(4))],
                     set_text="Lieferung und Montage von zehn Heizkörperventilen", agreements="Lieferung frei Baustelle\nAbnahme durch Bauleitung")
    text = pdf(company, quote)
    assert "Angebot AN" in text and "Baumeister Huber GmbH" in text and "Lindenstraße 4" in text
    assert "Lieferung und Montage von zehn Heizkörperventilen" in text
    assert "Heizkörperventil DN 15" not in text  # the set text stands for the lines
    assert "Vereinbarungen" in text and "Abnahme durch Bauleitung" in text
    assert "Gesamtbetrag EUR 572,39" in text  # (249,00 + 232,00) × 1,19
    assert "Seite 1 von 1" in text
    assert "Muster Haustechnik GmbH · Hauptstr. 1 · 90402 Nürnberg" in text  # the window-envelope sender line
    assert "IBAN DE89370400440532013000" in text and "AG Nürnberg HRB 12345" in text  # the footer


def test_the_order_confirmation_picking_slip_and_delivery_note(company):
    ids = shop(company)
    order_id = order(company, ids)
    confirmation = pdf(company, order_id)
    assert "Auftragsbestätigung AB" in confirmation and "Ihre Bestellung B-4711 von 27.02.2026" in confirmation
    with company.write() as (session, ctx):
        slip = convert(session, ctx, "picking_slip", source_document_ids=[order_id]).id
    slip_text = pdf(company, slip)
    assert "Kommissionsschein" in slip_text and "Heizkörperventil DN 15" in slip_text and "24,90" not in slip_text
    note = pdf(company, delivery_note(company, ids, order_id))
    assert "Lieferschein LS" in note and "25,5" in note and "Gesamtbetrag" not in note
    assert "Packstücke" in note and "Karton" in note and "Baustelle Nord" in note and "18,5" in note


def test_a_delivery_note_prints_the_serial_numbers_of_its_lines(company):
    ids = shop(company)
    text = pdf(company, delivered_pump(company, ids))
    assert "Wärmepumpe 9 kW" in text and "Serien-/Chargennr.: WP9-0001, WP9-0002" in text


def test_invoices_of_every_kind_and_the_credit_note(company):
    ids = shop(company)
    invoice = pdf(company, simple_invoice(company, ids))
    assert "Rechnung RE" in invoice and "Leistungsdatum 04.03.2026" in invoice
    assert "Packstücke" not in invoice  # the packages travel on the delivery note
    order_id = order(company, ids)
    with company.write() as (session, ctx):
        cash = instant_invoice(session, ctx, order_id, cash=True, on=date(2026, 3, 6)).id
    assert "Barrechnung RE" in pdf(company, cash)
    first, _, final = partial_and_final(company, ids)
    assert "Teilrechnung TR" in pdf(company, first)
    final_text = pdf(company, final)
    assert "Schlussrechnung SR" in final_text and "Gesamtleistung" in final_text
    credit, invoice_id = credit_note(company, ids)
    credit_text = pdf(company, credit)
    assert "Rechnungskorrektur" in credit_text and "Gutschrift" not in credit_text
    with company.read() as (session, ctx):
        from kontor.core.printing.documents import load_document

        corrected = load_document(session, ctx, invoice_id).number
    assert f"Korrektur der Rechnung {corrected} vom 05.03.2026." in credit_text


def test_a_return_note_prints_quantities_only(company):
    ids = shop(company)
    simple_invoice(company, ids)
    with company.write() as (session, ctx):
        returned = take_back_request(session, ctx, ReturnRequest(
            customer_id=ids["bau"], lines=[ReturnLine(article_id=ids["valve"], quantity=D(-1))]),
            on=date(2026, 3, 12)).return_delivery_note.id
    text = pdf(company, returned)
    assert "Rücknahmeschein" in text and "Heizkörperventil DN 15" in text and "24,90" not in text


def test_the_purchase_order_and_the_supplier_inquiry_go_to_the_supplier(company):
    ids = shop(company)
    with company.write() as (session, ctx):
        purchase = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=ids["supplier"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=ids["valve"], quantity=D(100), unit_price=D("12.50"))])).id
        inquiry = create_supplier_inquiries(session, ctx, SupplierInquiryCreate(
            supplier_ids=[ids["supplier"]], lines=[PurchaseLineInput(article_id=ids["pipe"], quantity=D(500))]))[0].id
    order_text = pdf(company, purchase)
    assert "Bestellung" in order_text and "Heizwerk Bayern AG" in order_text and "Lieferantennr. 70001" in order_text
    assert "1.250,00" in order_text and "Gesamtbetrag EUR 1.487,50" in order_text
    inquiry_text = pdf(company, inquiry)
    assert "Anfrage" in inquiry_text and "Kupferrohr 15 mm" in inquiry_text and "500" in inquiry_text


def test_the_dunning_letter_and_the_account_statement(company):
    ids = shop(company)
    add_levels(company)
    invoice_id = simple_invoice(company, ids)
    with company.write() as (session, ctx):
        run_dunning(session, ctx, date(2026, 3, 28))
        letter = run_dunning(session, ctx, date(2026, 4, 20)).letters[0]
        letter_pdf = print_letter(session, ctx, letter.id, "pdf")
        statement = print_statement(session, ctx, ids["bau"], date(2026, 4, 20), "pdf")
        number = print_document(session, ctx, invoice_id).body.split("Rechnung ")[1][:8]
    letter_text = pdf_text(letter_pdf.content)
    assert "1. Mahnung" in letter_text and number in letter_text and "Mahngebühr" in letter_text
    statement_text = pdf_text(statement.content)
    assert "Kontoauszug" in statement_text and number in statement_text and "überfällig" in statement_text
    assert "Saldo EUR" in statement_text


def test_a_long_invoice_numbers_its_pages_and_carries_the_total_over(company):
    ids = shop(company)
    lines = [LineInput(article_id=ids["pipe"], quantity=D(1), description=f"Kupferrohr Abschnitt {n}")
             for n in range(1, 91)]
    invoice = document(company, "invoice", ids["bau"], lines)
    with company.read() as (session, ctx):
        pages = pdf_pages(print_document(session, ctx, invoice, "pdf").content)
    assert len(pages) >= 3
    assert all(f"Seite {n} von {len(pages)}" in page for n, page in enumerate(pages, 1))
    # what a page carries forward at its foot (its last text), the next page carries over at its head
    for page, following in zip(pages, pages[1:]):
        forward = page.splitlines()[-1]
        assert forward.startswith("Übertrag ") and f"{forward} Seite" in following
    assert not pages[-1].splitlines()[-1].startswith("Übertrag")  # the totals follow instead
    assert "Gesamtbetrag EUR 846,09" in pages[-1]  # 90 × 7,90 × 1,19


def test_a_draft_invoice_prints_as_draft_and_changes_print_at_once(company):
    ids = shop(company)
    draft = document(company, "invoice", ids["bau"], [LineInput(article_id=ids["valve"], quantity=D(1))])
    assert "Rechnung (Entwurf)" in pdf(company, draft)
    with company.write() as (session, ctx):
        update_document(session, ctx, draft, DocumentUpdate(header_text="Wie telefonisch besprochen"))
    assert "Wie telefonisch besprochen" in pdf(company, draft)


def test_over_http_a_document_prints_as_pdf_and_a_bad_format_is_refused(api, company):
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    answer = api.get(f"/api/documents/{invoice}/print", params={"format": "pdf"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["x-kontor-template"] == "document.html.j2"
    assert "Rechnung RE000001" in pdf_text(answer.content)
    statement = api.get(f"/api/customers/{ids['bau']}/statement", params={"format": "pdf", "on": "2026-04-01"})
    assert statement.status_code == 200 and "RE000001" in pdf_text(statement.content)
    refused = api.get(f"/api/documents/{invoice}/print", params={"format": "odt"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "format"
