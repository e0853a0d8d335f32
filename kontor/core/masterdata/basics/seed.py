"""What a new tenant starts with: number ranges, tax codes, units, countries, currencies,
salutations and standard terms, so the first customer and article can be entered at once."""

from __future__ import annotations

from decimal import Decimal

import pycountry
from sqlmodel import Session

from kontor.core.masterdata.basics import models as m
from kontor.core.masterdata.parties.rules import EU_COUNTRIES

NUMBER_RANGES: dict[str, tuple[str, int, int]] = {
    # kind: (prefix, first number, width)
    "customer": ("", 10001, 5),
    "supplier": ("", 70001, 5),
    "agent": ("V", 1, 4),
    "bank": ("B", 1, 3),
    "staff": ("P", 1, 3),
    "article": ("A", 1, 5),
    "inquiry": ("AF", 1, 6),
    "quote": ("AN", 1, 6),
    "order": ("AB", 1, 6),
    "picking_slip": ("KS", 1, 6),
    "delivery_note": ("LS", 1, 6),
    "return_delivery_note": ("RL", 1, 6),
    "consignment_delivery_note": ("KL", 1, 6),
    "invoice": ("RE", 1, 6),
    "partial_invoice": ("TR", 1, 6),
    "final_invoice": ("SR", 1, 6),
    "credit_note": ("GS", 1, 6),
    "work_report": ("RP", 1, 6),
    "supplier_inquiry": ("LA", 1, 6),
    "purchase_order": ("BE", 1, 6),
    "blanket_order": ("RB", 1, 6),
    "goods_receipt": ("WE", 1, 6),
    "supplier_return": ("RS", 1, 6),
    "supplier_invoice": ("ER", 1, 6),
    "internal_order": ("IB", 1, 6),
    "stocktaking": ("IN", 1, 5),
    "dunning_run": ("MA", 1, 5),
    "payment": ("ZA", 1, 6),
}

TAX_CODES = [
    # code, name, rate, kind, DATEV key
    ("U19", "Umsatzsteuer 19 %", "19", "standard", "3"),
    ("U7", "Umsatzsteuer 7 %", "7", "reduced", "2"),
    ("U0", "steuerfrei", "0", "exempt", ""),
    ("IG", "innergemeinschaftliche Lieferung", "0", "intra_eu_supply", ""),
    ("EX", "Ausfuhrlieferung Drittland", "0", "export", ""),
    ("RC", "Steuerschuldnerschaft des Leistungsempfängers", "0", "reverse_charge", ""),
]

UNITS = [
    ("STK", "Stück", 0, "H87"),
    ("KG", "Kilogramm", 3, "KGM"),
    ("M", "Meter", 2, "MTR"),
    ("M2", "Quadratmeter", 2, "MTK"),
    ("L", "Liter", 2, "LTR"),
    ("H", "Stunde", 2, "HUR"),
    ("PAU", "pauschal", 0, "LS"),
    ("PAK", "Paket", 0, "PK"),
]

CURRENCIES = [("EUR", "Euro", 2), ("CHF", "Schweizer Franken", 2), ("USD", "US-Dollar", 2), ("GBP", "Pfund Sterling", 2)]

SALUTATIONS = [
    ("HERR", "Herr", "Sehr geehrter Herr"),
    ("FRAU", "Frau", "Sehr geehrte Frau"),
    ("FIRMA", "Firma", "Sehr geehrte Damen und Herren"),
    ("DIV", "Guten Tag", "Guten Tag"),
]

PAYMENT_TERMS = [
    ("N30", "30 Tage netto", 30, 0, "0", 0, "0", "Zahlbar innerhalb von 30 Tagen ohne Abzug."),
    ("S10", "10 Tage 2 % Skonto, 30 Tage netto", 30, 10, "2", 0, "0",
     "Zahlbar innerhalb von 10 Tagen mit 2 % Skonto oder innerhalb von 30 Tagen netto."),
    ("SOF", "sofort ohne Abzug", 0, 0, "0", 0, "0", "Zahlbar sofort ohne Abzug."),
]

DELIVERY_TERMS = [("FH", "frei Haus", "DAP"), ("AW", "ab Werk", "EXW")]

SEED_COUNTRIES = sorted(EU_COUNTRIES | {"CH", "GB", "US", "NO", "LI"})


def seed_basics(session: Session, tenant_id: int) -> None:
    t = tenant_id
    for kind, (prefix, first, width) in NUMBER_RANGES.items():
        session.add(m.NumberRange(tenant_id=t, kind=kind, prefix=prefix, next_number=first, width=width))
    for code, name, rate, kind, datev in TAX_CODES:
        session.add(m.TaxCode(tenant_id=t, code=code, name=name, rate=Decimal(rate), kind=kind, datev_key=datev))
    for code, name, decimals, un in UNITS:
        session.add(m.Unit(tenant_id=t, code=code, name=name, decimals=decimals, un_ece_code=un))
    for code, name, decimals in CURRENCIES:
        session.add(m.Currency(tenant_id=t, code=code, name=name, decimals=decimals))
    for code in SEED_COUNTRIES:
        country = pycountry.countries.get(alpha_2=code)
        session.add(m.Country(tenant_id=t, code=code, name=country.name, eu_member=code in EU_COUNTRIES))
    for code, name, greeting in SALUTATIONS:
        session.add(m.Salutation(tenant_id=t, code=code, name=name, letter_greeting=greeting))
    for code, name, net, d1, p1, d2, p2, text in PAYMENT_TERMS:
        session.add(m.PaymentTerm(tenant_id=t, code=code, name=name, net_days=net, discount1_days=d1,
                                  discount1_percent=Decimal(p1), discount2_days=d2, discount2_percent=Decimal(p2), text=text))
    for code, name, incoterm in DELIVERY_TERMS:
        session.add(m.DeliveryTerm(tenant_id=t, code=code, name=name, incoterm=incoterm))
    session.add(m.OrgUnit(tenant_id=t, code="ZENTRALE", name="Zentrale"))
    session.flush()
