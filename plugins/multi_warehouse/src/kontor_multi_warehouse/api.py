"""The plugin's routes (mounted under /api/multi_warehouse; 404 for tenants without the plugin).

Thin handlers: each opens one unit of work and calls a service; POSTs that create something
honour an `Idempotency-Key` like the core's.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from litestar import Request, get, post, put
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.api import DocumentCreate, DocumentRead, LineInput, document_dict, idempotent_post, kontor_of, unit

from kontor_multi_warehouse import choices, consignment, stock_lists, transfers
from kontor_multi_warehouse.choices import FromOrderRequest
from kontor_multi_warehouse.drop_shipment import DropShipmentRequest, ship_direct

TAGS = ["multi_warehouse"]


def _read(session, document) -> DocumentRead:
    return DocumentRead.model_validate(document_dict(session, document))


# -- stock per warehouse and location ------------------------------------------------------------


@get("/stock", sync_to_thread=True, tags=TAGS, summary="Stock of articles per warehouse and location")
def stock(
    request: Request,
    article_id: int | None = None,
    warehouse_id: int | None = None,
    q: str | None = Parameter(default=None, description="article number or description, also in part"),
    on: date | None = Parameter(default=None, description="key date: stock from the movements up to that day"),
    limit: int | None = Parameter(default=None, ge=1),
    offset: int = Parameter(default=0, ge=0),
) -> dict[str, Any]:
    settings = kontor_of(request).settings
    with unit(request) as (session, ctx):
        return stock_lists.stock_by_warehouse(session, ctx, article_id=article_id, warehouse_id=warehouse_id, q=q,
                                              on=on,
                                              limit=min(limit or settings.page_size, settings.max_page_size),
                                              offset=offset)


# -- transfers -----------------------------------------------------------------------------------


class TransferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    article_id: int
    quantity: Decimal
    from_warehouse_id: int
    from_location: str
    to_warehouse_id: int
    to_location: str
    moved_on: date
    note: str
    clerk: str
    created_at: datetime


@post("/transfers", sync_to_thread=True, tags=TAGS,
      summary="Transfer an article between warehouses or locations (two UB movements; never more than is free)")
def create_transfer(request: Request, data: transfers.TransferRequest) -> TransferRead:
    return idempotent_post(request, data, lambda session, ctx: TransferRead.model_validate(
        transfers.transfer_stock(session, ctx, data)))


@get("/transfers", sync_to_thread=True, tags=TAGS, summary="Transfers, newest first")
def list_transfers(request: Request, article_id: int | None = None, limit: int = Parameter(default=50, ge=1, le=500),
                   offset: int = Parameter(default=0, ge=0)) -> dict[str, Any]:
    with unit(request) as (session, ctx):
        rows, total = transfers.list_transfers(session, ctx, article_id, limit, offset)
        return {"items": [TransferRead.model_validate(r).model_dump() for r in rows], "total": total,
                "limit": limit, "offset": offset}


# -- warehouse and location of documents ---------------------------------------------------------


@post("/documents", sync_to_thread=True, tags=TAGS,
      summary="Create a document (e.g. a free delivery note) with warehouse, location or mode chosen")
def create_document(request: Request, data: choices.CreateWithChoice) -> DocumentRead:
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, choices.create_with_choice(session, ctx, data)))


@post("/documents/{document_id:int}/convert", sync_to_thread=True, tags=TAGS,
      summary="Make a delivery note (or picking slip, work report) from this order with warehouse, location or mode")
def convert_document(request: Request, document_id: int, data: choices.ConvertWithChoice) -> DocumentRead:
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, choices.convert_with_choice(session, ctx, document_id, data)))


@put("/documents/{document_id:int}/stock", sync_to_thread=True, tags=TAGS,
     summary="Choose warehouse, location or mode of a document; its movements follow at once")
def choose_for_document(request: Request, document_id: int, data: choices.StockChoice) -> dict[str, Any]:
    with unit(request, write=True) as (session, ctx):
        choices.choose_for_document(session, ctx, document_id, data)
        return choices.document_stock(session, ctx, document_id)


@put("/documents/{document_id:int}/lines/{line_id:int}/stock", sync_to_thread=True, tags=TAGS,
     summary="Choose warehouse and location of one line; its movements follow at once")
def choose_for_line(request: Request, document_id: int, line_id: int,
                    data: choices.LineStockChoice) -> dict[str, Any]:
    with unit(request, write=True) as (session, ctx):
        choices.choose_for_line(session, ctx, document_id, line_id, data)
        return choices.document_stock(session, ctx, document_id)


@get("/documents/{document_id:int}/stock", sync_to_thread=True, tags=TAGS,
     summary="The choices of a document and where its movements went")
def document_stock(request: Request, document_id: int) -> dict[str, Any]:
    with unit(request) as (session, ctx):
        return choices.document_stock(session, ctx, document_id)


# -- consignment and drop shipment ---------------------------------------------------------------


class ConsignmentDeliveryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    lines: list[LineInput] = Field(min_length=1)
    doc_date: date | None = None
    warehouse_id: int | None = Field(default=None, description="our warehouse the goods leave")
    location: str = Field(default="", max_length=30)


@post("/consignment/delivery-notes", sync_to_thread=True, tags=TAGS,
      summary="A free consignment delivery note: goods into the customer's consignment warehouse (made on first use)")
def consignment_delivery(request: Request, data: ConsignmentDeliveryRequest) -> DocumentRead:
    order = choices.CreateWithChoice(
        document=DocumentCreate(kind="delivery_note", customer_id=data.customer_id, lines=data.lines,
                                **({"doc_date": data.doc_date} if data.doc_date else {})),
        warehouse_id=data.warehouse_id, location=data.location, mode="consignment")
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, choices.create_with_choice(session, ctx, order)))


def _from_order(request: Request, order_id: int, data: FromOrderRequest, mode: str) -> DocumentRead:
    wanted = choices.ConvertWithChoice(target="delivery_note", lines=data.lines, doc_date=data.doc_date,
                                       warehouse_id=data.warehouse_id, location=data.location, mode=mode)
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, choices.convert_with_choice(session, ctx, order_id, wanted)))


@post("/orders/{order_id:int}/consignment-delivery-note", sync_to_thread=True, tags=TAGS,
      summary="A consignment delivery note from an order's open lines")
def consignment_from_order(request: Request, order_id: int, data: FromOrderRequest) -> DocumentRead:
    return _from_order(request, order_id, data, "consignment")


@post("/orders/{order_id:int}/drop-shipment", sync_to_thread=True, tags=TAGS,
      summary="A delivery note for goods the supplier ships straight to the customer: no stock moves; "
              "with supplier_id also the purchase order, delivered to the customer")
def drop_shipment(request: Request, order_id: int, data: DropShipmentRequest) -> DocumentRead:
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, ship_direct(session, ctx, order_id, data)))


@post("/consignment/invoices", sync_to_thread=True, tags=TAGS,
      summary="Bill what the customer used of his consignment stock: a posted invoice, goods out of it (KR)")
def consignment_invoice(request: Request, data: consignment.ConsignmentInvoiceRequest) -> DocumentRead:
    return idempotent_post(request, data, lambda session, ctx: _read(
        session, consignment.invoice_consignment(session, ctx, data)))


@get("/consignment", sync_to_thread=True, tags=TAGS, summary="The customers' consignment warehouses")
def consignments(request: Request) -> list[dict[str, Any]]:
    with unit(request) as (session, ctx):
        return consignment.list_consignments(session, ctx)


@get("/consignment/{customer_id:int}/stock", sync_to_thread=True, tags=TAGS,
     summary="What lies in a customer's consignment warehouse")
def consignment_stock(request: Request, customer_id: int) -> dict[str, Any]:
    with unit(request) as (session, ctx):
        return consignment.consignment_stock(session, ctx, customer_id)


ROUTES = [stock, create_transfer, list_transfers, create_document, convert_document, choose_for_document,
          choose_for_line, document_stock, consignment_delivery, consignment_from_order, drop_shipment,
          consignment_invoice, consignments, consignment_stock]
