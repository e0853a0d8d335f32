"""The accountant asks for January: the DATEV posting batch of the outgoing invoices is read
back with the csv module (Windows-1252, semicolons) and checked field by field against
DATEV's format: the 31 header fields, the 125 column headings of format version 13, and one
line per invoice and revenue account with gross amount, debit/credit sign, accounts, BU key,
document date, number and text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.finance.datev_format import POSTING_COLUMNS
from kontor.core.finance.journals import journal
from tests.scenarios.accounting_scenario import (
    JANUARY,
    build_january,
    export_files,
    number_of,
    parse,
)

D = Decimal


def column(row: list[str], name: str) -> str:
    return row[POSTING_COLUMNS.index(name)]


OUTGOING = "EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv"
INCOMING = "EXTF_Buchungsstapel_Eingang_20260101_20260131.csv"


@pytest.fixture
def january(company):
    return build_january(company)


def test_the_posting_batch_has_the_header_and_columns_datev_prescribes(company, january):
    files = export_files(company)
    assert set(files) == {OUTGOING, INCOMING, "EXTF_Debitoren_20260101_20260131.csv",
                          "EXTF_Kreditoren_20260101_20260131.csv"}
    raw = files[OUTGOING]
    assert raw.startswith(b'"EXTF";700;21;"Buchungsstapel";13;')
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert "Bäckerei Krüger".encode("cp1252") in raw  # Windows-1252, not UTF-8

    header, headings, *rows = parse(raw)
    assert len(header) == 31
    assert header[0:5] == ["EXTF", "700", "21", "Buchungsstapel", "13"]
    assert len(header[5]) == 17 and header[5].isdigit()  # created: YYYYMMDDHHMMSSmmm
    assert header[6] == ""  # imported: set by DATEV
    assert header[7] == "RE"  # origin
    assert header[8] == "system"  # exported by
    assert header[9] == ""  # imported by
    assert header[10:14] == ["29098", "55003", "20260101", "4"]  # consultant, client, fiscal year, account length
    assert header[14:16] == ["20260101", "20260131"]  # period
    assert header[16] == "Ausgang 20260101-20260131"  # label, at most 30
    assert header[17] == "MK"  # dictation code
    assert header[18:21] == ["1", "0", "0"]  # financial accounting, purpose, not fixed on import
    assert header[21] == "EUR"
    assert header[26] == "03"  # SKR03
    assert header[22:26] == ["", "", "", ""] and header[27:31] == ["", "", "", ""]

    assert len(headings) == 125 and tuple(headings) == POSTING_COLUMNS
    assert headings[:14] == [
        "Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz",
        "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum",
        "Belegfeld 1", "Belegfeld 2", "Skonto", "Buchungstext"]
    assert headings[113:125] == [
        "Festschreibung", "Leistungsdatum", "Datum Zuord. Steuerperiode", "Fälligkeit", "Generalumkehr (GU)",
        "Steuersatz", "Land", "Abrechnungsreferenz", "BVV-Position", "EU-Land u. UStID (Ursprung)",
        "EU-Steuersatz (Ursprung)", "Abw. Skontokonto"]
    assert all(len(row) == 125 for row in rows)
    # text fields are quoted, amounts and accounts are not
    first = raw.split(b"\r\n")[2]
    assert first.startswith(b'32,10;"S";"EUR";;;;10001;8300;;1501;"RE000001";;;"Rechnung RE000001 B')


def test_each_invoice_becomes_one_posting_per_revenue_account_with_its_tax_key(company, january):
    """The heating invoice books the boiler and the freight on 8400 and the book on 8300
    (automatic accounts, no BU key) and the installation on 8401 with BU key 3; the VAT of
    19 % (434.15 on 2,285.00) is split onto 8400 and 8401 by their net. The credit note is a
    credit (H), the Italian delivery goes to 8125 with the VAT ID, the cash sale to the cash
    account; the draft and the February invoice stay out."""
    _, _, *rows = parse(export_files(company)[OUTGOING])
    invoice, credit, italy, cash = (number_of(company, january.invoice), number_of(company, january.credit_note),
                                    number_of(company, january.italy), number_of(company, january.cash))
    fields = ("Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Konto",
              "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum", "Belegfeld 1", "Belegfeld 2",
              "Buchungstext", "EU-Land u. UStID (Bestimmung)", "Fälligkeit")
    assert [[column(row, name) for name in fields] for row in rows] == [
        ["32,10", "S", "EUR", "10001", "8300", "", "1501", invoice, "", f"Rechnung {invoice} Bäckerei Krüger", "",
         "14022026"],
        ["2409,75", "S", "EUR", "10001", "8400", "", "1501", invoice, "", f"Rechnung {invoice} Bäckerei Krüger", "",
         "14022026"],
        ["309,40", "S", "EUR", "10001", "8401", "3", "1501", invoice, "", f"Rechnung {invoice} Bäckerei Krüger", "",
         "14022026"],
        ["29,75", "H", "EUR", "10001", "8400", "", "2001", credit, "", f"Gutschrift {credit} Bäckerei Krüger", "",
         "19022026"],
        ["77,35", "H", "EUR", "10001", "8401", "3", "2001", credit, "", f"Gutschrift {credit} Bäckerei Krüger", "",
         "19022026"],
        ["2000,00", "S", "EUR", "10002", "8125", "", "2201", italy, "", f"Rechnung {italy} Rossi Impianti S.r.l.",
         "IT00743110157", "22012026"],
        ["64,20", "S", "EUR", "1000", "8300", "", "2301", cash, "", f"Rechnung {cash} Barverkauf", "", "23012026"],
    ]
    for row in rows:  # every other column stays empty
        filled = {POSTING_COLUMNS[i] for i, value in enumerate(row) if value}
        assert filled <= set(fields)

    # the batch books exactly what the outgoing journal lists
    with company.read() as (session, ctx):
        book = journal(session, ctx, "outgoing", *JANUARY)
    signed = sum(D(column(r, fields[0]).replace(",", ".")) * (1 if column(r, fields[1]) == "S" else -1) for r in rows)
    assert book.total.gross == signed == D("2751.25") + D("2000.00") + D("64.20") - D("107.10")
    assert book.total.documents == 4


def test_booked_supplier_invoices_go_into_the_incoming_batch(company, january):
    """The supplier invoice of Heizungsgroßhandel Nord credits creditor 70001 against goods
    purchased at 19 % (3400, an automatic account: no BU key)."""
    header, headings, *rows = parse(export_files(company)[INCOMING])
    assert header[2:5] == ["21", "Buchungsstapel", "13"] and header[16] == "Eingang 20260101-20260131"
    assert len(headings) == 125
    assert [[column(rows[0], name) for name in ("Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "Konto",
                                                "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum",
                                                "Belegfeld 1")]] == [["1190,00", "H", "70001", "3400", "", "1201",
                                                                      "ER000001"]]
    assert len(rows) == 1


def test_a_non_automatic_expense_account_gets_the_input_tax_key(company, january):
    from kontor.core.finance.datev_settings import (
        get_datev_settings,
        put_datev_settings,
    )

    with company.write() as (session, ctx):
        settings = get_datev_settings(session, ctx)
        put_datev_settings(session, ctx, settings.model_copy(update={"expense_accounts": {"U19": "3401"}}))
    _, _, *rows = parse(export_files(company)[INCOMING])
    assert (column(rows[0], "Gegenkonto (ohne BU-Schlüssel)"), column(rows[0], "BU-Schlüssel")) == ("3401", "9")


def test_end_discount_and_vat_split_onto_two_revenue_accounts_add_up_to_the_invoice(company, january):
    """An invoice with 3 % end discount over a boiler (8400) and three hours of installation
    (8401), both at 19 %: discount and VAT are split by net, to the cent, and the two
    postings give exactly the invoice's gross total."""
    from sqlmodel import select

    from kontor.core.documents.models import Document
    from kontor.core.documents.posting import post_document
    from kontor.core.documents.schemas import DocumentCreate, LineInput
    from kontor.core.documents.services import create_document
    from kontor.core.masterdata.articles.models import Article
    from kontor.core.masterdata.parties.models import Customer

    with company.write() as (session, ctx):
        customer = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                       Customer.number == "10001")).one()
        articles = {a.number: a.id for a in session.exec(select(Article).where(Article.tenant_id == ctx.tenant_id))}
        doc = create_document(session, ctx, DocumentCreate(
            kind="invoice", customer_id=customer.id, doc_date=date(2026, 3, 3), end_discount_percent=D("3"),
            lines=[LineInput(article_id=articles["KESSEL"], quantity=D("1"), unit_price=D("1999.99")),
                   LineInput(article_id=articles["MONTAGE"], quantity=D("3"), unit_price=D("65.33"))]))
        post_document(session, ctx, doc.id)
        gross = session.get(Document, doc.id).gross_total
    _, _, *rows = parse(export_files(company, (date(2026, 3, 1), date(2026, 3, 31)))[OUTGOING.replace(
        "20260101_20260131", "20260301_20260331")])
    amounts = {column(r, "Gegenkonto (ohne BU-Schlüssel)"): D(column(r, "Umsatz (ohne Soll/Haben-Kz)").replace(",", "."))
               for r in rows}
    # lines 1,999.99 + 195.99; discount 65.88 = 60.00 + 5.88; net 1,939.99 + 190.11 = 2,130.10;
    # VAT 404.72 = 368.59 + 36.12 + the cent left over, which goes to the larger net (8400)
    assert amounts == {"8400": D("1939.99") + D("368.60"), "8401": D("190.11") + D("36.12")}
    assert sum(amounts.values()) == gross == D("2534.82")


