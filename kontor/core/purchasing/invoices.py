"""Supplier invoices (Eingangsrechnung): from one or several checked goods receipts, plus
non-material lines (freight, insurance, surcharges), booked only when their sums agree.

The clerk enters the supplier's invoice number and date and the amounts to book (net, VAT,
gross) from the paper. The invoice takes every receipt line not yet invoiced (received less
returned less invoiced before) at the price of the commercial check; the non-material lines
are direct costs after the lines (`DocumentCharge`). Its totals follow kontor's one rounding
rule. Booking compares them with the entered amounts: any difference, even a cent, refuses the
booking and names each amount that differs and by how much; the clerk corrects prices, adds a
missing surcharge or fixes a typing error (`update_supplier_invoice`) and books again.
Booking draws the invoice's own number (range supplier_invoice, gapless, in the booking
transaction), sets `posted_at` and state `posted`; from then on it never changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, delete, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.services import lines_of, update_totals
from kontor.core.documents.totals import line_net
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.masterdata.validators import Money
from kontor.core.purchasing.checking import checked_receipts
from kontor.core.purchasing.common import (
    PURCHASING,
    Lines,
    get_purchase_document,
    label,
    load_supplier,
    new_document,
    save,
)
from kontor.core.purchasing.models import SupplierInvoiceEntry
from kontor.core.purchasing.quantities import taken_into
from kontor.core.purchasing.schemas import ExtraLine, SupplierInvoiceCreate
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, Problem

ZERO = Decimal("0")


class InvoiceLinePrice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: int
    unit_price: Money = Field(ge=0)


class SupplierInvoiceUpdate(BaseModel):
    """Corrections before booking: entered amounts, line prices, the non-material lines."""

    model_config = ConfigDict(extra="forbid")

    net_amount: Money | None = None
    tax_amount: Money | None = None
    gross_amount: Money | None = None
    lines: list[InvoiceLinePrice] = Field(default_factory=list)
    extras: list[ExtraLine] | None = Field(default=None, description="replaces the non-material lines when given")


@dataclass(frozen=True)
class SumCheck:
    """The document's totals beside the amounts entered from the supplier's paper."""

    net: Decimal
    tax: Decimal
    gross: Decimal
    entered_net: Decimal
    entered_tax: Decimal
    entered_gross: Decimal

    @property
    def differences(self) -> dict[str, Decimal]:
        return {"net_amount": self.entered_net - self.net, "tax_amount": self.entered_tax - self.tax,
                "gross_amount": self.entered_gross - self.gross}

    @property
    def agrees(self) -> bool:
        return all(d == 0 for d in self.differences.values())


def create_supplier_invoice(session: Session, ctx: Context, data: SupplierInvoiceCreate) -> Document:
    ctx.require(PURCHASING, Level.WRITE)
    receipts = [get_purchase_document(session, ctx, receipt_id, ("goods_receipt",), for_update=True,
                                      field_name=f"receipt_ids.{index}")
                for index, receipt_id in enumerate(dict.fromkeys(data.receipt_ids))]
    if len({r.supplier_id for r in receipts}) > 1:
        raise Conflict("the receipts come from different suppliers; one invoice is from one supplier")
    checked = checked_receipts(session, [r.id for r in receipts])
    for receipt in receipts:
        if receipt.id not in checked:
            raise Conflict(f"{label(receipt)} has no commercial check yet; the check releases it for invoicing")
    supplier = load_supplier(session, ctx, receipts[0].supplier_id)
    _refuse_duplicate(session, ctx, supplier.id, data.supplier_invoice_number)

    lines = [line for receipt in receipts for line in lines_of(session, receipt.id)]
    ids = [line.id for line in lines]
    returned = taken_into(session, ids, "supplier_return")
    invoiced = taken_into(session, ids, "supplier_invoice")
    if len({r.currency_code for r in receipts}) > 1:
        raise Conflict("the receipts are in different currencies; one invoice is in one currency")
    document = new_document(session, ctx, "supplier_invoice", supplier, data.supplier_invoice_date, numbered=False,
                            currency=receipts[0].currency_code)
    document.state = "draft"
    document.customer_order_number = data.supplier_invoice_number  # the party's own reference
    builder = Lines.load(session, ctx, document)
    made = 0
    for line in lines:
        left = line.quantity - returned[line.id] - invoiced[line.id]
        if left > 0:
            builder.build("receipt_ids", article_id=None, quantity=left, unit_price=None, source=line,
                          source_kind="goods_receipt")
            made += 1
    if not made:
        raise Conflict("everything of these receipts is invoiced or returned already")
    session.flush()
    _replace_extras(session, ctx, builder, document, data.extras)
    session.add(SupplierInvoiceEntry(tenant_id=ctx.tenant_id, document_id=document.id, supplier_id=supplier.id,
                                     supplier_invoice_number=data.supplier_invoice_number,
                                     supplier_invoice_date=data.supplier_invoice_date, net_amount=data.net_amount,
                                     tax_amount=data.tax_amount, gross_amount=data.gross_amount))
    save(session, ctx, document, "create")
    return document


def _refuse_duplicate(session: Session, ctx: Context, supplier_id: int, number: str) -> None:
    if session.exec(select(SupplierInvoiceEntry.id).where(
            SupplierInvoiceEntry.tenant_id == ctx.tenant_id, SupplierInvoiceEntry.supplier_id == supplier_id,
            SupplierInvoiceEntry.supplier_invoice_number == number)).first() is not None:
        raise Conflict(f"invoice {number} of this supplier is entered already")


def _replace_extras(session: Session, ctx: Context, builder: Lines, document: Document, extras: list[ExtraLine]) -> None:
    session.exec(delete(DocumentCharge).where(DocumentCharge.document_id == document.id))
    for index, extra in enumerate(extras):
        tax = builder.tax_code(extra.tax_code_id, None, f"extras.{index}.tax_code_id")
        session.add(DocumentCharge(tenant_id=ctx.tenant_id, document_id=document.id, kind=extra.kind,
                                   text=extra.text or extra.kind, amount=extra.amount, tax_code_id=tax.id,
                                   tax_rate=tax.rate))
    session.flush()


def _draft(session: Session, ctx: Context, invoice_id: int) -> tuple[Document, SupplierInvoiceEntry]:
    document = get_purchase_document(session, ctx, invoice_id, ("supplier_invoice",), for_update=True)
    if document.posted_at is not None:
        raise Conflict(f"{label(document)} is booked and never changes")
    return document, entry_of(session, document.id)


def entry_of(session: Session, document_id: int) -> SupplierInvoiceEntry:
    return session.exec(select(SupplierInvoiceEntry).where(SupplierInvoiceEntry.document_id == document_id)).one()


def update_supplier_invoice(session: Session, ctx: Context, invoice_id: int, data: SupplierInvoiceUpdate) -> Document:
    ctx.require(PURCHASING, Level.WRITE)
    document, entry = _draft(session, ctx, invoice_id)
    before = {"net_amount": str(entry.net_amount), "tax_amount": str(entry.tax_amount),
              "gross_amount": str(entry.gross_amount), "net_total": str(document.net_total)}
    for name in ("net_amount", "tax_amount", "gross_amount"):
        if getattr(data, name) is not None:
            setattr(entry, name, getattr(data, name))
    session.add(entry)
    lines = {line.id: line for line in lines_of(session, document.id)}
    for index, item in enumerate(data.lines):
        line = lines.get(item.line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.line_id", "exists", f"line {item.line_id} is not a line of {label(document)}")
        line.unit_price = line.cost_price = item.unit_price
        line.net_amount = line_net(line.quantity, item.unit_price, line.discount_percent)
        line.price_source = "manual"
        session.add(line)
    if data.extras is not None:
        _replace_extras(session, ctx, Lines.load(session, ctx, document), document, data.extras)
    session.flush()
    update_totals(session, document)
    record_change(session, ctx, "documents", document.id, "update", before,
                  {"net_amount": str(entry.net_amount), "tax_amount": str(entry.tax_amount),
                   "gross_amount": str(entry.gross_amount), "net_total": str(document.net_total)})
    return document


def delete_supplier_invoice(session: Session, ctx: Context, invoice_id: int) -> None:
    """Throw away an unbooked supplier invoice; its receipt lines are open to invoice again."""
    ctx.require(PURCHASING, Level.WRITE)
    document, entry = _draft(session, ctx, invoice_id)
    before = {"number": entry.supplier_invoice_number, "net_total": str(document.net_total)}
    session.delete(entry)
    session.exec(delete(DocumentCharge).where(DocumentCharge.document_id == document.id))
    session.exec(delete(DocumentLine).where(DocumentLine.document_id == document.id))
    session.flush()
    session.delete(document)
    session.flush()
    record_change(session, ctx, "documents", invoice_id, "delete", before, None)


def sum_check(session: Session, ctx: Context, invoice_id: int) -> SumCheck:
    ctx.require(PURCHASING, Level.READ)
    document = get_purchase_document(session, ctx, invoice_id, ("supplier_invoice",))
    return _sum_check(document, entry_of(session, document.id))


def _sum_check(document: Document, entry: SupplierInvoiceEntry) -> SumCheck:
    return SumCheck(net=document.net_total, tax=document.tax_total, gross=document.gross_total,
                    entered_net=entry.net_amount, entered_tax=entry.tax_amount, entered_gross=entry.gross_amount)


def book_supplier_invoice(session: Session, ctx: Context, invoice_id: int) -> Document:
    """Book the invoice if its net, VAT and gross equal the amounts entered to the cent."""
    ctx.require(PURCHASING, Level.POST)
    document, entry = _draft(session, ctx, invoice_id)
    update_totals(session, document)
    check = _sum_check(document, entry)
    problems = [
        Problem(name, "matches_total",
                f"entered {getattr(check, 'entered_' + name.split('_')[0]).normalize():f} but the invoice comes to "
                f"{getattr(check, name.split('_')[0]).normalize():f}: difference {difference.normalize():f}")
        for name, difference in check.differences.items() if difference != 0
    ]
    # the checks of the core and the plugins (a closed accounting period refuses the booking)
    for answer in ctx.hooks.kontor_validate(ctx=ctx, session=session, subject="documents", action="post",
                                            record=document, before=None):
        problems += answer or []
    if problems:
        raise Invalid(problems)
    document.number = next_number(session, ctx.tenant_id, "supplier_invoice")
    document.posted_at = utcnow()
    document.state = "posted"
    document.locked = True
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "post", {"state": "draft", "number": None},
                  {"state": "posted", "number": document.number,
                   "supplier_invoice_number": entry.supplier_invoice_number})
    return document
