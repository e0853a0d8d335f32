"""The DATEV export of a period: posting batches of the outgoing and incoming invoices and the
master data of the debtors and creditors they name, as EXTF files (kontor.core.finance.datev_format).

Files (each only when the period has something for it):
- `EXTF_Buchungsstapel_Ausgang_<from>_<to>.csv`: one line per posting of the posted invoices,
  partial and final invoices and credit notes (kontor.core.finance.postings);
- `EXTF_Buchungsstapel_Eingang_<from>_<to>.csv`: the same for the booked supplier invoices;
- `EXTF_Debitoren_<from>_<to>.csv`, `EXTF_Kreditoren_<from>_<to>.csv`: the customers and
  suppliers posted to their personal account in the period (not with a collective scheme).

Posting columns filled: 1 Umsatz (gross, always positive), 2 S/H (S debits the personal
account: invoices; H credits it: credit notes, supplier invoices; a negative amount turns it),
3 WKZ Umsatz (document currency), and for a document in a foreign currency 4 Kurs (units of
it per one unit of home currency, DATEV's way of quoting, six places), 5 Basis-Umsatz (the
amount in home currency) and 6 WKZ Basis-Umsatz (home currency), 7 Konto (debtor, creditor or cash account), 8 Gegenkonto
(revenue or expense account), 9 BU-Schlüssel (tax code; none on automatic accounts),
10 Belegdatum (DDMM), 11 Belegfeld 1 (document number), 14 Buchungstext (kind, number,
name), 40 EU-Land u. UStID (customer's VAT ID on intra-EU supplies), 117 Fälligkeit (the
open item's due date, DDMMYYYY). Account columns filled: Konto, name, addressee type
(company), short name, EU country and VAT ID, address, phone, e-mail, internet, fax, the
first bank account (bank name, country, IBAN, BIC, holder, main bank flag), our number,
tax number, language, credit limit, payment term (net days and cash discount; for
creditors their targets), the first SEPA mandate reference.

The files are produced lazily, line by line, so a period of 100,000 invoices streams into
a zip or a folder without being held in memory; the SHA-256 of every file is taken while
it is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from sqlalchemy import exists, func, select
from sqlmodel import Session

from kontor.core.documents.models import Document
from kontor.core.finance import datev_format as fmt
from kontor.core.finance.datev_settings import DatevSettings, require_client
from kontor.core.finance.postings import (
    PURCHASE_INVOICE_KINDS,
    SALES_INVOICE_KINDS,
    Posting,
    beleg_number,
    party_account,
    period_postings,
)
from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.masterdata.parties.models import (
    Customer,
    CustomerBankAccount,
    Supplier,
    SupplierBankAccount,
)
from kontor.core.tenancy.services import get_setting
from kontor.errors import Invalid

POSTING_INDEX = {name: i for i, name in enumerate(fmt.POSTING_COLUMNS)}
ACCOUNT_INDEX = {name: i for i, name in enumerate(fmt.ACCOUNT_COLUMNS) if name != "Leerfeld"}
LANGUAGES = {"de": "1", "fr": "4", "en": "5", "es": "10", "it": "19"}


@dataclass
class ExportStats:
    sales_documents: int = 0
    sales_gross: Decimal = Decimal(0)
    purchase_documents: int = 0
    purchase_gross: Decimal = Decimal(0)
    postings: int = 0


@dataclass
class ExportFile:
    name: str
    lines: Callable[[], Iterator[str]]


@dataclass
class DatevExport:
    period_from: date
    period_to: date
    files: list[ExportFile]
    stats: ExportStats = field(default_factory=ExportStats)


# -- the period ------------------------------------------------------------------------------


def fiscal_year_start(session: Session, tenant_id: int, day: date) -> date:
    """First day of the fiscal year holding `day` (company parameter fiscal_year_start_month)."""
    month = int((get_setting(session, tenant_id, PARAMETERS_KEY, {}) or {}).get("fiscal_year_start_month", 1))
    return date(day.year if day.month >= month else day.year - 1, month, 1)


def check_period(session: Session, tenant_id: int, period_from: date, period_to: date) -> date:
    """DATEV takes a batch from one fiscal year and one calendar year; returns the fiscal-year start."""
    if period_to < period_from:
        raise Invalid.field("period_to", "not_before_from", f"the period ends ({period_to}) before it starts "
                                                              f"({period_from})")
    start = fiscal_year_start(session, tenant_id, period_from)
    if fiscal_year_start(session, tenant_id, period_to) != start:
        raise Invalid.field("period_to", "one_fiscal_year",
                            f"{period_from} and {period_to} lie in different fiscal years; transfer each year apart")
    if period_from.year != period_to.year:
        raise Invalid.field("period_to", "one_calendar_year",
                            f"{period_from} and {period_to} lie in different calendar years; DATEV takes a batch "
                            f"of one calendar year")
    return start


def _has_documents(session: Session, tenant_id: int, kinds: tuple[str, ...], period_from: date,
                   period_to: date) -> bool:
    return bool(session.execute(select(exists().where(
        Document.tenant_id == tenant_id, Document.kind.in_(kinds), Document.posted_at.is_not(None),
        Document.doc_date >= period_from, Document.doc_date <= period_to))).scalar())


# -- the export ------------------------------------------------------------------------------


def build_export(session: Session, tenant_id: int, settings: DatevSettings, period_from: date, period_to: date,
                 *, created_at: datetime, exported_by: str) -> DatevExport:
    """The files of the period, ready to be written (nothing is read until they are)."""
    require_client(settings)
    start = check_period(session, tenant_id, period_from, period_to)
    export = DatevExport(period_from, period_to, [])
    span = f"{fmt.yyyymmdd(period_from)}_{fmt.yyyymmdd(period_to)}"
    common = {"created_at": created_at, "exported_by": exported_by, "consultant": settings.consultant_number,
              "client": settings.client_number, "fiscal_year_start": start,
              "account_length": settings.account_length, "chart": settings.chart}

    for side, kinds, title in (("sales", SALES_INVOICE_KINDS, "Ausgang"), ("purchase", PURCHASE_INVOICE_KINDS,
                                                                         "Eingang")):
        if not _has_documents(session, tenant_id, kinds, period_from, period_to):
            continue
        header = fmt.header_line(fmt.POSTING_BATCH, period=(period_from, period_to),
                                 label=f"{title} {fmt.yyyymmdd(period_from)}-{fmt.yyyymmdd(period_to)}",
                                 dictation_code=settings.dictation_code, fixation=settings.lock_on_import, **common)

        def lines(side=side, header=header) -> Iterator[str]:
            yield header
            yield fmt.headings_line(fmt.POSTING_COLUMNS)
            last_document = None
            for posting in period_postings(session, tenant_id, settings, period_from, period_to, side):
                _count(export.stats, posting, side, posting.document_id != last_document)
                last_document = posting.document_id
                yield fmt.csv_line(posting_cells(posting))

        export.files.append(ExportFile(f"EXTF_Buchungsstapel_{title}_{span}.csv", lines))

    for purchase, scheme, title in ((False, settings.debtor_scheme, "Debitoren"),
                                    (True, settings.creditor_scheme, "Kreditoren")):
        kinds = PURCHASE_INVOICE_KINDS if purchase else SALES_INVOICE_KINDS
        if scheme != "number" or not _has_documents(session, tenant_id, kinds, period_from, period_to):
            continue
        header = fmt.header_line(fmt.DEBTORS_CREDITORS, **common)

        def accounts(purchase=purchase, header=header) -> Iterator[str]:
            yield header
            yield fmt.headings_line(fmt.ACCOUNT_COLUMNS)
            for row in _parties(session, tenant_id, purchase, period_from, period_to):
                yield fmt.csv_line(account_cells(row, settings, purchase))

        export.files.append(ExportFile(f"EXTF_{title}_{span}.csv", accounts))
    return export


def _count(stats: ExportStats, posting: Posting, side: str, new_document: bool) -> None:
    stats.postings += 1
    if side == "sales":
        stats.sales_documents += new_document
        stats.sales_gross += posting.home_amount
    else:
        stats.purchase_documents += new_document
        stats.purchase_gross -= posting.home_amount


def posting_cells(posting: Posting) -> list[str]:
    row = [""] * len(fmt.POSTING_COLUMNS)

    def put(name: str, value: str) -> None:
        row[POSTING_INDEX[name]] = value

    put("Umsatz (ohne Soll/Haben-Kz)", fmt.amount(posting.amount))
    put("Soll/Haben-Kennzeichen", fmt.Text("S" if posting.amount > 0 else "H"))
    put("WKZ Umsatz", fmt.Text(posting.currency_code))
    if posting.currency_code != posting.home_currency_code:
        put("Kurs", fmt.rate(posting.exchange_rate))
        put("Basis-Umsatz", fmt.amount(posting.home_amount))
        put("WKZ Basis-Umsatz", fmt.Text(posting.home_currency_code))
    put("Konto", posting.account)
    put("Gegenkonto (ohne BU-Schlüssel)", posting.contra_account)
    put("BU-Schlüssel", fmt.Text(posting.bu_key) if posting.bu_key else "")
    put("Belegdatum", fmt.ddmm(posting.doc_date))
    put("Belegfeld 1", fmt.Text(beleg_number(posting.number)))
    put("Buchungstext", fmt.text(posting.text, 60))
    if posting.vat_id:
        put("EU-Land u. UStID (Bestimmung)", fmt.text(posting.vat_id, 15))
    put("Fälligkeit", fmt.ddmmyyyy(posting.due_date))
    return row


# -- master data -----------------------------------------------------------------------------


def _parties(session: Session, tenant_id: int, purchase: bool, period_from: date, period_to: date):
    party, bank = (Supplier, SupplierBankAccount) if purchase else (Customer, CustomerBankAccount)
    party_id = Document.supplier_id if purchase else Document.customer_id
    kinds = PURCHASE_INVOICE_KINDS if purchase else SALES_INVOICE_KINDS
    bank_owner = bank.supplier_id if purchase else bank.customer_id
    posted = (select(party_id).where(Document.tenant_id == tenant_id, Document.kind.in_(kinds),
                                     Document.posted_at.is_not(None), Document.cash.is_(False),
                                     Document.doc_date >= period_from, Document.doc_date <= period_to))
    first_bank = (select(bank_owner.label("owner"), func.min(bank.id).label("bank_id"))
                  .where(bank.tenant_id == tenant_id).group_by(bank_owner).subquery())
    query = (
        select(party, PaymentTerm, bank)
        .outerjoin(PaymentTerm, PaymentTerm.id == party.payment_term_id)
        .outerjoin(first_bank, first_bank.c.owner == party.id)
        .outerjoin(bank, bank.id == first_bank.c.bank_id)
        .where(party.tenant_id == tenant_id, party.id.in_(posted))
        .order_by(party.number)
        .execution_options(yield_per=500)
    )
    yield from session.execute(query)


def account_cells(row, settings: DatevSettings, purchase: bool) -> list[str]:
    party, term, bank = row
    cells = [""] * len(fmt.ACCOUNT_COLUMNS)

    def put(name: str, value: str) -> None:
        cells[ACCOUNT_INDEX[name]] = value

    put("Konto", party_account(settings, party.number, party.name1, purchase))
    put("Name (Adressattyp Unternehmen)", fmt.text(party.name1, 50))
    put("Adressattyp", fmt.Text("2"))
    put("Kurzbezeichnung", fmt.text(party.short_name, 15))
    if party.vat_id:
        put("EU-Land", fmt.Text(party.vat_id[:2]))
        put("EU-UStID", fmt.text(party.vat_id[2:], 13))
    if party.street:
        put("Adressart", fmt.Text("STR"))
    put("Straße", fmt.text(party.street, 36))
    put("Postleitzahl", fmt.text(party.postal_code, 10))
    put("Ort", fmt.text(party.city, 30))
    put("Land", fmt.Text(party.country_code))
    put("Adresszusatz", fmt.text(party.name2, 36))
    put("Telefon", fmt.text(party.phone, 60))
    put("E-Mail", fmt.text(party.email, 60))
    put("Internet", fmt.text(party.website, 60))
    put("Fax", fmt.text(party.fax, 60))
    if bank is not None:
        put("Bankbezeichnung 1", fmt.text(bank.bank_name, 30))
        put("Länderkennzeichen 1", fmt.Text(bank.iban[:2]))
        put("IBAN-Nr. 1", fmt.text(bank.iban, 34))
        put("SWIFT-Code 1", fmt.text(bank.bic, 11))
        put("Abw. Kontoinhaber 1", fmt.text(bank.account_holder, 70))
        put("Kennz. Hauptbankverb. 1", "1")
        if not purchase and bank.sepa_mandate_reference:
            put("SEPA-Mandatsreferenz 1", fmt.text(bank.sepa_mandate_reference, 35))
    put("Kunden-/Lief.-Nr.", fmt.text(party.number, 15))
    put("Steuernummer", fmt.text(party.tax_number, 20))
    put("Sprache", LANGUAGES.get(party.language_code, ""))
    if purchase:
        if term is not None:
            if term.discount1_percent:
                put("Kreditoren-Ziel 1 Tg.", str(term.discount1_days))
                put("Kreditoren-Skonto 1 %", fmt.percent(term.discount1_percent))
            if term.discount2_percent:
                put("Kreditoren-Ziel 2 Tg.", str(term.discount2_days))
                put("Kreditoren-Skonto 2 %", fmt.percent(term.discount2_percent))
            put("Kreditoren-Ziel 3 Brutto Tg.", str(term.net_days))
    else:
        if party.credit_limit is not None:
            put("Kreditlimit (Debitor)", str(int(party.credit_limit)))
        if term is not None:
            put("Fälligkeit in Tagen (Debitor)", str(term.net_days))
            put("Skonto in Prozent (Debitor)", fmt.percent(term.discount1_percent))
    return cells


# -- writing ---------------------------------------------------------------------------------


def write_files(export: DatevExport, opener: Callable[[str], AbstractContextManager[IO[bytes]]]) -> dict[str, str]:
    """Write every file through `opener(name)` (a zip member, a file in a folder); returns the
    SHA-256 of each file's bytes."""
    checksums = {}
    for export_file in export.files:
        digest = hashlib.sha256()
        with opener(export_file.name) as out:
            for line in export_file.lines():
                data = fmt.encode(line)
                digest.update(data)
                out.write(data)
        checksums[export_file.name] = digest.hexdigest()
    return checksums


def write_zip(export: DatevExport, target: IO[bytes]) -> dict[str, str]:
    import zipfile

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        return write_files(export, lambda name: archive.open(name, "w"))
