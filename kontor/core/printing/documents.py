"""Printing a document (quote, order confirmation, delivery note, invoice, ...): header,
address, lines, direct costs, VAT per rate and totals, as stored; nothing is recomputed
except the VAT table, which follows the same rule as the stored totals.

The context carries what a German business letter and § 14 UStG need: the letterhead and
footer from the company parameters, both VAT IDs, the date of supply, the tax notes, the
invoice a correction corrects, and for a final invoice the statement of UStAE 14.8. It is
worded in the party's document language (kontor.core.printing.language), with the
article texts translated where a translation exists. Quotes and orders with a set text
print it instead of their lines; delivery notes print their packages and serial numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.partial import document_totals, final_footer
from kontor.core.documents.services import charges_of, lines_of
from kontor.core.documents.totals import ZERO, compute_totals
from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.printing import legal
from kontor.core.printing.company import company_context
from kontor.core.printing.language import Language, load_language
from kontor.core.printing.models import ArticleTranslation
from kontor.core.printing.renderer import Printed, render
from kontor.core.stock.serial_models import SerialMovement, SerialNumber
from kontor.core.users.permissions import Level
from kontor.errors import NotFound

# English titles (msgids); German and any tenant language come from the catalogs.
TITLES = {
    "inquiry": "Inquiry", "quote": "Quote", "order": "Order confirmation", "picking_slip": "Picking slip",
    "delivery_note": "Delivery note", "work_report": "Work report", "return_delivery_note": "Return note",
    "invoice": "Invoice", "partial_invoice": "Partial invoice", "final_invoice": "Final invoice",
    "credit_note": "Invoice correction", "supplier_inquiry": "Request for quotation",
    "purchase_order": "Purchase order", "blanket_order": "Blanket order", "internal_order": "Internal order",
    "goods_receipt": "Goods receipt", "supplier_return": "Return to supplier", "supplier_invoice": "Supplier invoice",
}
CASH_INVOICE = "Cash invoice"
# Papers that go with the goods show quantities only.
WITHOUT_PRICES = ("picking_slip", "delivery_note", "return_delivery_note", "goods_receipt", "supplier_return")
# Papers that list the packages the goods travel in.
PACKING_KINDS = ("picking_slip", "delivery_note", "return_delivery_note")
# Kinds a set text replaces the lines of (an offer may describe its scope in words;
# an invoice must list quantity and kind of the goods, § 14 (4) no. 5 UStG).
SET_TEXT_KINDS = ("inquiry", "quote", "order")


def load_document(session: Session, ctx: Context, document_id: int) -> Document:
    """The document, readable by whoever may read its side (sales or purchasing)."""
    document = session.exec(select(Document).where(Document.id == document_id,
                                                    Document.tenant_id == ctx.tenant_id)).first()
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    ctx.require("purchasing" if kind_of(document.kind).side == "purchase" else "sales", Level.READ)
    return document


@dataclass
class PrintLine:
    """A line as printed: its stored figures, its text in the document's language, its serial
    numbers, and the running total after it (carried over at a page break)."""

    line: DocumentLine
    description: str
    long_text: str
    serials: list[str] = field(default_factory=list)
    carried_before: Decimal = ZERO
    carried_after: Decimal = ZERO

    def __getattr__(self, name: str):  # position, quantity, unit, unit_price, ... of the line
        return getattr(self.line, name)


def party_of(session: Session, document: Document) -> Customer | Supplier | None:
    if document.customer_id:
        return session.get(Customer, document.customer_id)
    if document.supplier_id:
        return session.get(Supplier, document.supplier_id)
    return None


def _translations(session: Session, ctx: Context, lines: list[DocumentLine], language: str) -> dict[int, ArticleTranslation]:
    ids = {line.article_id for line in lines if line.article_id}
    if not ids:
        return {}
    rows = session.exec(select(ArticleTranslation).where(
        ArticleTranslation.tenant_id == ctx.tenant_id, ArticleTranslation.language_code == language,
        ArticleTranslation.article_id.in_(ids)))
    return {row.article_id: row for row in rows}


def _serials(session: Session, lines: list[DocumentLine]) -> dict[int, list[str]]:
    ids = [line.id for line in lines]
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    rows = session.exec(select(SerialMovement.document_line_id, SerialNumber.number)
                        .join(SerialNumber, SerialNumber.id == SerialMovement.serial_id)
                        .where(SerialMovement.document_line_id.in_(ids))
                        .order_by(SerialMovement.document_line_id, SerialNumber.number))
    for line_id, number in rows:
        found.setdefault(line_id, []).append(number)
    return found


def print_lines(session: Session, ctx: Context, lines: list[DocumentLine], language: str) -> list[PrintLine]:
    translated = _translations(session, ctx, lines, language)
    serials = _serials(session, lines)
    printed, running = [], ZERO
    for line in lines:
        text = translated.get(line.article_id) if line.article_id else None
        before = running
        if line.line_kind != "subtotal" and not line.optional:
            running += line.net_amount
        printed.append(PrintLine(
            line=line, description=(text.description if text and text.description else line.description),
            long_text=(text.long_description if text and text.long_description else line.long_text),
            serials=serials.get(line.id, []), carried_before=before, carried_after=running))
    return printed


def _final_invoice(session: Session, ctx: Context, document: Document, lines: list[DocumentLine]):
    """The statement of a final invoice, its deduction lines left out of the lines, and its
    footer without the generated summary the statement replaces."""
    tags = {line.price_source for line in lines if line.price_source.startswith("deduction ")}
    partial_ids = [int(tag.split()[1]) for tag in tags]
    partials = sorted(session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                         Document.id.in_(partial_ids))) if partial_ids else [],
                      key=lambda d: (d.doc_date, d.id))
    statement = legal.final_statement(session, document_totals(session, document),
                                      [(p, document_totals(session, p)) for p in partials])
    kept = [line for line in lines if line.price_source not in tags]
    claim = compute_totals(((line.net_amount, line.tax_rate, line.optional) for line in kept),
                           ((c.amount, c.tax_rate) for c in charges_of(session, document.id)),
                           document.end_discount_percent)
    footer = document.footer_text
    generated = final_footer(document, claim, partials, "")
    if footer.startswith(generated):
        footer = footer[len(generated):].lstrip("\n")
    return statement, claim.lines_net, kept, footer


def document_context(session: Session, ctx: Context, document: Document, language: Language | None = None) -> dict:
    lines = lines_of(session, document.id)
    charges = charges_of(session, document.id)
    totals = compute_totals(((line.net_amount, line.tax_rate, line.optional) for line in lines),
                            ((charge.amount, charge.tax_rate) for charge in charges), document.end_discount_percent)
    party = party_of(session, document)
    lang = language or load_language(session, ctx.tenant_id, getattr(party, "language_code", None))
    term = session.get(PaymentTerm, document.payment_term_id) if document.payment_term_id else None
    statement, claim_lines, footer = None, ZERO, document.footer_text
    if document.kind == "final_invoice":
        statement, claim_lines, lines, footer = _final_invoice(session, ctx, document, lines)
    invoice = document.kind in legal.INVOICE_KINDS
    codes = legal.tax_codes_of(session, document)
    corrected = session.get(Document, document.corrects_id) if document.corrects_id else None
    show_set_text = bool(document.set_text.strip()) and document.kind in SET_TEXT_KINDS
    return {
        "company": company_context(session, ctx),
        "lang": lang,
        "locale": lang.code,
        "title": lang.gettext(CASH_INVOICE if document.cash and document.kind == "invoice"
                              else TITLES.get(document.kind, kind_of(document.kind).title)),
        "cash": document.cash,
        "document": document,
        "party": party,
        "payment_term": term,
        "lines": print_lines(session, ctx, lines, lang.code),
        "charges": charges,
        "taxes": totals.rows,
        "show_prices": document.kind not in WITHOUT_PRICES,
        "show_set_text": show_set_text,
        "invoice": invoice,
        "tax_notes": [lang.gettext(text) for _, text in legal.tax_notes(codes)] if invoice else [],
        "intra_eu": invoice and any(code.kind == "intra_eu_supply" for code in codes.values()),
        "service_period": legal.service_period(session, document) if invoice else None,
        "corrected": corrected,
        "final": statement,
        "final_lines_net": claim_lines,
        "footer_text": footer,
        "packages": (document.packages or []) if document.kind in PACKING_KINDS else [],
        "ship_to_differs": _ship_to_differs(document),
    }


def _ship_to_differs(document: Document) -> bool:
    ship = (document.ship_name1, document.ship_street, document.ship_postal_code, document.ship_city)
    bill = (document.bill_name1, document.bill_street, document.bill_postal_code, document.bill_city)
    return bool(document.ship_name1) and ship != bill


def print_document(session: Session, ctx: Context, document_id: int, output: str = "html", *,
                   family: str = "", pdf_variant: str | None = None) -> Printed:
    document = load_document(session, ctx, document_id)
    return render(session, ctx, document.kind, document, document_context(session, ctx, document), output,
                  family=family, pdf_variant=pdf_variant)
