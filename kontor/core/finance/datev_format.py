"""The DATEV format (EXTF, header version 700) as data: header line, column headings, cells.

Layout from DATEV's format description "DATEV-Format" on developer.datev.de and the
column headings of DATEV's sample files (Musterdaten):

- line 1, the header of 31 fields: 1 "EXTF", 2 version 700, 3 data category (21 posting
  batch, 16 debtors/creditors), 4 format name, 5 format version (13 and 5), 6 created
  (YYYYMMDDHHMMSSmmm), 7 empty (set on import), 8 origin (two letters), 9 exported by,
  10 empty (imported by), 11 consultant number, 12 client number, 13 fiscal-year start
  (YYYYMMDD), 14 account length, 15/16 period from/to (YYYYMMDD, posting batch only),
  17 label (at most 30), 18 dictation code, 19 posting type (1 financial accounting),
  20 accounting purpose (0), 21 fixation (0/1), 22 currency, 23 reserved, 24 derivative
  flag, 25/26 reserved, 27 chart of accounts, 28 industry solution, 29/30 reserved,
  31 application information;
- line 2, the column headings: 125 for the posting batch (version 13), 254 for the
  debtors/creditors (version 5); DATEV reads the columns by position;
- then one line per posting or per account.

Semicolon separated, text in double quotes (a quote inside doubled), numbers bare with a
decimal comma and no thousands separator, Windows-1252, CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from kontor.core.documents.totals import cents

ENCODING = "cp1252"
NEWLINE = "\r\n"
HEADER_VERSION = 700
POSTING_BATCH = (21, "Buchungsstapel", 13)
DEBTORS_CREDITORS = (16, "Debitoren/Kreditoren", 5)
ORIGIN = "RE"  # Herkunft: two letters of the sending program; DATEV replaces it on import


def _pairs(first: str, second: str, count: int) -> list[str]:
    return [name for n in range(1, count + 1) for name in (f"{first} {n}", f"{second} {n}")]


POSTING_COLUMNS: tuple[str, ...] = tuple(
    [
        "Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz",
        "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum",
        "Belegfeld 1", "Belegfeld 2", "Skonto", "Buchungstext", "Postensperre", "Diverse Adressnummer",
        "Geschäftspartnerbank", "Sachverhalt", "Zinssperre", "Beleglink",
    ]
    + _pairs("Beleginfo - Art", "Beleginfo - Inhalt", 8)
    + [
        "KOST1 - Kostenstelle", "KOST2 - Kostenstelle", "Kost-Menge", "EU-Land u. UStID (Bestimmung)",
        "EU-Steuersatz (Bestimmung)", "Abw. Versteuerungsart", "Sachverhalt L+L", "Funktionsergänzung L+L",
        "BU 49 Hauptfunktionstyp", "BU 49 Hauptfunktionsnummer", "BU 49 Funktionsergänzung",
    ]
    + _pairs("Zusatzinformation - Art", "Zusatzinformation- Inhalt", 20)
    + [
        "Stück", "Gewicht", "Zahlweise", "Forderungsart", "Veranlagungsjahr", "Zugeordnete Fälligkeit",
        "Skontotyp", "Auftragsnummer", "Buchungstyp", "USt-Schlüssel (Anzahlungen)", "EU-Land (Anzahlungen)",
        "Sachverhalt L+L (Anzahlungen)", "EU-Steuersatz (Anzahlungen)", "Erlöskonto (Anzahlungen)",
        "Herkunft-Kz", "Buchungs GUID", "KOST-Datum", "SEPA-Mandatsreferenz", "Skontosperre",
        "Gesellschaftername", "Beteiligtennummer", "Identifikationsnummer", "Zeichnernummer",
        "Postensperre bis", "Bezeichnung SoBil-Sachverhalt", "Kennzeichen SoBil-Buchung", "Festschreibung",
        "Leistungsdatum", "Datum Zuord. Steuerperiode", "Fälligkeit", "Generalumkehr (GU)", "Steuersatz",
        "Land", "Abrechnungsreferenz", "BVV-Position", "EU-Land u. UStID (Ursprung)",
        "EU-Steuersatz (Ursprung)", "Abw. Skontokonto",
    ]
)


def _bank(n: int) -> list[str]:
    return [f"Bankleitzahl {n}", f"Bankbezeichnung {n}", f"Bank-Kontonummer {n}", f"Länderkennzeichen {n}",
            f"IBAN-Nr. {n}", "Leerfeld", f"SWIFT-Code {n}", f"Abw. Kontoinhaber {n}", f"Kennz. Hauptbankverb. {n}",
            f"Bankverb {n} Gültig von", f"Bankverb {n} Gültig bis"]


_ADDRESS_SUFFIX = " (Rechnungsadresse)"

ACCOUNT_COLUMNS: tuple[str, ...] = tuple(
    [
        "Konto", "Name (Adressattyp Unternehmen)", "Unternehmensgegenstand", "Name (Adressattyp natürl. Person)",
        "Vorname (Adressattyp natürl. Person)", "Name (Adressattyp keine Angabe)", "Adressattyp",
        "Kurzbezeichnung", "EU-Land", "EU-UStID", "Anrede", "Titel/Akad. Grad", "Adelstitel", "Namensvorsatz",
        "Adressart", "Straße", "Postfach", "Postleitzahl", "Ort", "Land", "Versandzusatz", "Adresszusatz",
        "Abweichende Anrede", "Abw. Zustellbezeichnung 1", "Abw. Zustellbezeichnung 2",
        "Kennz. Korrespondenzadresse", "Adresse Gültig von", "Adresse Gültig bis", "Telefon",
        "Bemerkung (Telefon)", "Telefon GL", "Bemerkung (Telefon GL)", "E-Mail", "Bemerkung (E-Mail)",
        "Internet", "Bemerkung (Internet)", "Fax", "Bemerkung (Fax)", "Sonstige", "Bemerkung (Sonstige)",
    ]
    + [name for n in range(1, 6) for name in _bank(n)]
    + [
        "Leerfeld", "Briefanrede", "Grußformel", "Kunden-/Lief.-Nr.", "Steuernummer", "Sprache",
        "Ansprechpartner", "Vertreter", "Sachbearbeiter", "Diverse-Konto", "Ausgabeziel", "Währungssteuerung",
        "Kreditlimit (Debitor)", "Zahlungsbedingung", "Fälligkeit in Tagen (Debitor)",
        "Skonto in Prozent (Debitor)", "Kreditoren-Ziel 1 Tg.", "Kreditoren-Skonto 1 %", "Kreditoren-Ziel 2 Tg.",
        "Kreditoren-Skonto 2 %", "Kreditoren-Ziel 3 Brutto Tg.", "Kreditoren-Ziel 4 Tg.", "Kreditoren-Skonto 4 %",
        "Kreditoren-Ziel 5 Tg.", "Kreditoren-Skonto 5 %", "Mahnung", "Kontoauszug", "Mahntext 1", "Mahntext 2",
        "Mahntext 3", "Kontoauszugstext", "Mahnlimit Betrag", "Mahnlimit %", "Zinsberechnung",
        "Mahnzinssatz 1", "Mahnzinssatz 2", "Mahnzinssatz 3", "Lastschrift", "Leerfeld", "Mandantenbank",
        "Zahlungsträger",
    ]
    + [f"Indiv. Feld {n}" for n in range(1, 16)]
    + [name + _ADDRESS_SUFFIX for name in (
        "Abweichende Anrede", "Adressart", "Straße", "Postfach", "Postleitzahl", "Ort", "Land", "Versandzusatz",
        "Adresszusatz", "Abw. Zustellbezeichnung 1", "Abw. Zustellbezeichnung 2", "Adresse Gültig von",
        "Adresse Gültig bis")]
    + [name for n in range(6, 11) for name in _bank(n)]
    + ["Nummer Fremdsystem", "Insolvent"]
    + [f"SEPA-Mandatsreferenz {n}" for n in range(1, 11)]
    + [
        "Verknüpftes OPOS-Konto", "Mahnsperre bis", "Lastschriftsperre bis", "Zahlungssperre bis",
        "Gebührenberechnung", "Mahngebühr 1", "Mahngebühr 2", "Mahngebühr 3", "Pauschalenberechnung",
        "Verzugspauschale 1", "Verzugspauschale 2", "Verzugspauschale 3", "Alternativer Suchname", "Status",
        "Anschrift manuell geändert (Korrespondenzadresse)", "Anschrift individuell (Korrespondenzadresse)",
        "Anschrift manuell geändert (Rechnungsadresse)", "Anschrift individuell (Rechnungsadresse)",
        "Fristberechnung bei Debitor", "Mahnfrist 1", "Mahnfrist 2", "Mahnfrist 3", "Letzte Frist",
    ]
)

assert len(POSTING_COLUMNS) == 125 and len(ACCOUNT_COLUMNS) == 254


class Text(str):
    """A text cell: written in double quotes."""


def text(value: str | None, limit: int) -> Text:
    """A text cell cut to DATEV's field length, without line breaks or tabs."""
    cleaned = " ".join((value or "").split())
    return Text(cleaned[:limit])


