"""Printing a document (quote, order confirmation, delivery note, invoice, ...): header,
address, lines, direct costs, VAT per rate and totals, as stored; nothing is recomputed
except the VAT table, which follows the same rule as the stored totals."""

from __future__ import annotations

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document
from kontor.core.documents.services import charges_of, lines_of
from kontor.core.documents.totals import compute_totals
from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.printing.company import company_context
from kontor.core.printing.renderer import Printed, render
from kontor.core.users.permissions import Level
from kontor.errors import NotFound

TITLES = {
    "inquiry": "Anfrage", "quote": "Angebot", "order": "Auftragsbestätigung", "picking_slip": "Kommissionsschein",
    "delivery_note": "Lieferschein", "work_report": "Arbeitsbericht", "return_delivery_note": "Rücknahmeschein",
    "invoice": "Rechnung", "partial_invoice": "Teilrechnung", "final_invoice": "Schlussrechnung",
    "credit_note": "Gutschrift", "supplier_inquiry": "Anfrage", "purchase_order": "Bestellung",
    "blanket_order": "Rahmenbestellung", "internal_order": "Interner Auftrag", "goods_receipt": "Wareneingang",
    "supplier_return": "Rücksendung", "supplier_invoice": "Eingangsrechnung",
}
# Papers that go with the goods show quantities only.
WITHOUT_PRICES = ("picking_slip", "delivery_note", "return_delivery_note", "goods_receipt", "supplier_return")


def load_document(session: Session, ctx: Context, document_id: int) -> Document:
    """The document, readable by whoever may read its side (sales or purchasing)."""
    document = session.exec(select(Document).where(Document.id == document_id,
                                                    Document.tenant_id == ctx.tenant_id)).first()
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    ctx.require("purchasing" if kind_of(document.kind).side == "purchase" else "sales", Level.READ)
    return document


def document_context(session: Session, ctx: Context, document: Document) -> dict:
    lines = lines_of(session, document.id)
    charges = charges_of(session, document.id)
    totals = compute_totals(((line.net_amount, line.tax_rate, line.optional) for line in lines),
                            ((charge.amount, charge.tax_rate) for charge in charges), document.end_discount_percent)
    party = None
    if document.customer_id:
        party = session.get(Customer, document.customer_id)
    elif document.supplier_id:
        party = session.get(Supplier, document.supplier_id)
    term = session.get(PaymentTerm, document.payment_term_id) if document.payment_term_id else None
    return {
        "company": company_context(session, ctx),
        "title": TITLES.get(document.kind, kind_of(document.kind).title),
        "document": document,
        "party": party,
        "payment_term": term,
        "lines": lines,
        "charges": charges,
        "taxes": totals.rows,
        "show_prices": document.kind not in WITHOUT_PRICES,
    }


def print_document(session: Session, ctx: Context, document_id: int, output: str = "html") -> Printed:
    document = load_document(session, ctx, document_id)
    return render(session, ctx, document.kind, document, document_context(session, ctx, document), output)
