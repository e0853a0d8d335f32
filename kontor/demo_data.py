"""The data of the demo company "Muster Haustechnik GmbH", a building-services wholesaler
and installer (sanitary, heating, electrical) in Augsburg with a branch in Munich.

Plain tables (and three helpers that compute check digits); `kontor.demo` enters them through the service layer. References between
the tables use codes (basics) and short names (parties, articles), never database ids.
Identifiers are valid: IBANs, VAT IDs and EAN barcodes get their check digits computed here,
postal codes belong to their cities. E-mail addresses and web sites use the reserved
top-level domain `.example`, so the demo can never write to anyone real.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import NamedTuple

from stdnum import ean, iban
from stdnum.iso7064 import mod_11_10


def de_iban(bank_code: str, account: str) -> str:
    """A German IBAN for a bank code (BLZ) and an account number, with its check digits."""
    bban = f"{bank_code}{int(account):010d}"
    return f"DE{iban.calc_check_digits('DE00' + bban)}{bban}"


def de_vat_id(base: str) -> str:
    """A German VAT ID (USt-IdNr.) from eight digits plus the ISO 7064 MOD 11,10 check digit."""
    return f"DE{base}{mod_11_10.calc_check_digit(base)}"


def ean13(first12: str) -> str:
    return first12 + ean.calc_check_digit(first12)


DEMO_CODE = "demo"
DEMO_NAME = "Muster Haustechnik GmbH"

COMPANY = {
    "company_name": DEMO_NAME,
    "street": "Haunstetter Straße 112",
    "postal_code": "86161",
    "city": "Augsburg",
    "country_code": "DE",
    "vat_id": "DE136695976",
    "home_currency": "EUR",
    "default_credit_limit": D(10000),
    "footer_text": (
        "Muster Haustechnik GmbH · Haunstetter Straße 112 · 86161 Augsburg · Tel. 0821 450 77-0\n"
        "Geschäftsführer: Dipl.-Ing. Thomas Brandl · Amtsgericht Augsburg HRB 31415 · USt-IdNr. DE136695976\n"
        f"Stadtsparkasse Augsburg · IBAN {de_iban('72050000', '240118877')} · BIC AUGSDE77XXX"
    ),
}

# -- basics ------------------------------------------------------------------------------------

CODE_LISTS: dict[str, list[tuple[str, str]]] = {
    "article-main-groups": [
        ("SAN", "Sanitär"), ("HEIZ", "Heizung"), ("ELEK", "Elektro"), ("DL", "Dienstleistung"),
    ],
    "article-assortments": [
        ("LAGER", "Lagersortiment"), ("BESTELL", "Bestellsortiment (nicht lagerhaltig)"),
        ("DL", "Dienstleistungen und Nebenkosten"),
    ],
    "article-series": [
        ("PRESS-CU", "Kupfer-Presssystem"), ("PRESS-MV", "Mehrschichtverbund-Presssystem"),
        ("HT", "HT-Abflusssystem"), ("LINEA", "Armaturenserie Linea"), ("ECO", "Brennwertserie Eco"),
        ("KOMPAKT", "Kompaktheizkörper"), ("FBH", "Fußbodenheizungssystem"),
    ],
    "categories": [("NEUBAU", "Neubau"), ("SANIERUNG", "Sanierung"), ("WARTUNG", "Wartung")],
    "shipping-methods": [
        ("SPED", "Spedition"), ("PAKET", "Paketdienst"), ("ABH", "Selbstabholung"),
        ("TOUR", "Auslieferung mit eigenem Fahrzeug"),
    ],
    "customer-discount-groups": [
        ("HANDWERK", "Handwerk"), ("ENDKUNDE", "Endkunde"), ("GROSSHANDEL", "Großhandel"),
    ],
    "article-discount-groups": [
        ("R10", "Rohr, Fittings, Befestigung"), ("R20", "Armaturen, Keramik, Heizkörper"),
        ("R30", "Wärmeerzeuger"), ("R40", "Elektromaterial"), ("R90", "nicht rabattfähig"),
    ],
    "commission-groups": [
        ("STD", "Standardprovision"), ("WP", "erhöhte Provision Wärmepumpen und Solar"),
        ("KEINE", "keine Provision"),
    ],
    "sales-territories": [
        ("SCHWABEN", "Augsburg / Schwaben"), ("OBB", "München / Oberbayern"),
        ("EXPORT", "Österreich und Benelux"),
    ],
    "mailing-features": [
        ("NEWS", "Newsletter"), ("MESSE", "Messe-Einladung"), ("WEIHN", "Weihnachtspost"),
    ],
    "org-units": [("FILIALE-MUC", "Filiale München")],
}

# code, name, main group, article discount group, commission group
ARTICLE_GROUPS = [
    ("ROHR", "Rohre und Fittings", "SAN", "R10", "STD"),
    ("ABW", "Abwassertechnik", "SAN", "R10", "STD"),
    ("ARM", "Armaturen", "SAN", "R20", "STD"),
    ("KER", "Sanitärkeramik und Vorwand", "SAN", "R20", "STD"),
    ("CHEM", "Bauchemie und Dichtmittel", "SAN", "R10", "STD"),
    ("BEF", "Befestigungsmaterial", "SAN", "R10", "STD"),
    ("WAERM", "Wärmeerzeuger und Speicher", "HEIZ", "R30", "STD"),
    ("EE", "Wärmepumpen und Solartechnik", "HEIZ", "R30", "WP"),
    ("HKV", "Heizkörper und Flächenheizung", "HEIZ", "R20", "STD"),
    ("PUMP", "Pumpen und Anlagenzubehör", "HEIZ", "R20", "STD"),
    ("KAB", "Kabel und Leitungen", "ELEK", "R40", "STD"),
    ("INST", "Installations- und Regeltechnik", "ELEK", "R40", "STD"),
    ("MON", "Montage und Kundendienst", "DL", "R90", "KEINE"),
    ("FREMD", "Fremdleistungen", "DL", "R90", "KEINE"),
    ("NK", "Nebenkosten", "DL", "R90", "KEINE"),
    ("PROV", "Provisionen", "DL", "R90", "KEINE"),
]

# code, name, decimals, UN/ECE Rec 20 code (beside the seeded units)
UNITS = [("KAR", "Kartusche", 0, "CQ"), ("SET", "Set", 0, "SET")]

PAYMENT_TERMS = [
    {"code": "N14", "name": "14 Tage netto", "net_days": 14, "text": "Zahlbar innerhalb von 14 Tagen ohne Abzug."},
    {"code": "S14", "name": "8 Tage 3 %, 14 Tage 2 %, 30 Tage netto", "net_days": 30,
     "discount1_days": 8, "discount1_percent": D(3), "discount2_days": 14, "discount2_percent": D(2),
     "text": "Zahlbar innerhalb von 8 Tagen mit 3 % Skonto, innerhalb von 14 Tagen mit 2 % Skonto "
             "oder innerhalb von 30 Tagen netto."},
]

# code, name, revenue account (SKR03), tax code (seeded)
REVENUE_CODES = [
    ("8400", "Erlöse 19 % USt", "8400", "U19"),
    ("8300", "Erlöse 7 % USt", "8300", "U7"),
    ("8125", "Steuerfreie innergemeinschaftliche Lieferungen", "8125", "IG"),
]

# code, title, usage, body (placeholders from kontor.core.masterdata.texts.placeholders)
TEXT_BLOCKS = [
    ("KOPF-ANG", "Kopftext Angebot", "header",
     "{letter_greeting} {contact_name},\n\nvielen Dank für Ihre Anfrage. "
     "Gerne unterbreiten wir Ihnen folgendes Angebot:"),
    ("KOPF-AB", "Kopftext Auftragsbestätigung", "header",
     "{letter_greeting} {contact_name},\n\nwir danken für Ihren Auftrag {customer_order_number} und bestätigen "
     "ihn wie folgt. Voraussichtlicher Liefertermin: {delivery_date}."),
    ("KOPF-RE", "Kopftext Rechnung", "header",
     "Kundennummer {customer_number}: Für unsere Lieferungen und Leistungen berechnen wir Ihnen:"),
    ("FUSS-STD", "Fußtext Standard", "footer",
     "Zahlungsbedingungen: {payment_term}\nLieferbedingungen: {delivery_term}\n\n"
     "Für Rückfragen steht Ihnen {sales_rep} gerne zur Verfügung.\n\nMit freundlichen Grüßen\n{company_name}"),
    ("FUSS-IGL", "Fußtext innergemeinschaftliche Lieferung", "footer",
     "Steuerfreie innergemeinschaftliche Lieferung nach § 4 Nr. 1b in Verbindung mit § 6a UStG."),
    ("SATZ-WART", "Leistungsbeschreibung Heizungswartung", "set",
     "Jährliche Wartung der Heizungsanlage nach Herstellervorgaben: Sichtprüfung, Reinigung von Brenner und "
     "Wärmetauscher, Prüfung der Sicherheitseinrichtungen, Abgasmessung und Wartungsprotokoll."),
    ("SATZ-REGIE", "Abrechnung nach Aufwand", "set",
     "Die Arbeiten werden nach tatsächlichem Aufwand laut Arbeitsnachweis abgerechnet."),
    ("SATZ-BAUST", "Hinweis Baustellenlieferung", "set",
     "Anlieferung frei Baustelle, ebenerdig und mit LKW befahrbar. Das Abladen übernimmt der Empfänger."),
]

# -- staff, agents, banks ----------------------------------------------------------------------

STAFF = [
    dict(short_name="BRANDL", academic_title="Dipl.-Ing.", first_name="Thomas", last_name="Brandl",
         org_unit="ZENTRALE", job_title="Geschäftsführer", work_area="Geschäftsleitung",
         birth_date=date(1968, 3, 14), entry_date=date(2004, 4, 1), monthly_salary=D(9800),
         annual_salary=D(127400), email="t.brandl@muster-haustechnik.example", phone="0821 450 77-10",
         iban=de_iban("72050000", "240118001")),
    dict(short_name="HUBER", first_name="Stefan", last_name="Huber", org_unit="ZENTRALE",
         job_title="Vertrieb Außendienst", work_area="Vertrieb Schwaben", birth_date=date(1979, 7, 2),
         entry_date=date(2011, 9, 1), monthly_salary=D(4600), annual_salary=D(59800), allowances=D(3600),
         is_sales_rep=True, commission_basis="revenue", commission_percent=D("2.5"),
         email="s.huber@muster-haustechnik.example", phone="0171 4402318", iban=de_iban("72050000", "310442871")),
    dict(short_name="WAGNER", first_name="Sabine", last_name="Wagner", org_unit="FILIALE-MUC",
         job_title="Vertrieb Außendienst", work_area="Vertrieb Oberbayern", birth_date=date(1985, 11, 23),
         entry_date=date(2016, 2, 15), monthly_salary=D(4700), annual_salary=D(61100), allowances=D(3600),
         is_sales_rep=True, commission_basis="contribution_margin", commission_percent=D(8),
         email="s.wagner@muster-haustechnik.example", phone="0171 4402319", iban=de_iban("70020270", "6543210987")),
    dict(short_name="SCHMID", first_name="Julia", last_name="Schmid", org_unit="ZENTRALE",
         job_title="Auftragssachbearbeitung", work_area="Innendienst", birth_date=date(1990, 5, 8),
         entry_date=date(2014, 8, 1), monthly_salary=D(3400), annual_salary=D(44200),
         email="j.schmid@muster-haustechnik.example", phone="0821 450 77-21"),
    dict(short_name="BAUER", first_name="Markus", last_name="Bauer", org_unit="ZENTRALE",
         job_title="Anlagenmechaniker SHK (Monteur)", work_area="Montage", birth_date=date(1987, 1, 30),
         entry_date=date(2009, 9, 1), hourly_wage=D("22.50"), hourly_cost=D("48.90"),
         health_insurance="AOK Bayern", iban=de_iban("72050000", "410377654")),
    dict(short_name="FISCHER", first_name="Andreas", last_name="Fischer", org_unit="FILIALE-MUC",
         job_title="Installateur- und Heizungsbauermeister", work_area="Kundendienst",
         birth_date=date(1976, 9, 17), entry_date=date(2007, 3, 1), hourly_wage=D("28.00"),
         hourly_cost=D("58.50"), health_insurance="Techniker Krankenkasse"),
    dict(short_name="MAIER", first_name="Lukas", last_name="Maier", org_unit="ZENTRALE",
         employment_type="apprentice", job_title="Auszubildender Anlagenmechaniker SHK", work_area="Montage",
         birth_date=date(2005, 6, 11), entry_date=date(2022, 9, 1), monthly_salary=D(1050),
         hourly_cost=D("24.00")),
    dict(short_name="KERN", first_name="Tobias", last_name="Kern", org_unit="ZENTRALE", job_title="Lagerist",
         work_area="Lager und Versand", birth_date=date(1983, 12, 4), entry_date=date(2012, 1, 2),
         monthly_salary=D(3100), annual_salary=D(40300)),
]

# Contacts everywhere: salutation, title, first name, last name, position, phone, e-mail
AGENTS = [
    dict(short_name="KELLER-TGA", name1="Ingenieurbüro Keller", name2="TGA-Planung", street="Provinostraße 52",
         postal_code="86153", city="Augsburg", phone="0821 455 33-0", email="info@ib-keller.example",
         salutation="FIRMA", commission_percent=D(3),
         contacts=[("HERR", "Dipl.-Ing. (FH)", "Martin", "Keller", "Inhaber", "0821 455 33-10",
                    "m.keller@ib-keller.example")]),
    dict(short_name="ROTH-IMMO", name1="Immobilienservice Roth", street="Frauenstraße 8", postal_code="80469",
         city="München", phone="089 2350 8812", email="kontakt@roth-immobilien.example", salutation="FIRMA",
         commission_amount=D(150),
         contacts=[("FRAU", "", "Claudia", "Roth", "Geschäftsführerin", "089 2350 8810",
                    "c.roth@roth-immobilien.example")]),
]

BANKS = [
    dict(short_name="SSK-AUGSBURG", name1="Stadtsparkasse Augsburg", street="Halderstraße 1-5",
         postal_code="86150", city="Augsburg", phone="0821 3255-0", bic="AUGSDE77XXX", bank_code="72050000",
         notes=[(date(2024, 1, 15), "Thomas Brandl",
                 "Jahresgespräch: Kontokorrentlinie von 150.000 EUR bis 31.12.2025 verlängert."),
                (date(2024, 9, 3), "Thomas Brandl",
                 "Avalrahmen für Gewährleistungsbürgschaften auf 80.000 EUR erhöht.")]),
    dict(short_name="HVB-MUENCHEN", name1="UniCredit Bank GmbH", name2="HypoVereinsbank",
         street="Arabellastraße 12", postal_code="81925", city="München", phone="089 378-0",
         bic="HYVEDEMMXXX", bank_code="70020270",
         notes=[(date(2023, 11, 20), "Julia Schmid", "Geschäftskonto der Filiale München eröffnet."),
                (date(2024, 6, 12), "Thomas Brandl", "Konditionen für Leasing der Kundendienstfahrzeuge angefragt.")]),
]

# -- suppliers -----------------------------------------------------------------------------------

# short name: (lead time in days, GS1 company prefix of the goods it supplies)
SUPPLIER_LOGISTICS = {
    "SANIT": (2, "4012345"), "THERMO": (5, "4023456"), "ELGROSS": (2, "4034567"),
    "ROHRTEC": (3, "4045678"), "NORDWAERME": (14, "4056789"), "CHEMIE": (4, "4067890"),
    "SANPRO": (21, "4078901"),
}

SUPPLIERS = [
    dict(short_name="SANIT", name1="Sanitärgroßhandel Südbayern GmbH", street="Berliner Allee 30",
         postal_code="86153", city="Augsburg", phone="0821 56 02-0", email="bestellung@sanitaer-suedbayern.example",
         vat_id=de_vat_id("21487653"), our_customer_number="KD-48815", minimum_order_value=D(150), rating="A",
         rating_note="zuverlässig, Lieferung meist am Folgetag", payment_term="S10", delivery_term="FH",
         shipping_method="TOUR",
         contacts=[("HERR", "", "Florian", "Schuster", "Verkauf Innendienst", "0821 56 02-214",
                    "f.schuster@sanitaer-suedbayern.example")],
         bank_accounts=[(de_iban("72050000", "880012345"), "AUGSDE77XXX", "SSK-AUGSBURG")],
         discount_agreements=[("Jahresrabatt Armaturen", "ARM", D(42), D(0), date(2024, 1, 1), date(2025, 12, 31)),
                              ("Projektrabatt Keramik ab 2.500 EUR", "KER", D(38), D(2500), date(2024, 1, 1), None)]),
    dict(short_name="THERMO", name1="Thermotec Heizsysteme GmbH & Co. KG", street="Am Kesselwerk 3",
         postal_code="35066", city="Frankenberg (Eder)", phone="06451 7120-0", email="auftrag@thermotec.example",
         vat_id=de_vat_id("11358294"), our_customer_number="100-77412", minimum_order_value=D(500), rating="A",
         payment_term="S10", delivery_term="FH", shipping_method="SPED",
         contacts=[("FRAU", "", "Katrin", "Lorenz", "Gebietsverkaufsleiterin Bayern", "0160 5523901",
                    "k.lorenz@thermotec.example"),
                   ("HERR", "", "Jens", "Albrecht", "Technischer Kundendienst", "06451 7120-300",
                    "service@thermotec.example")],
         bank_accounts=[("DE89370400440532013000", "COBADEFFXXX", None)],
         discount_agreements=[("Fachpartnerrabatt Wärmeerzeuger", "WAERM", D(40), D(0), date(2024, 1, 1), None),
                              ("Heizkörper-Aktion", "HKV", D(48), D(1000), date(2024, 3, 1), date(2024, 12, 31))]),
    dict(short_name="ELGROSS", name1="Elektrogroßhandel Lechfeld GmbH", street="Lechfeldstraße 8",
         postal_code="86830", city="Schwabmünchen", phone="08232 9630-0", email="verkauf@elektro-lechfeld.example",
         vat_id=de_vat_id("24680135"), our_customer_number="55190", minimum_order_value=D(100), rating="B",
         rating_note="gelegentlich Teillieferungen", payment_term="N30", delivery_term="FH", shipping_method="PAKET",
         contacts=[("HERR", "", "Michael", "Schreiner", "Verkauf", "08232 9630-12",
                    "m.schreiner@elektro-lechfeld.example")],
         bank_accounts=[(de_iban("72050000", "770034567"), "AUGSDE77XXX", "SSK-AUGSBURG")],
         discount_agreements=[("Grundrabatt Elektromaterial", "KAB", D(45), D(0), None, None)]),
    dict(short_name="ROHRTEC", name1="Rohrtechnik Franken GmbH", street="Hafenstraße 20", postal_code="90451",
         city="Nürnberg", phone="0911 64 31-0", email="order@rohrtechnik-franken.example",
         vat_id=de_vat_id("36925814"), our_customer_number="R-20931", minimum_order_value=D(250), rating="A",
         payment_term="S10", delivery_term="FH", shipping_method="SPED",
         contacts=[("HERR", "", "Peter", "Schmitt", "Key Account Süd", "0911 64 31-155",
                    "p.schmitt@rohrtechnik-franken.example")],
         bank_accounts=[(de_iban("76050101", "1234567"), "SSKNDE77XXX", None)],
         discount_agreements=[("Rahmenvertrag Kupfer und Mehrschichtverbund", "ROHR", D(40), D(0),
                               date(2024, 1, 1), date(2025, 12, 31))]),
    dict(short_name="NORDWAERME", name1="Nordwärme Wärmepumpen GmbH", street="Werftstraße 2", postal_code="26789",
         city="Leer (Ostfriesland)", phone="0491 92 77-0", email="vertrieb@nordwaerme.example",
         vat_id=de_vat_id("15975346"), our_customer_number="NW-3381", minimum_order_value=D(1000), rating="B",
         rating_note="lange Lieferzeiten bei Monoblock-Geräten", payment_term="N30", delivery_term="FH",
         shipping_method="SPED",
         contacts=[("HERR", "", "Hauke", "Janssen", "Vertriebsleiter", "0491 92 77-40",
                    "h.janssen@nordwaerme.example")],
         bank_accounts=[(de_iban("28550000", "5566778"), "BRLADE21LER", None)],
         discount_agreements=[("Partnerrabatt Wärmepumpen", "EE", D(35), D(0), date(2024, 1, 1), None)]),
    dict(short_name="CHEMIE", name1="Bauchemie Müller KG", street="Gewerbestraße 14", postal_code="73037",
         city="Göppingen", phone="07161 50 44-0", email="bestellung@bauchemie-mueller.example",
         vat_id=de_vat_id("27364518"), our_customer_number="4471", minimum_order_value=D(80), rating="B",
         payment_term="N30", delivery_term="AW", shipping_method="PAKET",
         contacts=[("FRAU", "", "Sandra", "Keller", "Innendienst", "07161 50 44-21",
                    "s.keller@bauchemie-mueller.example")],
         bank_accounts=[("DE02120300000000202051", "BYLADEM1001", None)],
         discount_agreements=[("Grundrabatt Dichtmittel", "CHEM", D(30), D(0), None, None)]),
    dict(short_name="SANPRO", name1="SanPro Import Handels GmbH", street="Am Sandtorkai 50", postal_code="20457",
         city="Hamburg", phone="040 3009 1170", email="sales@sanpro-import.example",
         vat_id=de_vat_id("31415926"), minimum_order_value=D(750), rating="C",
         rating_note="Reklamationsquote 2023 über 8 %", approved=False,
         approval_note="Freigabe ausgesetzt: Qualitätsmängel bei Armaturen (Prüfbericht 03/2024)",
         payment_term="SOF", delivery_term="AW", shipping_method="SPED",
         contacts=[("HERR", "", "Dennis", "Wulff", "Export Sales", "040 3009 1171", "d.wulff@sanpro-import.example")]),
]

# -- customers -----------------------------------------------------------------------------------

# Defaults per customer segment: HW trades business, WG housing company or property developer,
# GH wholesaler, GK commercial or public end customer, EK private end customer.
SEGMENTS = {
    "HW": dict(discount_group="HANDWERK", payment_term="S10", delivery_term="FH", shipping_method="TOUR",
               salutation="FIRMA", credit_limit=D(15000)),
    "WG": dict(discount_group="ENDKUNDE", payment_term="N30", delivery_term="FH", shipping_method="SPED",
               salutation="FIRMA", credit_limit=D(50000), collective_invoice=True, invoicing_cycle="monthly"),
    "GH": dict(discount_group="GROSSHANDEL", payment_term="S14", delivery_term="FH", shipping_method="SPED",
               salutation="FIRMA", credit_limit=D(40000), collective_invoice=True, invoicing_cycle="monthly"),
    "GK": dict(discount_group="ENDKUNDE", payment_term="N30", delivery_term="FH", shipping_method="TOUR",
               salutation="FIRMA", credit_limit=D(20000)),
    "EK": dict(discount_group="ENDKUNDE", payment_term="N14", delivery_term="FH", shipping_method="TOUR"),
}

# Territory (and its sales representative) by the first two digits of a German postal code.
TERRITORIES = {"80": "OBB", "81": "OBB", "82": "OBB", "83": "OBB", "85": "OBB",
               "86": "SCHWABEN", "87": "SCHWABEN", "89": "SCHWABEN"}
TERRITORY_REPS = {"OBB": "WAGNER", "SCHWABEN": "HUBER", "EXPORT": "HUBER"}

# short name, segment, price class, category, name, street, postal code, city, phone, e-mail
CUSTOMERS = [
    ("HUBER-SHK", "HW", 3, "SANIERUNG", "Sanitär Huber GmbH", "Lechhauser Straße 45", "86165", "Augsburg",
     "0821 71 04-0", "info@sanitaer-huber.example"),
    ("WIMMER-HZG", "HW", 2, "WARTUNG", "Heizungsbau Wimmer e. K.", "Hauptstraße 12", "86343", "Königsbrunn",
     "08231 34 56", "kontakt@wimmer-heizung.example"),
    ("SCHNEIDER-BAD", "HW", 3, "SANIERUNG", "Bad & Wärme Schneider GmbH", "Münchner Straße 88", "85221", "Dachau",
     "08131 567 80", "info@schneider-bad.example"),
    ("GRUBER-ELT", "HW", 2, "NEUBAU", "Elektro Gruber GmbH & Co. KG", "Industriestraße 7", "82256",
     "Fürstenfeldbruck", "08141 223 10", "service@elektro-gruber.example"),
    ("LECHNER-SHK", "HW", 2, "WARTUNG", "SHK-Meisterbetrieb Lechner", "Augsburger Straße 3", "86899",
     "Landsberg am Lech", "08191 941 20", "lechner@shk-lechner.example"),
    ("ZIMMERMANN-HT", "HW", 3, "NEUBAU", "Haustechnik Zimmermann GmbH", "Donaustraße 19", "85049", "Ingolstadt",
     "0841 881 20", "info@zimmermann-haustechnik.example"),
    ("BERGMANN-INST", "HW", 2, "SANIERUNG", "Bergmann & Sohn Installationen OHG", "Bahnhofstraße 27", "86316",
     "Friedberg", "0821 60 22 33", "buero@bergmann-sohn.example"),
    ("HOFMANN-KK", "HW", 3, "NEUBAU", "Kälte-Klima Hofmann GmbH", "Gewerbering 5", "86368", "Gersthofen",
     "0821 49 77-0", "info@hofmann-klima.example"),
    ("BRUNNER-SOLAR", "HW", 2, "SANIERUNG", "Solar- und Heiztechnik Brunner GmbH", "Kemptener Straße 40", "87700",
     "Memmingen", "08331 742 10", "anfrage@brunner-solar.example"),
    ("WEBER-BAEDER", "HW", 3, "SANIERUNG", "Weber Bäder GmbH", "Leopoldstraße 120", "80802", "München",
     "089 339 81 20", "info@weber-baeder.example"),
    ("KRAUS-INST", "HW", 2, "SANIERUNG", "Installationen Kraus GmbH", "Tegernseer Landstraße 161", "81539",
     "München", "089 691 23 45", "kraus@kraus-installationen.example"),
    ("LECHAUEN", "WG", 4, "SANIERUNG", "Wohnungsbaugenossenschaft Lechauen eG", "Schertlinstraße 20", "86159",
     "Augsburg", "0821 570 20-0", "technik@wbg-lechauen.example"),
    ("SUEDIMMO", "WG", 4, "SANIERUNG", "Süd-Immobilien Verwaltungs GmbH", "Rosenheimer Straße 145", "81671",
     "München", "089 416 12 30", "instandhaltung@suedimmo.example"),
    ("SCHAEFER-HV", "WG", 3, "WARTUNG", "Hausverwaltung Schäfer GmbH", "Maximilianstraße 33", "86150", "Augsburg",
     "0821 31 95-0", "verwaltung@hv-schaefer.example"),
    ("WEG-PARKSTR", "WG", 3, "WARTUNG", "WEG Parkstraße 14", "Parkstraße 14", "86152", "Augsburg",
     "0821 31 95-0", "weg-parkstrasse@hv-schaefer.example"),
    ("ALPENBLICK-BAU", "WG", 4, "NEUBAU", "Bauträger Alpenblick GmbH", "Wittelsbacherstraße 10", "82319",
     "Starnberg", "08151 446 70", "bau@alpenblick-bautraeger.example"),
    ("OSTALLGAEU-HT", "GH", 5, "NEUBAU", "Haustechnik-Handel Ostallgäu GmbH", "Füssener Straße 2", "87616",
     "Marktoberdorf", "08342 918 80", "einkauf@ht-ostallgaeu.example"),
    ("REINDL-BAU", "GH", 5, "NEUBAU", "Baustoffe Reindl KG", "Landshuter Straße 60", "85435", "Erding",
     "08122 97 30", "einkauf@reindl-baustoffe.example"),
    ("GEMEINDE-KISSING", "GK", 2, "WARTUNG", "Gemeinde Kissing", "Pestalozzistraße 5", "86438", "Kissing",
     "08233 79 07-0", "bauamt@kissing.example"),
    ("HOTEL-ALPENROSE", "GK", 2, "WARTUNG", "Hotel Alpenrose GmbH", "Seestraße 50", "83700", "Rottach-Egern",
     "08022 271 80", "technik@hotel-alpenrose.example"),
    ("BERGER-M", "EK", 1, "SANIERUNG", "Maximilian Berger", "Eichenweg 4", "86356", "Neusäß",
     "0821 48 11 22", "m.berger@mail.example"),
    ("VOGEL-A", "EK", 1, "SANIERUNG", "Anna Vogel", "Am Mühlbach 9", "86830", "Schwabmünchen",
     "08232 700 15", "anna.vogel@mail.example"),
    ("HARTMANN-K", "EK", 1, "NEUBAU", "Dr. Klaus Hartmann", "Starnberger Straße 22", "82131", "Gauting",
     "089 850 33 17", "k.hartmann@mail.example"),
    ("KOEHLER-PJ", "EK", 1, "SANIERUNG", "Petra und Jürgen Köhler", "Lindenstraße 15", "86551", "Aichach",
     "08251 60 21", "koehler.aichach@mail.example"),
    ("WOLF-E", "EK", 1, "WARTUNG", "Elisabeth Wolf", "Kirchplatz 2", "85354", "Freising",
     "08161 123 45", "e.wolf@mail.example"),
    ("NEUMANN-S", "EK", 1, "SANIERUNG", "Stefan Neumann", "Sonnenstraße 8", "82110", "Germering",
     "089 841 20 93", "s.neumann@mail.example"),
    ("PICHLER-AT", "HW", 3, "NEUBAU", "Installationstechnik Pichler GmbH", "Ignaz-Harrer-Straße 45", "5020",
     "Salzburg", "+43 662 43 18 90", "office@pichler-installation.example"),
    ("VANDERBERG-NL", "GH", 4, "NEUBAU", "Van der Berg Installatietechniek B.V.", "Keizersgracht 100", "1015 CW",
     "Amsterdam", "+31 20 555 12 34", "inkoop@vanderberg-installatie.example"),
]

# Fields beyond the segment defaults; agent, invoice_recipient and salutation are short names or codes.
CUSTOMER_EXTRAS = {
    "HUBER-SHK": dict(vat_id=de_vat_id("81234567"), credit_limit=D(25000), bonus_percent=D(2),
                      website="www.sanitaer-huber.example"),
    "SCHNEIDER-BAD": dict(vat_id=de_vat_id("27654321"), credit_limit=D(20000)),
    "ZIMMERMANN-HT": dict(vat_id=de_vat_id("12837465"), credit_limit=D(30000), collective_invoice=True,
                          invoicing_cycle="semi_monthly"),
    "KRAUS-INST": dict(blocked=True, blocked_reason="Zahlungsrückstand über 90 Tage, Mahnverfahren läuft",
                       credit_limit=D(5000), payment_term="SOF"),
    "LECHAUEN": dict(vat_id=de_vat_id("14725836")),
    "SUEDIMMO": dict(vat_id=de_vat_id("25836914"), agent="ROTH-IMMO"),
    "SCHAEFER-HV": dict(agent="ROTH-IMMO", credit_limit=D(30000)),
    "WEG-PARKSTR": dict(name2="c/o Hausverwaltung Schäfer GmbH", invoice_recipient="SCHAEFER-HV",
                        credit_limit=D(15000), collective_invoice=False, invoicing_cycle="per_delivery"),
    "ALPENBLICK-BAU": dict(vat_id=de_vat_id("36914725"), agent="KELLER-TGA", partial_delivery_blocked=True,
                           credit_limit=D(80000),
                           order_info="Lieferung nur vollständig je Bauabschnitt; Lieferschein an Bauleitung."),
    "OSTALLGAEU-HT": dict(vat_id=de_vat_id("19283746"), shipping_method="SPED", bonus_percent=D(3)),
    "REINDL-BAU": dict(vat_id=de_vat_id("28374651"), shipping_method="ABH", delivery_term="AW"),
    "GEMEINDE-KISSING": dict(name2="Bauamt"),
    "BERGER-M": dict(salutation="HERR"),
    "VOGEL-A": dict(salutation="FRAU"),
    "HARTMANN-K": dict(salutation="HERR", agent="KELLER-TGA", payment_term="S10"),
    "KOEHLER-PJ": dict(salutation="DIV"),
    "WOLF-E": dict(salutation="FRAU"),
    "NEUMANN-S": dict(salutation="HERR"),
    "PICHLER-AT": dict(country_code="AT", vat_id="ATU13585627", eu_tax_exempt=True, delivery_term="FH",
                       shipping_method="SPED", payment_term="N30", credit_limit=D(20000)),
    "VANDERBERG-NL": dict(country_code="NL", vat_id="NL004495445B01", eu_tax_exempt=True, language_code="en",
                          delivery_term="AW", payment_term="N30", credit_limit=D(25000)),
}
CUSTOMER_CONTACTS = {
    "HUBER-SHK": [("HERR", "", "Josef", "Huber", "Geschäftsführer", "0821 71 04-11", "j.huber@sanitaer-huber.example"),
                  ("FRAU", "", "Monika", "Seitz", "Einkauf", "0821 71 04-20", "einkauf@sanitaer-huber.example")],
    "WIMMER-HZG": [("HERR", "", "Georg", "Wimmer", "Inhaber", "0171 992 03 44", "g.wimmer@wimmer-heizung.example")],
    "SCHNEIDER-BAD": [("FRAU", "", "Christine", "Schneider", "Geschäftsführerin", "08131 567 81",
                       "c.schneider@schneider-bad.example")],
    "GRUBER-ELT": [("HERR", "", "Franz", "Gruber", "Elektromeister", "08141 223 11",
                    "f.gruber@elektro-gruber.example")],
    "ZIMMERMANN-HT": [("HERR", "Dipl.-Ing.", "Ralf", "Zimmermann", "Geschäftsführer", "0841 881 21",
                       "r.zimmermann@zimmermann-haustechnik.example"),
                      ("HERR", "", "Kevin", "Ott", "Bauleiter", "0160 773 12 09",
                       "k.ott@zimmermann-haustechnik.example")],
    "HOFMANN-KK": [("HERR", "", "Uwe", "Hofmann", "Geschäftsführer", "0821 49 77-10",
                    "u.hofmann@hofmann-klima.example")],
    "WEBER-BAEDER": [("FRAU", "", "Nicole", "Weber", "Inhaberin", "089 339 81 21", "n.weber@weber-baeder.example")],
    "LECHAUEN": [("HERR", "", "Bernd", "Lang", "Technischer Leiter", "0821 570 20-31", "b.lang@wbg-lechauen.example"),
                 ("FRAU", "", "Tanja", "Fuchs", "Rechnungsprüfung", "0821 570 20-45", "rechnung@wbg-lechauen.example")],
    "SUEDIMMO": [("HERR", "", "Oliver", "Baumann", "Objektbetreuer", "089 416 12 38", "o.baumann@suedimmo.example")],
    "SCHAEFER-HV": [("FRAU", "", "Birgit", "Schäfer", "Geschäftsführerin", "0821 31 95-12",
                     "b.schaefer@hv-schaefer.example")],
    "ALPENBLICK-BAU": [("HERR", "", "Thomas", "Reiter", "Bauleiter", "0172 440 87 21",
                        "t.reiter@alpenblick-bautraeger.example")],
    "OSTALLGAEU-HT": [("HERR", "", "Martin", "Eberle", "Einkaufsleiter", "08342 918 84",
                       "m.eberle@ht-ostallgaeu.example")],
    "GEMEINDE-KISSING": [("HERR", "", "Johann", "Steinberger", "Leiter Bauamt", "08233 79 07-30",
                          "bauamt@kissing.example")],
    "HOTEL-ALPENROSE": [("HERR", "", "Sebastian", "Hagn", "Haustechnik", "08022 271 85",
                         "technik@hotel-alpenrose.example")],
    "PICHLER-AT": [("HERR", "Ing.", "Wolfgang", "Pichler", "Geschäftsführer", "+43 662 43 18 91",
                    "w.pichler@pichler-installation.example")],
    "VANDERBERG-NL": [("HERR", "", "Jeroen", "van der Berg", "Directeur", "+31 20 555 12 30",
                       "j.vanderberg@vanderberg-installatie.example")],
}

# label, name, street, postal code, city
CUSTOMER_ADDRESSES = {
    "ALPENBLICK-BAU": [("Baustelle Wohnanlage Seeblick", "Wohnanlage Seeblick, Haus A-C", "Seestraße 12", "82327",
                        "Tutzing"),
                       ("Baustelle Am Kirchfeld", "Reihenhäuser Am Kirchfeld", "Am Kirchfeld 1", "82343", "Pöcking")],
    "LECHAUEN": [("Sanierung Hochzoll", "Wohnblock Zugspitzstraße", "Zugspitzstraße 100", "86163", "Augsburg")],
    "ZIMMERMANN-HT": [("Baustelle Kita", "Kindertagesstätte Sonnenschein", "Schulstraße 4", "85055", "Ingolstadt")],
    "HUBER-SHK": [("Werkstatt", "Sanitär Huber GmbH, Werkstatt", "Neuburger Straße 210", "86167", "Augsburg")],
    "HARTMANN-K": [("Neubau", "Einfamilienhaus Hartmann", "Am Waldrand 7", "82131", "Gauting")],
}

# IBAN, BIC, our bank's short name (or None), SEPA direct-debit mandate reference and date
CUSTOMER_BANK_ACCOUNTS = {
    "BERGER-M": [(de_iban("72050000", "5012345678"), "AUGSDE77XXX", "SSK-AUGSBURG", "MHT-BERGER-01",
                  date(2023, 5, 12))],
    "VOGEL-A": [(de_iban("72050000", "5087654321"), "AUGSDE77XXX", "SSK-AUGSBURG", "MHT-VOGEL-01",
                 date(2024, 2, 1))],
    "WOLF-E": [(de_iban("70020270", "1579246"), "HYVEDEMMXXX", "HVB-MUENCHEN", "MHT-WOLF-01", date(2022, 10, 7))],
    "HUBER-SHK": [(de_iban("72090000", "104455"), "GENODEF1AUB", None, "", None)],
    "PICHLER-AT": [("AT611904300234573201", "BKAUATWWXXX", None, "", None)],
    "VANDERBERG-NL": [("NL91ABNA0417164300", "ABNANL2AXXX", None, "", None)],
}

CUSTOMER_MAILINGS = {
    "HUBER-SHK": ("NEWS", "MESSE", "WEIHN"), "WIMMER-HZG": ("NEWS", "MESSE"), "SCHNEIDER-BAD": ("NEWS",),
    "ZIMMERMANN-HT": ("MESSE", "WEIHN"), "HOFMANN-KK": ("NEWS",), "WEBER-BAEDER": ("NEWS", "MESSE"),
    "LECHAUEN": ("WEIHN",), "OSTALLGAEU-HT": ("MESSE", "WEIHN"), "BERGER-M": ("NEWS",),
    "PICHLER-AT": ("MESSE",),
}

# -- articles ------------------------------------------------------------------------------------

# Sales price of price class n = list price (class 1) times the factor; commercial rounding.
PRICE_CLASS_FACTORS = (D(1), D("0.93"), D("0.87"), D("0.81"), D("0.76"))
LANDED_COST_SURCHARGE = D("0.04")  # freight and handling on top of the net purchase price


class Material(NamedTuple):
    short_name: str
    description: str
    group: str
    series: str
    unit: str
    supplier: str
    order_number: str
    gross_price: str  # the supplier's list price
    discount: str  # our discount at the supplier, percent
    list_price: str  # our sales price of price class 1
    stock: tuple[int, int, int, int] | None  # min, reorder, safety, max; None: made to order
    package_quantity: str
    weight_kg: str


MATERIALS = [
    # sanitary: pipes and fittings, drainage
    Material("CU-ROHR-15", "Kupferrohr 15 x 1 mm, halbhart, Stange 5 m", "ROHR", "PRESS-CU", "M", "ROHRTEC",
             "RT-CU15-5", "9.80", "38", "12.90", (50, 100, 50, 500), "5", "0.39"),
    Material("CU-ROHR-18", "Kupferrohr 18 x 1 mm, halbhart, Stange 5 m", "ROHR", "PRESS-CU", "M", "ROHRTEC",
             "RT-CU18-5", "12.40", "38", "15.90", (50, 100, 50, 500), "5", "0.48"),
    Material("CU-BOGEN-15", "Kupfer-Pressbogen 90°, 15 mm", "ROHR", "PRESS-CU", "STK", "ROHRTEC",
             "RT-PB90-15", "4.95", "45", "5.20", (100, 200, 100, 1000), "10", "0.03"),
    Material("CU-T-18", "Kupfer-Press-T-Stück, 18 mm", "ROHR", "PRESS-CU", "STK", "ROHRTEC",
             "RT-PT-18", "8.60", "45", "8.95", (50, 100, 50, 500), "10", "0.05"),
    Material("MV-ROHR-16", "Mehrschichtverbundrohr 16 x 2 mm, Rolle 100 m", "ROHR", "PRESS-MV", "M", "ROHRTEC",
             "RT-MV16-100", "2.3500", "40", "2.9850", (200, 400, 200, 2000), "100", "0.12"),
    Material("MV-KUPPL-16", "Mehrschichtverbund-Presskupplung 16 mm", "ROHR", "PRESS-MV", "STK", "ROHRTEC",
             "RT-MVK-16", "6.40", "40", "7.45", (50, 100, 50, 400), "10", "0.04"),
    Material("HT-ROHR-50", "HT-Abflussrohr DN 50, Länge 1000 mm", "ABW", "HT", "STK", "ROHRTEC",
             "RT-HT50-1000", "4.90", "35", "6.20", (20, 40, 20, 200), "1", "0.33"),
    Material("HT-BOGEN-50", "HT-Bogen DN 50, 87°", "ABW", "HT", "STK", "ROHRTEC",
             "RT-HTB50-87", "1.95", "35", "2.45", (30, 60, 30, 300), "10", "0.06"),
    # sanitary: taps, ceramics, pre-wall
    Material("WT-MISCHER", "Waschtisch-Einhebelmischer Linea, verchromt", "ARM", "LINEA", "STK", "SANIT",
             "SG-LIN-WT100", "189.00", "42", "219.00", (3, 5, 2, 15), "1", "1.6"),
    Material("BRAUSE-THERM", "Brause-Thermostat Linea, Aufputz", "ARM", "LINEA", "STK", "SANIT",
             "SG-LIN-BT200", "329.00", "42", "389.00", (2, 4, 2, 10), "1", "2.4"),
    Material("KUECHE-ARM", "Spültischarmatur Linea mit Schwenkauslauf", "ARM", "LINEA", "STK", "SANIT",
             "SG-LIN-SP300", "159.00", "40", "185.00", (2, 4, 2, 10), "1", "1.9"),
    Material("ECKVENTIL", "Eckventil 1/2\" x 3/8\" mit Filter, verchromt", "ARM", "", "STK", "SANIT",
             "SG-EV-1238", "14.50", "40", "16.90", (20, 40, 20, 150), "10", "0.15"),
    Material("WC-WAND", "Wand-WC spülrandlos, weiß", "KER", "", "STK", "SANIT",
             "SG-KER-WC01", "289.00", "35", "329.00", (2, 4, 2, 12), "1", "22.0"),
    Material("WC-SITZ", "WC-Sitz mit Absenkautomatik, weiß", "KER", "", "STK", "SANIT",
             "SG-KER-WS01", "98.00", "35", "115.00", (3, 6, 3, 20), "1", "2.8"),
    Material("WT-60", "Waschtisch 60 x 46 cm, weiß", "KER", "", "STK", "SANIT",
             "SG-KER-WT60", "165.00", "35", "189.00", (2, 4, 2, 12), "1", "14.5"),
    Material("VORWAND-WC", "Vorwandelement WC mit Unterputz-Spülkasten, Bauhöhe 112 cm", "KER", "", "STK", "SANIT",
             "SG-VW-112", "245.00", "38", "279.00", (3, 5, 2, 15), "1", "12.0"),
    Material("BETAET-PL", "Betätigungsplatte 2-Mengen-Spülung, weiß", "KER", "", "STK", "SANIT",
             "SG-VW-BP2", "59.00", "38", "69.90", (3, 6, 3, 20), "1", "0.4"),
    Material("DUSCHRINNE", "Duschrinne 800 mm, Edelstahl gebürstet", "KER", "", "STK", "SANIT",
             "SG-DR-800", "268.00", "35", "309.00", None, "1", "3.2"),
    # sanitary: chemicals and fixings
    Material("SILIKON-SAN", "Sanitär-Silikon transparent, Kartusche 310 ml", "CHEM", "", "KAR", "CHEMIE",
             "BM-SIL-310T", "8.90", "30", "11.90", (24, 48, 24, 240), "12", "0.38"),
    Material("DICHTPASTE", "Gewindedichtpaste, Dose 250 g", "CHEM", "", "STK", "CHEMIE",
             "BM-GDP-250", "11.20", "30", "14.50", (10, 20, 10, 100), "12", "0.30"),
    Material("PU-SCHAUM", "Montageschaum PU, Dose 750 ml", "CHEM", "", "STK", "CHEMIE",
             "BM-PU-750", "9.40", "30", "12.40", (12, 24, 12, 120), "12", "0.90"),
    Material("ROHRSCHELLE", "Rohrschelle mit Gummieinlage 15-19 mm", "BEF", "", "STK", "ROHRTEC",
             "RT-RS-1519", "0.9800", "40", "1.1900", (200, 400, 200, 2000), "50", "0.05"),
    # heating: boilers, storage, heat pumps, solar
    Material("GAS-BW-24", "Gas-Brennwerttherme Eco 24 kW", "WAERM", "ECO", "STK", "THERMO",
             "TT-ECO-24", "3290.00", "40", "3690.00", (1, 2, 1, 6), "1", "38.0"),
    Material("ABGAS-SET", "Abgas-Anschluss-Set DN 60/100, waagerecht", "WAERM", "ECO", "SET", "THERMO",
             "TT-AGS-60100", "245.00", "40", "279.00", (2, 4, 2, 12), "1", "3.5"),
    Material("GAS-BW-35", "Gas-Brennwerttherme Eco 35 kW", "WAERM", "ECO", "STK", "THERMO",
             "TT-ECO-35", "4150.00", "40", "4690.00", None, "1", "44.0"),
    Material("OEL-BW-20", "Öl-Brennwertkessel 20 kW, bodenstehend", "WAERM", "", "STK", "THERMO",
             "TT-OEL-20", "5890.00", "38", "6490.00", None, "1", "118.0"),
    Material("WW-SPEICHER-300", "Warmwasserspeicher 300 l, emailliert", "WAERM", "", "STK", "THERMO",
             "TT-WWS-300", "1590.00", "40", "1790.00", (1, 2, 1, 4), "1", "115.0"),
    Material("PUFFER-200", "Pufferspeicher 200 l für Wärmepumpen", "EE", "", "STK", "NORDWAERME",
             "NW-PS-200", "890.00", "35", "1049.00", (1, 2, 1, 4), "1", "55.0"),
    Material("WP-LW-9", "Luft/Wasser-Wärmepumpe Monoblock 9 kW", "EE", "", "STK", "NORDWAERME",
             "NW-LW-M9", "11900.00", "35", "13490.00", None, "1", "135.0"),
    Material("WP-LW-12", "Luft/Wasser-Wärmepumpe Monoblock 12 kW", "EE", "", "STK", "NORDWAERME",
             "NW-LW-M12", "13900.00", "35", "15790.00", None, "1", "158.0"),
    Material("WP-AUFSTELL", "Aufstellset Wärmepumpe mit Schwingungsdämpfern", "EE", "", "SET", "NORDWAERME",
             "NW-AS-01", "219.00", "35", "259.00", (1, 2, 1, 6), "1", "9.5"),
    Material("SOLAR-FK-25", "Flachkollektor 2,5 m², Aufdachmontage", "EE", "", "STK", "THERMO",
             "TT-SOL-FK25", "890.00", "40", "990.00", None, "1", "42.0"),
    # heating: radiators, underfloor heating, pumps
    Material("HK-22-6010", "Kompaktheizkörper Typ 22, 600 x 1000 mm", "HKV", "KOMPAKT", "STK", "THERMO",
             "TT-K22-6010", "265.00", "48", "259.00", (4, 8, 4, 30), "1", "29.0"),
    Material("HK-22-6014", "Kompaktheizkörper Typ 22, 600 x 1400 mm", "HKV", "KOMPAKT", "STK", "THERMO",
             "TT-K22-6014", "352.00", "48", "345.00", (2, 4, 2, 20), "1", "40.5"),
    Material("BAD-HK-1200", "Badheizkörper 1200 x 600 mm, weiß", "HKV", "", "STK", "SANIT",
             "SG-BHK-1260", "289.00", "38", "319.00", (2, 4, 2, 10), "1", "17.0"),
    Material("THERMOSTAT-KOPF", "Thermostatkopf mit Nullstellung", "HKV", "", "STK", "THERMO",
             "TT-TK-01", "24.90", "45", "26.90", (20, 40, 20, 150), "10", "0.18"),
    Material("FBH-VERT-6", "Heizkreisverteiler Fußbodenheizung, 6 Kreise", "HKV", "FBH", "STK", "ROHRTEC",
             "RT-FBV-6", "389.00", "40", "449.00", (1, 2, 1, 8), "1", "6.8"),
    Material("FBH-ROHR-16", "Fußbodenheizungsrohr PE-RT 16 x 2 mm, Rolle 240 m", "HKV", "FBH", "M", "ROHRTEC",
             "RT-FBR16-240", "1.4200", "40", "1.7850", (480, 960, 480, 4800), "240", "0.11"),
    Material("UMWAELZ-25-60", "Hocheffizienz-Umwälzpumpe 25-60, 180 mm", "PUMP", "", "STK", "THERMO",
             "TT-UP-2560", "279.00", "40", "329.00", (2, 4, 2, 12), "1", "2.6"),
    Material("MAG-25", "Membran-Ausdehnungsgefäß 25 l", "PUMP", "", "STK", "THERMO",
             "TT-MAG-25", "69.00", "40", "79.90", (3, 6, 3, 20), "1", "4.9"),
    Material("HZG-SCHUTZ", "Heizungsschutzmittel (Inhibitor), Kanister 10 l", "PUMP", "", "STK", "CHEMIE",
             "BM-HS-10", "89.00", "30", "109.00", (2, 4, 2, 12), "1", "11.0"),
    # electrical
    Material("NYM-3X15", "Mantelleitung NYM-J 3 x 1,5 mm², Ring 100 m", "KAB", "", "M", "ELGROSS",
             "EG-NYM315-100", "1.1900", "45", "1.2900", (200, 400, 200, 2000), "100", "0.12"),
    Material("NYM-5X25", "Mantelleitung NYM-J 5 x 2,5 mm², Ring 50 m", "KAB", "", "M", "ELGROSS",
             "EG-NYM525-50", "3.2800", "45", "3.4900", (100, 200, 100, 1000), "50", "0.26"),
    Material("FI-40-30", "Fehlerstrom-Schutzschalter 40 A / 30 mA, 4-polig", "INST", "", "STK", "ELGROSS",
             "EG-FI-4030-4", "64.00", "42", "74.90", (3, 6, 3, 20), "1", "0.40"),
    Material("LS-B16", "Leitungsschutzschalter B16, 1-polig", "INST", "", "STK", "ELGROSS",
             "EG-LS-B16", "6.80", "42", "7.90", (24, 48, 24, 240), "12", "0.12"),
    Material("UV-3R", "Kleinverteiler Aufputz, 3-reihig", "INST", "", "STK", "ELGROSS",
             "EG-UV-AP3", "96.00", "40", "109.00", (2, 4, 2, 10), "1", "3.9"),
    Material("RAUMTHERM", "Raumthermostat digital, programmierbar", "INST", "", "STK", "ELGROSS",
             "EG-RT-DIG", "79.00", "40", "89.90", (3, 6, 3, 20), "1", "0.30"),
    Material("FUNK-HK-TH", "Funk-Heizkörperthermostat für Smart Home", "INST", "", "STK", "ELGROSS",
             "EG-SH-HKT", "49.90", "35", "59.90", (6, 12, 6, 48), "1", "0.20"),
    Material("DLE-21", "Durchlauferhitzer elektronisch 21 kW", "INST", "", "STK", "ELGROSS",
             "EG-DLE-21", "519.00", "38", "579.00", (1, 2, 1, 6), "1", "4.2"),
]

# Fields of single material articles beyond the table (tracking, warranty, customs, size).
MATERIAL_EXTRAS = {
    "CU-ROHR-15": dict(intrastat_code="74111010"),
    "CU-ROHR-18": dict(intrastat_code="74111010"),
    "WT-MISCHER": dict(warranty_months=60, intrastat_code="84818011"),
    "BRAUSE-THERM": dict(warranty_months=60, intrastat_code="84818019"),
    "KUECHE-ARM": dict(warranty_months=60, intrastat_code="84818011"),
    "WC-WAND": dict(warranty_months=300, intrastat_code="69101000", length_cm=D(54), width_cm=D(36),
                    height_cm=D(35)),
    "WT-60": dict(warranty_months=300, intrastat_code="69101000"),
    "VORWAND-WC": dict(warranty_months=120, length_cm=D(50), width_cm=D(14), height_cm=D(112)),
    "SILIKON-SAN": dict(tracking="batch", info_text="Haltbarkeit 18 Monate ab Herstelldatum, Charge angeben."),
    "DICHTPASTE": dict(tracking="batch"),
    "PU-SCHAUM": dict(tracking="batch", info_text="Gefahrgut (Aerosol): nur per Spedition oder Abholung."),
    "HZG-SCHUTZ": dict(tracking="batch"),
    "GAS-BW-24": dict(tracking="serial", warranty_months=24, intrastat_code="84031090", length_cm=D(40),
                      width_cm=D(30), height_cm=D(70), min_margin_percent=D(15),
                      info_text="Abgas-Anschluss-Set wird automatisch ergänzt.",
                      long_description="Wandhängende Gas-Brennwerttherme mit Modulationsbereich 1:8, "
                                       "Edelstahl-Wärmetauscher und Witterungsführung."),
    "GAS-BW-35": dict(tracking="serial", warranty_months=24, intrastat_code="84031090"),
    "OEL-BW-20": dict(tracking="serial", warranty_months=24, intrastat_code="84031090"),
    "WW-SPEICHER-300": dict(tracking="serial", warranty_months=60),
    "PUFFER-200": dict(tracking="serial", warranty_months=60),
    "WP-LW-9": dict(tracking="serial", warranty_months=60, intrastat_code="84186100", length_cm=D(110),
                    width_cm=D(50), height_cm=D(95), min_margin_percent=D(12),
                    description2="Kältemittel R290, für Neubau und Sanierung",
                    info_text="Förderfähig nach BEG; Aufstellset und Pufferspeicher werden ergänzt."),
    "WP-LW-12": dict(tracking="serial", warranty_months=60, intrastat_code="84186100",
                     description2="Kältemittel R290, für Neubau und Sanierung"),
    "SOLAR-FK-25": dict(tracking="serial", warranty_months=120),
    "HK-22-6010": dict(warranty_months=120, intrastat_code="73221900"),
    "HK-22-6014": dict(warranty_months=120, intrastat_code="73221900"),
    "UMWAELZ-25-60": dict(warranty_months=36),
    "DLE-21": dict(tracking="serial", warranty_months=24),
}

# Further suppliers of an article: supplier, order number, gross price, discount percent.
SECOND_SUPPLIERS = {
    "CU-ROHR-15": ("SANIT", "SG-CU15-5", "10.20", "36"),
    "THERMOSTAT-KOPF": ("SANIT", "SG-TK-NULL", "25.50", "42"),
    "HK-22-6010": ("SANIT", "SG-HK226010", "279.00", "47"),
    "UMWAELZ-25-60": ("SANIT", "SG-UP2560", "289.00", "40"),
    "WT-MISCHER": ("SANPRO", "SP-BM-4410", "119.00", "10"),
}

# Quantity breaks (Staffelrabatte): from quantity, discount percent.
QUANTITY_BREAKS = {
    "CU-ROHR-15": [("100", "3"), ("500", "6")],
    "CU-ROHR-18": [("100", "3"), ("500", "6")],
    "CU-BOGEN-15": [("50", "3"), ("200", "6")],
    "MV-ROHR-16": [("200", "3"), ("1000", "5")],
    "FBH-ROHR-16": [("480", "4"), ("960", "7")],
    "ROHRSCHELLE": [("200", "5")],
    "NYM-3X15": [("500", "4")],
    "HK-22-6010": [("10", "3")],
}

# Follow-up articles: main article, follow-up article, quantity per unit.
FOLLOW_UPS = [
    ("GAS-BW-24", "ABGAS-SET", "1"),
    ("GAS-BW-35", "ABGAS-SET", "1"),
    ("WP-LW-9", "WP-AUFSTELL", "1"),
    ("WP-LW-9", "PUFFER-200", "1"),
    ("WP-LW-12", "WP-AUFSTELL", "1"),
    ("WP-LW-12", "PUFFER-200", "1"),
    ("WC-WAND", "WC-SITZ", "1"),
    ("VORWAND-WC", "BETAET-PL", "1"),
]

# Services and costs with fixed numbers: number, description, type, group, unit, cost, list price;
# flat: the same price in every price class and no discount.
SERVICES = [
    ("MONTEUR", "Monteurstunde", "L", "MON", "H", "48.90", "68.50", False),
    ("MEISTER", "Meisterstunde", "L", "MON", "H", "58.50", "82.00", False),
    ("HELFER", "Helfer- und Auszubildendenstunde", "L", "MON", "H", "24.00", "42.00", False),
    ("ANFAHRT", "Anfahrtspauschale Stadtgebiet", "L", "MON", "PAU", "18.00", "39.00", True),
    ("WARTUNG-GAS", "Wartung Gas-Brennwertgerät, pauschal", "L", "MON", "PAU", "95.00", "169.00", False),
    ("KRAN", "Kranarbeiten durch Fremdfirma", "F", "FREMD", "H", "145.00", "185.00", False),
    ("KERNBOHRUNG", "Kernbohrung bis 150 mm durch Fremdfirma", "F", "FREMD", "STK", "78.00", "115.00", False),
    ("GERUEST", "Gerüststellung durch Fremdfirma", "F", "FREMD", "PAU", "450.00", "590.00", False),
    ("ENTSORGUNG", "Entsorgung Altgerät durch Fachbetrieb", "F", "FREMD", "STK", "45.00", "75.00", True),
    ("FRACHT", "Frachtkosten", "D", "NK", "PAU", "38.00", "45.00", True),
    ("VERPACKUNG", "Verpackungskosten", "D", "NK", "PAU", "8.50", "12.50", True),
    ("TRANSPORTVERS", "Transportversicherung", "D", "NK", "PAU", "9.80", "15.00", True),
    ("PROVISION", "Vermittlungsprovision", "P", "PROV", "PAU", "0", "0", True),
]

# Customer-specific article numbers: customer, article (short name or service number), number, text.
CUSTOMER_ARTICLE_NUMBERS = [
    ("LECHAUEN", "THERMOSTAT-KOPF", "WBG-10017", "Thermostatkopf Standard"),
    ("LECHAUEN", "HK-22-6010", "WBG-20410", "Heizkörper T22 60/100"),
    ("LECHAUEN", "GAS-BW-24", "WBG-30024", "Gastherme 24 kW"),
    ("LECHAUEN", "WARTUNG-GAS", "WBG-90001", "Wartung Gastherme"),
    ("SUEDIMMO", "WC-WAND", "SI-SAN-001", "Wand-WC Standard"),
    ("SUEDIMMO", "WC-SITZ", "SI-SAN-002", "WC-Sitz Standard"),
    ("SUEDIMMO", "WT-MISCHER", "SI-SAN-010", "WT-Armatur Standard"),
]

# -- finance set-up -------------------------------------------------------------------------

DUNNING_LEVELS = [
    {"level": 1, "name": "Zahlungserinnerung", "days_overdue": 7, "pay_within_days": 10},
    {"level": 2, "name": "1. Mahnung", "days_overdue": 21, "days_after_previous": 14, "fee": D("5.00"),
     "interest_percent": D("9.12"), "pay_within_days": 7},
    {"level": 3, "name": "Letzte Mahnung", "days_overdue": 35, "days_after_previous": 14, "fee": D("10.00"),
     "interest_percent": D("9.12"), "pay_within_days": 5},
]
DATEV = {"consultant_number": 29098, "client_number": 101, "account_length": 4, "chart": "03"}