def amount(value: Decimal) -> str:
    """1234.5 -> 1234,50: two places, decimal comma, never a thousands separator or a sign."""
    return f"{cents(abs(value)):.2f}".replace(".", ",")


def rate(per_unit: Decimal) -> str:
    """An exchange rate kept as home currency per unit, as DATEV's Kurs: units of the foreign
    currency per one unit of home currency, six places, decimal comma (1.0650 -> 0,938967)."""
    quoted = (Decimal(1) / Decimal(per_unit)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return f"{quoted:f}".replace(".", ",")


def percent(value: Decimal) -> str:
    return amount(value) if value else ""


def ddmm(day: date) -> str:
    return day.strftime("%d%m")


def ddmmyyyy(day: date | None) -> str:
    return day.strftime("%d%m%Y") if day else ""


def yyyymmdd(day: date) -> str:
    return day.strftime("%Y%m%d")


def cell(value: str) -> str:
    if isinstance(value, Text):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_line(cells: Iterable[str]) -> str:
    return ";".join(cell(value) for value in cells) + NEWLINE


def encode(line: str) -> bytes:
    """Windows-1252; a character it lacks becomes '?' rather than breaking the file."""
    return line.encode(ENCODING, errors="replace")


def headings_line(columns: tuple[str, ...]) -> str:
    return ";".join(columns) + NEWLINE


def header_line(category: tuple[int, str, int], *, created_at: datetime, exported_by: str, consultant: int,
                client: int, fiscal_year_start: date, account_length: int, chart: str,
                period: tuple[date, date] | None = None, label: str = "", dictation_code: str = "",
                fixation: bool = False) -> str:
    """Line 1 of an EXTF file. The period, posting type, purpose, fixation and currency belong
    to posting data only; for master data those fields stay empty."""
    number, name, version = category
    postings = period is not None
    fields = [
        Text("EXTF"), str(HEADER_VERSION), str(number), Text(name), str(version),
        created_at.strftime("%Y%m%d%H%M%S") + f"{created_at.microsecond // 1000:03d}", "", Text(ORIGIN),
        text(exported_by, 25), Text(""), str(consultant), str(client), yyyymmdd(fiscal_year_start),
        str(account_length),
        yyyymmdd(period[0]) if postings else "", yyyymmdd(period[1]) if postings else "",
        text(label, 30), Text(dictation_code),
        "1" if postings else "", "0" if postings else "", ("1" if fixation else "0") if postings else "",
        Text("EUR") if postings else Text(""),
        "", Text(""), "", "", Text(chart), "", "", Text(""), Text(""),
    ]
    assert len(fields) == 31
    return csv_line(fields)