def test_quotes_semicolons_line_breaks_and_letters_outside_windows_1252_keep_the_file_readable(company, january):
    """A customer named 'Bau "Süd"; Łódź-Filiale' with a line break in the name: the quote is
    doubled inside the quoted text, the semicolon stays inside the field, the line break
    becomes a space, and Ł and ź, which Windows-1252 lacks, become '?' instead of breaking the file."""
    from sqlmodel import select

    from kontor.core.masterdata.parties.models import Customer

    with company.write() as (session, ctx):
        session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id, Customer.number == "10001")).one() \
            .name1 = 'Bau "Süd";\nŁódź-Filiale'
    files = export_files(company)
    raw = files["EXTF_Debitoren_20260101_20260131.csv"]
    assert b'10001;"Bau ""S\xfcd""; ?\xf3d?-Filiale";' in raw  # \xfc is ü and \xf3 is ó in Windows-1252
    _, _, kruger, _ = parse(raw)
    assert kruger[1] == 'Bau "Süd"; ?ód?-Filiale'
    assert len(kruger) == 254


def test_partial_and_final_invoice_book_the_down_payment_and_the_rest(company, january):
    """February: a down payment of 1,000.00 on the Krüger order for boiler and installation,
    then the final invoice. The partial invoice's line has no article, so it goes to the
    revenue account of its tax code (8400); the final invoice books the boiler and the
    installation and takes the down payment back off 8400, so per account the two add up to
    what the order is worth."""
    from sqlmodel import select

    from kontor.core.documents.partial import (
        create_final_invoice,
        create_partial_invoice,
    )
    from kontor.core.documents.schemas import DocumentCreate, LineInput
    from kontor.core.documents.services import create_document
    from kontor.core.masterdata.articles.models import Article
    from kontor.core.masterdata.parties.models import Customer

    with company.write() as (session, ctx):
        customer = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                       Customer.number == "10001")).one()
        articles = {a.number: a.id for a in session.exec(select(Article).where(Article.tenant_id == ctx.tenant_id))}
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=customer.id, doc_date=date(2026, 2, 9),
            lines=[LineInput(article_id=articles["KESSEL"], quantity=D("1")),
                   LineInput(article_id=articles["MONTAGE"], quantity=D("4"))])).id
    with company.write() as (session, ctx):
        partial = create_partial_invoice(session, ctx, order, amount=D("1000.00"), on=date(2026, 2, 10)).number
    with company.write() as (session, ctx):
        final = create_final_invoice(session, ctx, order, on=date(2026, 2, 20)).number
    files = export_files(company, (date(2026, 2, 1), date(2026, 2, 28)))
    _, _, *rows = parse(files["EXTF_Buchungsstapel_Ausgang_20260201_20260228.csv"])
    booked = [(column(r, "Belegfeld 1"), column(r, "Gegenkonto (ohne BU-Schlüssel)"), column(r, "Soll/Haben-Kennzeichen"),
               column(r, "Umsatz (ohne Soll/Haben-Kz)")) for r in rows if column(r, "Belegfeld 1") in (partial, final)]
    # final: 19 % on 2,000.00 + 260.00 - 1,000.00 = 1,260.00 is 239.40, split 190.00 / 49.40
    assert booked == [(partial, "8400", "S", "1190,00"), (final, "8400", "S", "1190,00"), (final, "8401", "S", "309,40")]
