"""§ 14 (4) UStG, checked on the printed PDF of every invoice kind: the names and addresses of
both sides, our VAT ID (or tax number), the date, the sequential number, quantity and kind of
the goods, the date of supply, the net amount per rate, the rate and the VAT; the exemption
note and both VAT IDs on a tax-free intra-Community supply; "Rechnungskorrektur" naming the
corrected invoice (never "Gutschrift", which the law keeps for self-billing); and on the
final invoice the whole supply with its VAT per rate, each partial invoice deducted with its
net and VAT (UStAE 14.8 (7))."""

from datetime import date
from decimal import Decimal

from kontor.core.documents.instant import instant_invoice
from kontor.core.printing.documents import load_document, print_document
from tests.printing.print_shop import (
    credit_note, eu_invoice, letterhead, order, partial_and_final, pdf_text, shop, simple_invoice,
)


def printed(company, document_id: int) -> tuple[str, object]:
    with company.read() as (session, ctx):
        document = load_document(session, ctx, document_id)
        session.expunge(document)
        return pdf_text(print_document(session, ctx, document_id, "pdf").content), document


def assert_every_invoice_field(text: str, document, customer_name: str = "Baumeister Huber GmbH") -> None:
    assert "Muster Haustechnik GmbH" in text and "Hauptstr. 1" in text and "90402 Nürnberg" in text
    assert customer_name in text
    assert "DE136695976" in text  # our VAT ID
    assert f"Nummer {document.number}" in text and document.number in text.split("\n")[0]
    assert f"Datum {document.doc_date:%d.%m.%Y}" in text
    assert "Leistungsdatum" in text or "Leistungsdatum entspricht dem Rechnungsdatum" in text


def test_an_invoice_from_a_delivery_note(company):
    ids = shop(company)
    text, invoice = printed(company, simple_invoice(company, ids))
    assert_every_invoice_field(text, invoice)
    assert "Leistungsdatum 04.03.2026" in text  # the delivery note's date
    assert "10 Heizkörperventil DN 15" not in text and "Heizkörperventil DN 15 10" in text  # kind and quantity
    assert "USt 19 % auf 798,45 151,71" in text and "USt 7 % auf 79,60 5,57" in text  # net, rate, VAT per rate
    assert "Gesamtbetrag EUR 1.035,33" in text


def test_a_cash_invoice(company):
    ids = shop(company)
    order_id = order(company, ids)
    with company.write() as (session, ctx):
        cash = instant_invoice(session, ctx, order_id, cash=True, on=date(2026, 3, 6)).id
    text, invoice = printed(company, cash)
    assert_every_invoice_field(text, invoice)
    assert text.startswith("Barrechnung RE")


def test_an_intra_community_supply_names_the_exemption_and_both_vat_ids(company):
    ids = shop(company)
    text, invoice = printed(company, eu_invoice(company, ids))
    # the customer reads English; the law's content is the same
    assert "Chauffage Dupont SARL" in text and "Lyon" in text and "FR" in text
    assert "Tax-free intra-Community supply (section 4 no. 1b in conjunction with section 6a UStG)." in text
    assert "VAT ID of the supplier: DE136695976" in text and "VAT ID of the customer: FR40303265045" in text
    assert "Date of supply Feb 27, 2026" in text
    assert "VAT 0 % on 1,786.00 0.00" in text


def test_a_credit_note_is_a_rechnungskorrektur_naming_the_invoice(company):
    ids = shop(company)
    credit, invoice_id = credit_note(company, ids)
    text, document = printed(company, credit)
    _, invoice = printed(company, invoice_id)
    assert_every_invoice_field(text, document)
    assert text.startswith("Rechnungskorrektur GS") and "Gutschrift" not in text
    assert f"Korrektur der Rechnung {invoice.number} vom 05.03.2026." in text


def test_partial_invoices_and_the_final_invoice_state_the_vat_of_the_whole_supply(company):
    ids = shop(company)
    first, second, final = partial_and_final(company, ids)
    partial_text, partial = printed(company, first)
    assert_every_invoice_field(partial_text, partial)
    assert "Anzahlung 30 % auf Auftrag" in partial_text
    text, document = printed(company, final)
    assert_every_invoice_field(text, document)
    _, one = printed(company, first)
    _, two = printed(company, second)
    # the whole supply, with its VAT per rate
    assert "Gesamtleistung" in text and "Netto zu 19 % USt 798,45 USt 151,71" in text
    assert "Netto zu 7 % USt 79,60 USt 5,57" in text and "Gesamtleistung EUR 878,05 1.035,33" in text
    # each partial invoice deducted with its net and VAT per rate
    assert f"abzüglich Teilrechnung {one.number} vom 03.03.2026 (brutto 310,60)" in text
    assert "Netto zu 19 % USt -239,54 USt -45,51" in text and "Netto zu 7 % USt -23,88 USt -1,67" in text
    assert f"abzüglich Teilrechnung {two.number} vom 10.03.2026 (brutto 117,91)" in text
    assert "Summe der Teilrechnungen -363,42 -428,51" in text
    # what remains is what was booked
    assert f"Verbleibender Betrag EUR {document.net_total:.2f} {document.gross_total:.2f}".replace(".", ",") in text
    assert document.gross_total + one.gross_total + two.gross_total == Decimal("1035.33")
    # the deduction lines are not listed as goods
    assert "abzüglich Anzahlung" not in text


def test_without_a_vat_id_the_tax_number_is_printed(company):
    ids = shop(company)
    letterhead(company, )  # full letterhead first, then without the VAT ID
    with company.write() as (session, ctx):
        from kontor.core.masterdata.basics.parameters import get_parameters, set_parameters

        set_parameters(session, ctx, get_parameters(session, ctx).model_copy(update={"vat_id": ""}))
    text, _ = printed(company, simple_invoice(company, ids))
    assert "Unsere Steuernummer 241/114/50001" in text
