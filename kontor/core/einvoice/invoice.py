"""An invoice as EN 16931 sees it, built from a posted kontor document, for both syntaxes.

Everything is taken from the stored document, never recomputed by another rule: line net
amounts as stored, the end discount as document-level allowances per VAT category and rate
(the same half-up split per rate kontor's totals make), direct costs as document-level
charges, the VAT breakdown per category and rate, and the totals. So BR-CO-10..17 hold by
construction, and `check_totals` proves that the sums equal the document's stored totals
to the cent before any XML is written.

Credit notes are stated with positive amounts (the type code says what they are). A line
with a negative price (a final invoice's deduction of a partial invoice) is stated as a
negative quantity at a positive price (BR-27: the item net price is never negative).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.documents.partial import partial_invoices
from kontor.core.documents.services import charges_of, lines_of
from kontor.core.documents.totals import ZERO, cents, rate_key
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.printing.company import company_context
from kontor.core.printing.documents import load_document
from kontor.core.printing.legal import CATEGORIES, TAX_NOTES, service_period
from kontor.errors import Conflict

# UNTDID 1001 document type codes
TYPE_CODES = {"invoice": "380", "final_invoice": "380", "partial_invoice": "386", "credit_note": "381"}
# VATEX codes of the exemption reasons (BT-121) per tax kind
EXEMPTION_CODES = {"intra_eu_supply": "VATEX-EU-IC", "export": "VATEX-EU-G", "reverse_charge": "VATEX-EU-AE"}
# UN/ECE Recommendation 20 codes for the units clerks type
UNIT_CODES = {
    "stk": "H87", "stück": "H87", "st": "H87", "st.": "H87", "pcs": "H87", "piece": "H87", "": "C62",
    "m": "MTR", "lfm": "MTR", "m2": "MTK", "m²": "MTK", "qm": "MTK", "m3": "MTQ", "m³": "MTQ", "kg": "KGM",
    "g": "GRM", "t": "TNE", "l": "LTR", "liter": "LTR", "h": "HUR", "std": "HUR", "std.": "HUR", "stunde": "HUR",
    "stunden": "HUR", "min": "MIN", "tag": "DAY", "tage": "DAY", "km": "KMT", "pauschal": "LS", "psch": "LS",
    "set": "SET", "paar": "PR", "pack": "PK", "karton": "CT", "rolle": "RO",
}
SPECIFICATIONS = {
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    "en16931": "urn:cen.eu:en16931:2017",
}
CHARGE_REASONS = {"freight": "Fracht", "packaging": "Verpackung", "insurance": "Versicherung", "other": "Nebenkosten"}


def unit_code(unit: str) -> str:
    return UNIT_CODES.get(unit.strip().lower(), "C62")


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postal_code: str
    city: str
    country: str
    vat_id: str = ""
    tax_number: str = ""
    email: str = ""
    phone: str = ""
    contact: str = ""


@dataclass(frozen=True)
class Line:
    number: str
    article_number: str
    name: str
    description: str
    quantity: Decimal
    unit: str
    price: Decimal
    allowance: Decimal
    net: Decimal
    category: str
    rate: Decimal


@dataclass(frozen=True)
class AllowanceCharge:
    charge: bool
    amount: Decimal
    reason: str
    category: str
    rate: Decimal
    reason_code: str = ""


@dataclass(frozen=True)
class TaxRow:
    category: str
    rate: Decimal
    basis: Decimal
    tax: Decimal
    exemption_reason: str = ""
    exemption_code: str = ""


@dataclass
class EInvoice:
    number: str
    type_code: str
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: list[Line]
    allowances: list[AllowanceCharge]
    taxes: list[TaxRow]
    line_total: Decimal
    allowance_total: Decimal
    charge_total: Decimal
    tax_basis: Decimal
    tax_total: Decimal
    grand_total: Decimal
    due_payable: Decimal
    ship_to: Party | None = None
    buyer_reference: str = ""
    order_reference: str = ""
    delivery_date: date | None = None
    period: tuple[date, date] | None = None
    due_date: date | None = None
    payment_terms: str = ""
    iban: str = ""
    bic: str = ""
    bank_name: str = ""
    preceding: tuple[str, date] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def credit_note(self) -> bool:
        return self.type_code == "381"


def _seller(company: dict) -> Party:
    return Party(name=company["name"], street=company["street"], postal_code=company["postal_code"],
                 city=company["city"], country=company["country_code"] or "DE", vat_id=company["vat_id"],
                 tax_number=company["tax_number"], email=company["email"], phone=company["phone"])


def _buyer(document: Document, customer: Customer | None) -> Party:
    return Party(name=document.bill_name1 or (customer.name1 if customer else ""), street=document.bill_street,
                 postal_code=document.bill_postal_code, city=document.bill_city,
                 country=document.bill_country_code or "DE", vat_id=customer.vat_id if customer else "",
                 email=customer.email if customer else "")


def build_einvoice(session: Session, ctx: Context, document_id: int) -> EInvoice:
    """The EN 16931 view of a posted invoice, partial or final invoice, or credit note."""
    document = load_document(session, ctx, document_id)
    if document.kind not in TYPE_CODES:
        raise Conflict(f"a {document.kind.replace('_', ' ')} is no invoice; e-invoices are made of invoices, "
                       "partial and final invoices and credit notes")
    if document.posted_at is None:
        raise Conflict(f"{document.kind.replace('_', ' ')} (draft {document.id}) is not posted; "
                       "an e-invoice is made of the posted invoice")
    customer = session.get(Customer, document.customer_id) if document.customer_id else None
    codes = {code.id: code for code in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}

    def category(tax_code_id: int | None, rate: Decimal) -> str:
        code = codes.get(tax_code_id)
        return CATEGORIES.get(code.kind, "S") if code else ("S" if rate else "Z")

    lines, by_key = [], {}
    for line in lines_of(session, document.id):
        if line.optional or line.line_kind == "subtotal":
            continue
        cat, rate = category(line.tax_code_id, line.tax_rate), rate_key(line.tax_rate)
        sign = -1 if line.unit_price < 0 else 1
        quantity, price = line.quantity * sign, line.unit_price * sign
        allowance = cents(quantity * price) - line.net_amount
        lines.append(Line(number=str(line.position), article_number=line.article_number,
                          name=line.description or line.article_number or "-", description=line.long_text,
                          quantity=quantity, unit=unit_code(line.unit), price=price, allowance=allowance,
                          net=line.net_amount, category=cat, rate=rate))
        by_key.setdefault((cat, rate), [ZERO, ZERO, ZERO])[0] += line.net_amount
    allowances = []
    for (cat, rate), sums in sorted(by_key.items()):
        discount = cents(sums[0] * document.end_discount_percent / 100)
        if discount:
            sums[1] = discount
            allowances.append(AllowanceCharge(False, discount, "Schlussrabatt", cat, rate, "95"))
    for charge in charges_of(session, document.id):
        cat, rate = category(charge.tax_code_id, charge.tax_rate), rate_key(charge.tax_rate)
        by_key.setdefault((cat, rate), [ZERO, ZERO, ZERO])[2] += charge.amount
        allowances.append(AllowanceCharge(True, charge.amount, charge.text or CHARGE_REASONS.get(charge.kind, charge.kind),
                                          cat, rate))
    kinds = {CATEGORIES.get(code.kind): code for code in codes.values()}
    taxes = []
    for (cat, rate), (lines_sum, discount, charges) in sorted(by_key.items()):
        basis = lines_sum - discount + charges
        kind = kinds.get(cat)
        reason, reason_code = "", ""
        if cat not in ("S", "Z") and kind is not None:
            reason = TAX_NOTES.get(kind.kind, kind.name) if kind.kind in TAX_NOTES else kind.name
            reason_code = EXEMPTION_CODES.get(kind.kind, "")
        taxes.append(TaxRow(cat, rate, basis, cents(basis * rate / 100), reason, reason_code))
    einvoice = _assemble(session, ctx, document, customer, lines, allowances, taxes)
    check_totals(einvoice, document)
    return einvoice


def _assemble(session, ctx, document, customer, lines, allowances, taxes) -> EInvoice:
    company = company_context(session, ctx)
    line_total = sum((line.net for line in lines), ZERO)
    allowance_total = sum((a.amount for a in allowances if not a.charge), ZERO)
    charge_total = sum((a.amount for a in allowances if a.charge), ZERO)
    tax_total = sum((row.tax for row in taxes), ZERO)
    basis = line_total - allowance_total + charge_total
    term = session.get(PaymentTerm, document.payment_term_id) if document.payment_term_id else None
    einvoice = EInvoice(
        number=document.number or "", type_code=TYPE_CODES[document.kind], issue_date=document.doc_date,
        currency=document.currency_code, seller=_seller(company), buyer=_buyer(document, customer), lines=lines,
        allowances=allowances, taxes=taxes, line_total=line_total, allowance_total=allowance_total,
        charge_total=charge_total, tax_basis=basis, tax_total=tax_total, grand_total=basis + tax_total,
        due_payable=basis + tax_total, buyer_reference=(customer.buyer_reference if customer else "") or
        (customer.number if customer else "") or "-",
        order_reference=document.customer_order_number, iban=company["iban"], bic=company["bic"],
        bank_name=company["bank_name"])
    if document.ship_name1 or document.ship_country_code:
        einvoice.ship_to = Party(name=document.ship_name1 or einvoice.buyer.name, street=document.ship_street,
                                 postal_code=document.ship_postal_code, city=document.ship_city,
                                 country=document.ship_country_code or einvoice.buyer.country)
    period = service_period(session, document)
    if period.start and period.end and period.start != period.end:
        einvoice.period = (period.start, period.end)
    else:
        einvoice.delivery_date = period.start
    if term is not None:
        einvoice.payment_terms = term.text or term.name
        einvoice.due_date = document.doc_date + timedelta(days=term.net_days or 0)
    else:
        einvoice.payment_terms, einvoice.due_date = "Zahlbar sofort ohne Abzug", document.doc_date
    if document.corrects_id:
        corrected = session.get(Document, document.corrects_id)
        einvoice.preceding = (corrected.number or "", corrected.doc_date)
    if document.kind == "final_invoice" and document.order_id:
        partials = partial_invoices(session, ctx, document.order_id, posted_only=True)
        einvoice.notes.append("Schlussrechnung; abgezogen: " + ", ".join(
            f"Teilrechnung {p.number} vom {p.doc_date:%d.%m.%Y} über {p.gross_total:.2f} {p.currency_code}"
            for p in partials))
    return einvoice


def check_totals(einvoice: EInvoice, document: Document) -> None:
    """The e-invoice's sums are the document's stored totals, to the cent."""
    pairs = {"net": (einvoice.tax_basis, document.net_total), "tax": (einvoice.tax_total, document.tax_total),
             "gross": (einvoice.grand_total, document.gross_total),
             "lines": (einvoice.line_total, document.lines_net),
             "end discount": (einvoice.allowance_total, document.end_discount_amount),
             "direct costs": (einvoice.charge_total, document.charges_net)}
    wrong = {name: pair for name, pair in pairs.items() if Decimal(pair[0]) != Decimal(pair[1])}
    if wrong:
        raise Conflict("the e-invoice would not agree with the document's totals: " + "; ".join(
            f"{name} {mine} instead of {stored}" for name, (mine, stored) in wrong.items()))


def amount(value: Decimal) -> str:
    return f"{cents(Decimal(value)):.2f}"


def number(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text if "." in text or "E" not in text else text
