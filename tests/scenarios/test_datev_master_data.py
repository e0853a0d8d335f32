"""The accountant's DATEV also needs to know who the debtors and creditors are: the customers
and suppliers posted to their personal account in January go out as DATEV master data
(data category 16, format version 5, 254 columns), checked field by field. And the export
refuses what DATEV would refuse: no client number, a customer number that is no debtor
account, a period across two years."""

from __future__ import annotations

from datetime import date

import pytest

from kontor.core.finance.datev_format import ACCOUNT_COLUMNS
from kontor.core.finance.datev_settings import (
    DatevSettings,
    get_datev_settings,
    put_datev_settings,
)
from kontor.errors import Invalid
from tests.scenarios.accounting_scenario import build_january, export_files, parse

DEBTORS = "EXTF_Debitoren_20260101_20260131.csv"
CREDITORS = "EXTF_Kreditoren_20260101_20260131.csv"


def field(row: list[str], name: str) -> str:
    return row[ACCOUNT_COLUMNS.index(name)]


@pytest.fixture
def january(company):
    return build_january(company)


def test_debtors_file_has_datev_header_and_one_line_per_posted_customer(company, january):
    raw = export_files(company)[DEBTORS]
    assert raw.startswith(b'"EXTF";700;16;"Debitoren/Kreditoren";5;')
    header, headings, *rows = parse(raw)
    assert len(header) == 31
    assert header[10:14] == ["29098", "55003", "20260101", "4"]
    assert header[14:16] == ["", ""]  # no period on master data
    assert header[26] == "03"
    assert len(headings) == 254 and tuple(headings) == ACCOUNT_COLUMNS
    assert headings[:10] == ["Konto", "Name (Adressattyp Unternehmen)", "Unternehmensgegenstand",
                             "Name (Adressattyp natürl. Person)", "Vorname (Adressattyp natürl. Person)",
                             "Name (Adressattyp keine Angabe)", "Adressattyp", "Kurzbezeichnung", "EU-Land",
                             "EU-UStID"]
    assert headings[-1] == "Letzte Frist"
    # the cash customer is posted to the cash account, so it is no debtor
    assert [field(row, "Konto") for row in rows] == ["10001", "10002"]
    kruger, rossi = rows
    assert all(len(row) == 254 for row in rows)
    expected = {
        "Konto": "10001", "Name (Adressattyp Unternehmen)": "Bäckerei Krüger", "Adressattyp": "2",
        "Kurzbezeichnung": "KRÜGER", "Adressart": "STR", "Straße": "Hauptstraße 5", "Postleitzahl": "20095",
        "Ort": "Hamburg", "Land": "DE", "Adresszusatz": "Inh. Jörg Krüger", "Telefon": "040 123456",
        "E-Mail": "info@baeckerei-krueger.de", "Bankbezeichnung 1": "Commerzbank", "Länderkennzeichen 1": "DE",
        "IBAN-Nr. 1": "DE89370400440532013000", "SWIFT-Code 1": "COBADEFFXXX", "Abw. Kontoinhaber 1": "Jörg Krüger",
        "Kennz. Hauptbankverb. 1": "1", "Kunden-/Lief.-Nr.": "10001", "Steuernummer": "22/815/08154",
        "Sprache": "1", "Kreditlimit (Debitor)": "15000", "Fälligkeit in Tagen (Debitor)": "30",
        "Skonto in Prozent (Debitor)": "2,00", "SEPA-Mandatsreferenz 1": "KRUEGER-01",
    }
    assert {name: field(kruger, name) for name in expected} == expected
    assert {ACCOUNT_COLUMNS[i] for i, value in enumerate(kruger) if value} == set(expected)
    assert (field(rossi, "EU-Land"), field(rossi, "EU-UStID"), field(rossi, "Land"), field(rossi, "Sprache")) == (
        "IT", "00743110157", "IT", "19")


