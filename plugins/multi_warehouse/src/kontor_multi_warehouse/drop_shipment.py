"""Drop shipments (Streckengeschäft): the supplier ships a customer's order straight to him.

`ship_direct` makes the delivery note of the order's open lines (or the lines named) in
mode `drop_shipment`, so no stock of ours moves; it is invoiced as any delivery note. With a
`supplier_id` it also orders the delivered material from that supplier in the same
transaction: a purchase order serving the customer order, addressed for delivery to the
customer (the order's delivery address). Such goods never enter our warehouse, so the
purchase order is settled by the supplier's invoice (made from the purchase order), not by a
goods receipt.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from kontor.api import (
    ADDRESS_FIELDS, Context, Document, DocumentLine, PurchaseLineInput, PurchaseOrderCreate, Take, carries_stock,
    create_purchase_order, lines_of,
)

from kontor_multi_warehouse.choices import ConvertWithChoice, convert_with_choice


class DropShipmentRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[Take] | None = Field(default=None, description="empty: every open line of the order")
    doc_date: date | None = None
    supplier_id: int | None = Field(default=None, description="also order the goods from this supplier, "
                                                              "delivered to the customer")


def ship_direct(session: Session, ctx: Context, order_id: int, data: DropShipmentRequest) -> Document:
    note = convert_with_choice(session, ctx, order_id, ConvertWithChoice(
        target="delivery_note", lines=data.lines, doc_date=data.doc_date, mode="drop_shipment"))
    if data.supplier_id is not None:
        order_from_supplier(session, ctx, note, data.supplier_id)
    return note


def order_from_supplier(session: Session, ctx: Context, note: Document, supplier_id: int) -> Document:
    lines = [line for line in lines_of(session, note.id) if carries_stock(line)]
    order_id = next((line.order_line_id for line in lines if line.order_line_id), None)
    customer_order = session.get(Document, _document_of(session, order_id)) if order_id else None
    purchase = create_purchase_order(session, ctx, PurchaseOrderCreate(
        supplier_id=supplier_id, doc_date=note.doc_date,
        customer_order_id=customer_order.id if customer_order is not None else None,
        lines=[PurchaseLineInput(article_id=line.article_id, quantity=line.quantity) for line in lines]))
    for name in ADDRESS_FIELDS:
        setattr(purchase, f"ship_{name}", getattr(note, f"ship_{name}"))
    session.add(purchase)
    session.flush()
    return purchase


def _document_of(session: Session, line_id: int) -> int:
    return session.get(DocumentLine, line_id).document_id
