"""Consignment stock: goods that lie at a customer and stay ours until he uses them.

- A customer's consignment warehouse is a core warehouse (code `K-<customer number>`) marked
  in `multi_warehouse_consignment`; the first consignment delivery note to him makes it.
- A consignment delivery note is a delivery note in mode `consignment` (variant
  `consignment`): its goods move from our warehouse into his consignment warehouse (KL).
- A consignment invoice bills what the customer reports as used: a posted invoice (variant
  `consignment`) whose material lines leave his consignment warehouse (KR). It is posted
  at once, so its lines - and with them its movements - never change; more than the
  consignment stock holds is refused (409) and nothing is written.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func
from sqlmodel import Session, select

from kontor.api import (
    Article, Conflict, Context, Customer, Document, DocumentCreate, Invalid, Level, LineInput, Money, MoveSpec,
    StockLevel, Warehouse, carries_stock, create_document, lines_of, load_customer, post_document, post_moves,
)

from kontor_multi_warehouse.models import Consignment


class ConsignmentUse(BaseModel):
    """What the customer used of one article of his consignment stock."""

    model_config = ConfigDict(extra="forbid")

    article_id: int
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    unit_price: Money | None = Field(default=None, description="empty: found by the pricing hook")


class ConsignmentInvoiceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    lines: list[ConsignmentUse] = Field(min_length=1)
    doc_date: date | None = None


def consignment_of(session: Session, ctx: Context, customer_id: int) -> Consignment | None:
    return session.exec(select(Consignment).where(Consignment.tenant_id == ctx.tenant_id,
                                                  Consignment.customer_id == customer_id)).first()


def consignment_warehouse(session: Session, ctx: Context, customer_id: int | None) -> Warehouse:
    """The customer's consignment warehouse; made now if he has none yet (the customer row is
    locked first, so two first deliveries at once make one warehouse)."""
    if customer_id is None:
        raise Invalid.field("customer_id", "required", "a consignment delivery goes to a customer")
    customer = session.exec(select(Customer).where(Customer.id == customer_id, Customer.tenant_id == ctx.tenant_id)
                            .with_for_update()).first()
    if customer is None:
        raise Invalid.field("customer_id", "exists", f"no customer with id {customer_id}")
    found = consignment_of(session, ctx, customer_id)
    if found is not None:
        return session.get(Warehouse, found.warehouse_id)
    code = f"K-{customer.number}"[:20]
    taken = session.exec(select(func.count()).select_from(Warehouse).where(
        Warehouse.tenant_id == ctx.tenant_id, Warehouse.code.like(f"{code}%"))).one()
    if taken:
        code = f"{code[:16]}-{taken}"
    warehouse = Warehouse(tenant_id=ctx.tenant_id, code=code, name=f"Consignment {customer.short_name}"[:120])
    session.add(warehouse)
    session.flush()
    session.add(Consignment(tenant_id=ctx.tenant_id, customer_id=customer_id, warehouse_id=warehouse.id))
    session.flush()
    return warehouse


def consignment_stock(session: Session, ctx: Context, customer_id: int) -> dict[str, Any]:
    """What lies in the customer's consignment warehouse, per article (from the levels)."""
    ctx.require("stock", Level.READ)
    load_customer(session, ctx, customer_id)
    found = consignment_of(session, ctx, customer_id)
    if found is None:
        return {"customer_id": customer_id, "warehouse_id": None, "items": []}
    rows = session.exec(
        select(Article.id, Article.number, Article.description, StockLevel.on_hand)
        .join(StockLevel, StockLevel.article_id == Article.id)
        .where(StockLevel.tenant_id == ctx.tenant_id, StockLevel.warehouse_id == found.warehouse_id,
               StockLevel.on_hand != 0)
        .order_by(Article.number)
    ).all()
    return {"customer_id": customer_id, "warehouse_id": found.warehouse_id,
            "items": [{"article_id": a, "article_number": n, "description": d, "quantity": q} for a, n, d, q in rows]}


def list_consignments(session: Session, ctx: Context) -> list[dict[str, Any]]:
    ctx.require("stock", Level.READ)
    rows = session.exec(
        select(Consignment, Customer.number, Customer.short_name, Warehouse.code)
        .join(Customer, Customer.id == Consignment.customer_id).join(Warehouse, Warehouse.id == Consignment.warehouse_id)
        .where(Consignment.tenant_id == ctx.tenant_id).order_by(Customer.number)
    ).all()
    return [{"customer_id": c.customer_id, "customer_number": number, "customer_name": name,
             "warehouse_id": c.warehouse_id, "warehouse_code": code} for c, number, name, code in rows]


def invoice_consignment(session: Session, ctx: Context, data: ConsignmentInvoiceRequest) -> Document:
    """Bill what the customer used from his consignment stock: a posted invoice whose
    material lines leave the consignment warehouse (KR)."""
    ctx.require("sales", Level.POST)
    found = consignment_of(session, ctx, data.customer_id)
    if found is None:
        load_customer(session, ctx, data.customer_id)
        raise Conflict(f"customer {data.customer_id} has no consignment stock; deliver with a consignment "
                       "delivery note first")
    _check_enough(session, ctx, found.warehouse_id, data.lines)
    invoice = create_document(session, ctx, DocumentCreate(
        kind="invoice", customer_id=data.customer_id, **({"doc_date": data.doc_date} if data.doc_date else {}),
        lines=[LineInput(article_id=use.article_id, quantity=use.quantity, unit_price=use.unit_price,
                         with_follow_ups=False) for use in data.lines]))
    invoice.variant = "consignment"
    session.add(invoice)
    invoice = post_document(session, ctx, invoice.id)
    post_moves(session, ctx, [
        MoveSpec(article_id=line.article_id, quantity=-line.quantity, moved_on=invoice.doc_date, symbol="KR",
                 warehouse_id=found.warehouse_id, document_id=invoice.id, document_line_id=line.id,
                 document_number=invoice.number or "", unit_cost=line.cost_price)
        for line in lines_of(session, invoice.id) if carries_stock(line)
    ])
    return invoice


def _check_enough(session: Session, ctx: Context, warehouse_id: int, uses: list[ConsignmentUse]) -> None:
    wanted: dict[int, Decimal] = {}
    for use in uses:
        wanted[use.article_id] = wanted.get(use.article_id, Decimal("0")) + use.quantity
    there = dict(session.exec(select(StockLevel.article_id, StockLevel.on_hand).where(
        StockLevel.tenant_id == ctx.tenant_id, StockLevel.warehouse_id == warehouse_id,
        StockLevel.article_id.in_(list(wanted))).with_for_update()).all())
    for index, use in enumerate(uses):
        have = there.get(use.article_id, Decimal("0"))
        if wanted[use.article_id] > have:
            article = session.get(Article, use.article_id)
            if article is None or article.tenant_id != ctx.tenant_id:
                raise Invalid.field(f"lines.{index}.article_id", "exists", f"no article with id {use.article_id}")
            raise Conflict(f"article {article.number}: the customer's consignment stock holds "
                           f"{have.normalize():f}, {wanted[use.article_id].normalize():f} billed")
