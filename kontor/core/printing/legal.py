"""What the law asks of a printed invoice (§ 14 UStG), beyond what every document shows.

- `tax_notes`: per tax kind of the document's lines, the note a tax-free or reverse-charge
  supply needs (intra-EU supply: § 4 Nr. 1b with § 6a UStG, and both VAT IDs are printed;
  export: § 4 Nr. 1a with § 6; reverse charge: § 13b; exempt: the tax code's own name).
- `service_period`: the date of the supply: the dates of the delivery notes an invoice was
  made from, else the delivery date agreed, else the invoice's own date (said so in words).
- `final_statement` (UStAE 14.8 (7)): a final invoice states the whole supply with its VAT
  per rate, then deducts every partial invoice with its net and VAT per rate, then what
  remains. The whole supply's VAT is what the partial invoices and the final invoice
  charge together, so each figure on paper adds up to the amounts booked, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.totals import ZERO, Totals, rate_key
from kontor.core.masterdata.basics.models import TaxCode

INVOICE_KINDS = ("invoice", "partial_invoice", "final_invoice", "credit_note")

# English msgids (translated by the catalogs); `%(name)s` are filled when printed.
TAX_NOTES = {
    "intra_eu_supply": "Tax-free intra-Community supply (section 4 no. 1b in conjunction with section 6a UStG).",
    "export": "Tax-free export delivery (section 4 no. 1a in conjunction with section 6 UStG).",
    "reverse_charge": "Reverse charge: the recipient of the supply owes the VAT (section 13b UStG).",
    "zero": "Zero-rated supply.",
}
# The EN 16931 VAT category of each tax kind (UNCL5305).
CATEGORIES = {"standard": "S", "reduced": "S", "zero": "Z", "exempt": "E", "reverse_charge": "AE",
              "intra_eu_supply": "K", "export": "G"}


def tax_codes_of(session: Session, document: Document) -> dict[int, TaxCode]:
    ids = {line.tax_code_id for line in session.exec(select(DocumentLine).where(
        DocumentLine.document_id == document.id)) if line.tax_code_id}
    if not ids:
        return {}
    return {code.id: code for code in session.exec(select(TaxCode).where(TaxCode.id.in_(ids)))}


def tax_notes(codes: dict[int, TaxCode]) -> list[tuple[str, str]]:
    """(kind, msgid or own text) of each tax kind that needs a note, in a fixed order."""
    kinds = {code.kind: code for code in codes.values()}
    notes = [(kind, TAX_NOTES[kind]) for kind in TAX_NOTES if kind in kinds]
    if "exempt" in kinds:
        notes.append(("exempt", kinds["exempt"].name))
    return notes


@dataclass(frozen=True)
class ServicePeriod:
    start: date | None
    end: date | None
    same_as_document_date: bool = False


def service_period(session: Session, document: Document) -> ServicePeriod:
    """When the invoiced goods were delivered or the service done (§ 14 (4) no. 6 UStG)."""
    source = select(DocumentLine.source_line_id).where(DocumentLine.document_id == document.id,
                                                       DocumentLine.source_line_id.is_not(None))
    notes = select(DocumentLine.document_id).where(DocumentLine.id.in_(source))
    first, last = session.exec(select(func.min(Document.doc_date), func.max(Document.doc_date)).where(
        Document.id.in_(notes), Document.kind == "delivery_note")).one()
    if first is not None:
        return ServicePeriod(first, last)
    if document.customer_delivery_date:
        return ServicePeriod(document.customer_delivery_date, document.customer_delivery_date)
    return ServicePeriod(document.doc_date, document.doc_date, same_as_document_date=True)


@dataclass(frozen=True)
class RateAmounts:
    rate: Decimal
    net: Decimal
    tax: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


@dataclass(frozen=True)
class Deduction:
    number: str
    doc_date: date
    rows: list[RateAmounts]
    gross: Decimal


@dataclass(frozen=True)
class FinalStatement:
    whole: list[RateAmounts]
    deductions: list[Deduction]
    remaining: list[RateAmounts]
    whole_net: Decimal = ZERO
    whole_tax: Decimal = ZERO
    deducted_net: Decimal = ZERO
    deducted_tax: Decimal = ZERO

    @property
    def whole_gross(self) -> Decimal:
        return self.whole_net + self.whole_tax

    @property
    def deducted_gross(self) -> Decimal:
        return self.deducted_net + self.deducted_tax


def final_statement(session: Session, totals: Totals, partials: list[tuple[Document, Totals]]) -> FinalStatement:
    """The final invoice's statement from its own totals (what remains) and its partial
    invoices' totals (what was billed before)."""
    remaining = [RateAmounts(row.rate, row.net, row.tax) for row in sorted(totals.rows, key=lambda r: r.rate, reverse=True)]
    deductions = [Deduction(partial.number or "", partial.doc_date,
                            [RateAmounts(row.rate, row.net, row.tax)
                             for row in sorted(p_totals.rows, key=lambda r: r.rate, reverse=True) if row.net],
                            partial.gross_total)
                  for partial, p_totals in partials]
    whole: dict[Decimal, list[Decimal]] = {}
    for row in [*remaining, *(r for d in deductions for r in d.rows)]:
        sums = whole.setdefault(rate_key(row.rate), [ZERO, ZERO])
        sums[0] += row.net
        sums[1] += row.tax
    whole_rows = [RateAmounts(rate, net, tax) for rate, (net, tax) in sorted(whole.items(), reverse=True)]
    return FinalStatement(
        whole=whole_rows, deductions=deductions, remaining=remaining,
        whole_net=sum((r.net for r in whole_rows), ZERO), whole_tax=sum((r.tax for r in whole_rows), ZERO),
        deducted_net=sum((r.net for d in deductions for r in d.rows), ZERO),
        deducted_tax=sum((r.tax for d in deductions for r in d.rows), ZERO))