def test_creditors_file_carries_the_suppliers_payment_targets(company, january):
    header, headings, *rows = parse(export_files(company)[CREDITORS])
    assert header[2:5] == ["16", "Debitoren/Kreditoren", "5"] and len(headings) == 254
    (nord,) = rows
    assert {name: field(nord, name) for name in (
        "Konto", "Name (Adressattyp Unternehmen)", "Ort", "Kunden-/Lief.-Nr.", "Kreditoren-Ziel 1 Tg.",
        "Kreditoren-Skonto 1 %", "Kreditoren-Ziel 3 Brutto Tg.", "Fälligkeit in Tagen (Debitor)")} == {
        "Konto": "70001", "Name (Adressattyp Unternehmen)": "Heizungsgroßhandel Nord", "Ort": "Bremen",
        "Kunden-/Lief.-Nr.": "70001", "Kreditoren-Ziel 1 Tg.": "10", "Kreditoren-Skonto 1 %": "2,00",
        "Kreditoren-Ziel 3 Brutto Tg.": "30", "Fälligkeit in Tagen (Debitor)": ""}


def test_collective_debtor_scheme_books_every_customer_on_one_account_and_sends_no_debtor_file(company, january):
    with company.write() as (session, ctx):
        settings = get_datev_settings(session, ctx)
        put_datev_settings(session, ctx, settings.model_copy(update={"debtor_scheme": "collective",
                                                                      "collective_debtor_account": "12000"}))
    files = export_files(company)
    assert DEBTORS not in files and CREDITORS in files
    _, _, *rows = parse(files["EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv"])
    assert {row[6] for row in rows} == {"12000", "1000"}  # debtors collected; the cash sale stays on cash


def test_what_datev_would_refuse_is_refused_before_a_file_is_written(company, january):
    from sqlmodel import select

    from kontor.core.masterdata.basics.models import RevenueCode
    from kontor.core.masterdata.parties.models import Customer

    with company.write() as (session, ctx):
        put_datev_settings(session, ctx, DatevSettings(consultant_number=29098))
    with pytest.raises(Invalid) as missing:
        export_files(company)
    assert (missing.value.problems[0].field, missing.value.problems[0].rule) == ("client_number", "required")

    with company.write() as (session, ctx):
        put_datev_settings(session, ctx, DatevSettings(consultant_number=29098, client_number=1))
        session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id, Customer.number == "10002")).one() \
            .number = "K-ROSSI"
    with pytest.raises(Invalid) as bad_number:
        export_files(company)
    problem = bad_number.value.problems[0]
    assert (problem.field, problem.rule) == ("debtor_scheme", "personal_account")
    assert "K-ROSSI" in problem.message and "10000 to 69999" in problem.message

    with company.write() as (session, ctx):
        session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id, Customer.number == "K-ROSSI")).one() \
            .number = "10002"
        session.exec(select(RevenueCode).where(RevenueCode.tenant_id == ctx.tenant_id, RevenueCode.code == "8401")) \
            .one().account = "84010"  # five digits, but the account length is 4
    with pytest.raises(Invalid) as long_account:
        export_files(company)
    assert (long_account.value.problems[0].field, long_account.value.problems[0].rule) == ("revenue_code",
                                                                                           "datev_account")

    for period, rule in (((date(2026, 1, 31), date(2026, 1, 1)), "not_before_from"),
                         ((date(2025, 12, 1), date(2026, 1, 31)), "one_fiscal_year")):
        with pytest.raises(Invalid) as wrong:
            export_files(company, period)
        assert (wrong.value.problems[0].field, wrong.value.problems[0].rule) == ("period_to", rule)


def test_settings_reject_what_datev_does_not_know(company):
    with pytest.raises(ValueError):
        DatevSettings(consultant_number=999)  # DATEV consultant numbers start at 1001
    with pytest.raises(ValueError):
        DatevSettings(expense_accounts={"U19": "34A0"})
    with pytest.raises(ValueError):
        DatevSettings(dictation_code="mk")
