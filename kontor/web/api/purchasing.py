"""Purchasing over HTTP: reorder proposals, orders, call-offs, on-order and overdue lists,
goods receipt, technical release, commercial check, returns to suppliers and supplier invoices.

Thin handlers around kontor.core.purchasing, one unit of work each; the POSTs that create
documents honour an Idempotency-Key, so a retried request never doubles a receipt.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from litestar import Request, delete, get, patch, post
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict

from kontor.core.documents.schemas import DocumentMade
from kontor.core.purchasing import proposals
from kontor.core.purchasing.checking import check_receipt
from kontor.core.purchasing.common import PURCHASING
from kontor.core.purchasing.inquiries import (
    create_supplier_inquiries,
    enter_offer,
    order_from_inquiry,
    price_comparison,
)
from kontor.core.purchasing.invoices import (
    SupplierInvoiceUpdate,
    book_supplier_invoice,
    create_supplier_invoice,
    delete_supplier_invoice,
    sum_check,
    update_supplier_invoice,
)
from kontor.core.purchasing.orders import (
    call_off,
    cancel_order,
    create_purchase_order,
    set_purchase_done,
    update_purchase_order,
)
from kontor.core.purchasing.queries import on_order, overdue_list
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    CallOffCreate,
    CommercialCheck,
    ComparisonRow,
    GoodsReceiptCreate,
    OfferInput,
    OnOrderRow,
    OrderProposalRequest,
    OverdueSupplier,
    PlanProposalRequest,
    ProposalOrderRequest,
    ProposalRead,
    PurchaseOrderCreate,
    PurchaseOrderUpdate,
    ReleaseRequest,
    SupplierInquiryCreate,
    SupplierInvoiceCreate,
    SupplierReturnCreate,
)
from kontor.core.purchasing.supplier_returns import return_to_supplier
from kontor.core.purchasing.views import list_purchase_documents, read_purchase_document
from kontor.core.users.permissions import Level
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit

TAGS = ["purchasing"]


class LineStatus(BaseModel):
    received: Decimal | None = None
    open: Decimal | None = None
    expected_date: date | None = None
    called_off: Decimal | None = None
    left: Decimal | None = None
    returned: Decimal | None = None
    blocked: Decimal | None = None
    released: Decimal | None = None
    invoiced: Decimal | None = None
    received_back: Decimal | None = None


class PurchaseLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    position: int
    article_id: int | None
    article_number: str
    description: str
    article_type: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    net_amount: Decimal
    tax_rate: Decimal
    price_source: str
    source_line_id: int | None
    order_line_id: int | None
    status: LineStatus | None = None


class ChargeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    text: str
    amount: Decimal
    tax_rate: Decimal


class CheckRead(BaseModel):
    checked_on: date
    checked_by: str
    quality_grade: str
    delivery_date_grade: str
    quantity_grade: str
    grade: str
    note: str


class EntryRead(BaseModel):
    supplier_invoice_number: str
    supplier_invoice_date: date
    net_amount: Decimal
    tax_amount: Decimal
    gross_amount: Decimal


class PurchaseSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    number: str | None
    state: str
    done: bool
    doc_date: date
    supplier_id: int | None
    bill_name1: str
    customer_order_number: str
    net_total: Decimal
    gross_total: Decimal


class PurchaseDocumentRead(PurchaseSummary):
    variant: str
    order_id: int | None
    supplier_delivery_date: date | None
    currency_code: str
    lines_net: Decimal
    charges_net: Decimal
    tax_total: Decimal
    posted_at: datetime | None
    lines: list[PurchaseLineRead]
    charges: list[ChargeRead]
    check: CheckRead | None = None
    entry: EntryRead | None = None
    differences: dict[str, Decimal] | None = None


class PurchaseList(BaseModel):
    total: int
    items: list[PurchaseSummary]


class SumCheckRead(BaseModel):
    net: Decimal
    tax: Decimal
    gross: Decimal
    entered_net: Decimal
    entered_tax: Decimal
    entered_gross: Decimal
    differences: dict[str, Decimal]
    agrees: bool


def _read(session, ctx, document_id: int) -> PurchaseDocumentRead:
    return PurchaseDocumentRead.model_validate(read_purchase_document(session, ctx, document_id))


def _create(request: Request, data: BaseModel, make) -> Any:
    def operation(session, ctx):
        return _read(session, ctx, make(session, ctx).id)

    return idempotent_post(request, data, operation)


@post("/api/purchasing/orders", operation_id="create_purchase_order", sync_to_thread=True, tags=TAGS,
      summary="Order from a supplier: a purchase order, blanket order or internal order from another branch")
def post_order(request: Request, data: PurchaseOrderCreate) -> PurchaseDocumentRead:
    return _create(request, data, lambda session, ctx: create_purchase_order(session, ctx, data))


@patch("/api/purchasing/orders/{order_id:int}", operation_id="update_purchase_order", sync_to_thread=True, tags=TAGS,
       summary="Change an order as the supplier confirms it: quantities, prices, expected dates, new lines")
def patch_order(request: Request, order_id: int, data: PurchaseOrderUpdate) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, ctx, update_purchase_order(session, ctx, order_id, data).id)


@post("/api/purchasing/blanket-orders/{blanket_id:int}/call-offs", operation_id="call_off_blanket_order",
      sync_to_thread=True, tags=TAGS, summary="A purchase order drawing quantities from a blanket order")
def post_call_off(request: Request, blanket_id: int, data: CallOffCreate) -> PurchaseDocumentRead:
    return _create(request, data, lambda session, ctx: call_off(session, ctx, blanket_id, data))


@post("/api/purchasing/orders/{order_id:int}/cancel", operation_id="cancel_purchase_order", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Cancel what is still open of a purchase, internal or blanket order")
def post_cancel(request: Request, order_id: int) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, ctx, cancel_order(session, ctx, order_id).id)


@post("/api/purchasing/documents/{document_id:int}/done", operation_id="purchase_document_done", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Take a purchase document off the working list")
def post_done(request: Request, document_id: int) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, ctx, set_purchase_done(session, ctx, document_id, True).id)


@post("/api/purchasing/documents/{document_id:int}/undone", operation_id="purchase_document_undone",
      sync_to_thread=True, tags=TAGS, status_code=200, summary="Bring a purchase document back to the working list")
def post_undone(request: Request, document_id: int) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, ctx, set_purchase_done(session, ctx, document_id, False).id)


@get("/api/purchasing/documents", operation_id="list_purchase_documents", sync_to_thread=True, tags=TAGS,
     summary="The purchase working list: orders, receipts, returns, supplier invoices")
def get_documents(request: Request, kind: str | None = None, supplier_id: int | None = None,
                  doc_state: str | None = Parameter(query="state", default=None, description="open, received, ..."),
                  q: str | None = None, include_done: bool = False, limit: int = 50,
                  offset: int = 0) -> PurchaseList:
    with unit(request) as (session, ctx):
        rows, total = list_purchase_documents(session, ctx, kind=kind, supplier_id=supplier_id, state=doc_state, q=q,
                                              include_done=include_done, limit=min(limit, 500), offset=offset)
        return PurchaseList(total=total, items=[PurchaseSummary.model_validate(r) for r in rows])


@get("/api/purchasing/documents/{document_id:int}", operation_id="read_purchase_document", sync_to_thread=True,
     tags=TAGS, summary="A purchase document with the processing status of each line")
def get_document(request: Request, document_id: int) -> PurchaseDocumentRead:
    with unit(request) as (session, ctx):
        return _read(session, ctx, document_id)


@get("/api/purchasing/on-order", operation_id="on_order", sync_to_thread=True, tags=TAGS,
     summary="Per article: quantity ordered and not yet received, and the earliest expected date")
def get_on_order(request: Request, article_id: list[int] | None = None) -> list[OnOrderRow]:
    with unit(request) as (session, ctx):
        ctx.require(PURCHASING, Level.READ)
        found = on_order(session, ctx.tenant_id, article_id)
        return [OnOrderRow(article_id=a, quantity=row.quantity, earliest_date=row.earliest_date)
                for a, row in sorted(found.items())]


@get("/api/purchasing/overdue", operation_id="overdue_list", sync_to_thread=True, tags=TAGS,
     summary="The overdue list: late purchase-order lines per supplier with the days late")
def get_overdue(request: Request, on: date | None = None, supplier_id: int | None = None) -> list[OverdueSupplier]:
    with unit(request) as (session, ctx):
        return overdue_list(session, ctx, on=on, supplier_id=supplier_id)


class InquiryOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_date: date | None = None


@post("/api/purchasing/inquiries", operation_id="create_supplier_inquiries", sync_to_thread=True, tags=TAGS,
      summary="Ask up to ten suppliers for the same lines: one supplier inquiry each")
def post_inquiries(request: Request, data: SupplierInquiryCreate) -> list[PurchaseDocumentRead]:
    with unit(request, write=True) as (session, ctx):
        return [_read(session, ctx, d.id) for d in create_supplier_inquiries(session, ctx, data)]


@post("/api/purchasing/inquiries/{inquiry_id:int}/offer", operation_id="enter_supplier_offer", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Enter the supplier's offer (price and date per line) on its inquiry")
def post_offer(request: Request, inquiry_id: int, data: OfferInput) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, ctx, enter_offer(session, ctx, inquiry_id, data).id)


@get("/api/purchasing/inquiries/{inquiry_id:int}/comparison", operation_id="price_comparison", sync_to_thread=True,
     tags=TAGS, summary="The price comparison of an inquiry round: every supplier's offer per line")
def get_comparison(request: Request, inquiry_id: int) -> list[ComparisonRow]:
    with unit(request) as (session, ctx):
        return price_comparison(session, ctx, inquiry_id)


@post("/api/purchasing/inquiries/{inquiry_id:int}/order", operation_id="order_from_inquiry", sync_to_thread=True,
      tags=TAGS, summary="Order from the chosen supplier's offer; the round's other inquiries are declined")
def post_inquiry_order(request: Request, inquiry_id: int, data: InquiryOrder | None = None) -> PurchaseDocumentRead:
    data = data or InquiryOrder()
    return _create(request, data, lambda session, ctx: order_from_inquiry(session, ctx, inquiry_id, data.doc_date))


@post("/api/purchasing/receipts", operation_id="receive_goods", sync_to_thread=True, tags=TAGS,
      summary="Goods receipt into blocked stock: from purchase orders, supplier returns, or free")
def post_receipt(request: Request, data: GoodsReceiptCreate) -> PurchaseDocumentRead:
    return _create(request, data, lambda session, ctx: receive_goods(session, ctx, data))


@post("/api/purchasing/receipts/{receipt_id:int}/release", operation_id="release_goods_receipt", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Technical release: received goods move from blocked to free stock")
def post_release(request: Request, receipt_id: int, data: ReleaseRequest | None = None) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        release_receipt(session, ctx, receipt_id, data or ReleaseRequest())
        return _read(session, ctx, receipt_id)


@post("/api/purchasing/receipts/{receipt_id:int}/check", operation_id="check_goods_receipt", sync_to_thread=True,
      tags=TAGS, status_code=200,
      summary="Commercial check: real prices, moving average purchase price, supplier rating, release for invoicing")
def post_check(request: Request, receipt_id: int, data: CommercialCheck) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        check_receipt(session, ctx, receipt_id, data)
        return _read(session, ctx, receipt_id)


@post("/api/purchasing/returns", operation_id="return_to_supplier", sync_to_thread=True, tags=TAGS,
      summary="Goods back to the supplier (from receipt lines or free), out of free or blocked stock")
def post_return(request: Request, data: SupplierReturnCreate) -> PurchaseDocumentRead:
    return _create(request, data, lambda session, ctx: return_to_supplier(session, ctx, data))


@post("/api/purchasing/invoices", operation_id="create_supplier_invoice", sync_to_thread=True, tags=TAGS,
      summary="A supplier invoice from checked goods receipts, with freight, insurance and surcharges")
def post_invoice(request: Request, data: SupplierInvoiceCreate) -> PurchaseDocumentRead:
    return _create(request, data, lambda session, ctx: create_supplier_invoice(session, ctx, data))


@patch("/api/purchasing/invoices/{invoice_id:int}", operation_id="update_supplier_invoice", sync_to_thread=True,
       tags=TAGS, summary="Correct an unbooked supplier invoice: entered amounts, line prices, extra lines")
def patch_invoice(request: Request, invoice_id: int, data: SupplierInvoiceUpdate) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        update_supplier_invoice(session, ctx, invoice_id, data)
        return _read(session, ctx, invoice_id)


@delete("/api/purchasing/invoices/{invoice_id:int}", operation_id="delete_supplier_invoice", sync_to_thread=True,
        tags=TAGS, summary="Throw away an unbooked supplier invoice")
def delete_invoice(request: Request, invoice_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        delete_supplier_invoice(session, ctx, invoice_id)


@get("/api/purchasing/invoices/{invoice_id:int}/sum-check", operation_id="supplier_invoice_sum_check",
     sync_to_thread=True, tags=TAGS, summary="The invoice's net, VAT and gross beside the amounts entered")
def get_sum_check(request: Request, invoice_id: int) -> SumCheckRead:
    with unit(request) as (session, ctx):
        check = sum_check(session, ctx, invoice_id)
        return SumCheckRead(net=check.net, tax=check.tax, gross=check.gross, entered_net=check.entered_net,
                            entered_tax=check.entered_tax, entered_gross=check.entered_gross,
                            differences=check.differences, agrees=check.agrees)


@post("/api/purchasing/invoices/{invoice_id:int}/book", operation_id="book_supplier_invoice", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Book a supplier invoice whose sums agree with the amounts entered")
def post_book(request: Request, invoice_id: int) -> PurchaseDocumentRead:
    with unit(request, write=True) as (session, ctx):
        book_supplier_invoice(session, ctx, invoice_id)
        return _read(session, ctx, invoice_id)


# -- reorder proposals ---------------------------------------------------------------------------
# POSTs that make a proposal or a line honour an Idempotency-Key; ordering a proposal needs none:
# an ordered line is never ordered again.


@post("/api/purchasing/proposals", sync_to_thread=True, tags=TAGS, operation_id="create_reorder_proposal",
      summary="A reorder proposal of the articles of a selection that fall below their level")
def post_proposal(request: Request, data: proposals.ProposalCriteria) -> ProposalRead:
    return idempotent_post(request, data, lambda session, ctx: proposals.read_proposal(
        session, ctx, proposals.create_proposal(session, ctx, data).id))


@post("/api/purchasing/proposals/from-order/{order_id:int}", sync_to_thread=True, tags=TAGS,
      operation_id="reorder_proposal_for_order", summary="A reorder proposal of what a customer order misses")
def post_proposal_for_order(request: Request, order_id: int, data: OrderProposalRequest | None = None) -> ProposalRead:
    data = data or OrderProposalRequest()
    return idempotent_post(request, data, lambda session, ctx: proposals.read_proposal(
        session, ctx, proposals.proposal_for_order(session, ctx, order_id, supplier_id=data.supplier_id,
                                                   supplier_choice=data.supplier_choice).id))


@post("/api/purchasing/proposals/from-plan", sync_to_thread=True, tags=TAGS,
      operation_id="reorder_proposal_from_plan", summary="A reorder proposal of what the material plan misses")
def post_proposal_from_plan(request: Request, data: PlanProposalRequest | None = None) -> ProposalRead:
    data = data or PlanProposalRequest()
    return idempotent_post(request, data, lambda session, ctx: proposals.read_proposal(
        session, ctx, proposals.proposal_from_plan(session, ctx, until=data.until,
                                                   supplier_choice=data.supplier_choice).id))


@get("/api/purchasing/proposals/{proposal_id:int}", sync_to_thread=True, tags=TAGS,
     operation_id="read_reorder_proposal", summary="A reorder proposal with its lines, by supplier")
def get_proposal(request: Request, proposal_id: int) -> ProposalRead:
    with unit(request) as (session, ctx):
        return proposals.read_proposal(session, ctx, proposal_id)


@post("/api/purchasing/proposals/{proposal_id:int}/lines", sync_to_thread=True, tags=TAGS,
      operation_id="add_reorder_proposal_line", summary="Add a line to a reorder proposal")
def post_proposal_line(request: Request, proposal_id: int, data: proposals.ProposalLineInput) -> ProposalRead:
    def operation(session, ctx):
        proposals.add_line(session, ctx, proposal_id, data)
        return proposals.read_proposal(session, ctx, proposal_id)

    return idempotent_post(request, data, operation)


@patch("/api/purchasing/proposals/{proposal_id:int}/lines/{line_id:int}", sync_to_thread=True, tags=TAGS,
       operation_id="change_reorder_proposal_line", summary="Change quantity, supplier, price or date of a line")
def patch_proposal_line(request: Request, proposal_id: int, line_id: int,
                        data: proposals.ProposalLineInput) -> ProposalRead:
    with unit(request, write=True) as (session, ctx):
        proposals.update_line(session, ctx, proposal_id, line_id, data)
        return proposals.read_proposal(session, ctx, proposal_id)


@delete("/api/purchasing/proposals/{proposal_id:int}/lines/{line_id:int}", sync_to_thread=True, tags=TAGS,
        operation_id="remove_reorder_proposal_line", summary="Remove a line not ordered yet")
def delete_proposal_line(request: Request, proposal_id: int, line_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        proposals.remove_line(session, ctx, proposal_id, line_id)


class ProposalOrders(BaseModel):
    purchase_orders: list[DocumentMade]


@post("/api/purchasing/proposals/{proposal_id:int}/order", sync_to_thread=True, tags=TAGS, status_code=200,
      operation_id="order_reorder_proposal",
      summary="Purchase orders from the proposal, one per supplier; ordered lines are never ordered twice")
def post_proposal_order(request: Request, proposal_id: int, data: ProposalOrderRequest | None = None) -> ProposalOrders:
    data = data or ProposalOrderRequest()
    with unit(request, write=True) as (session, ctx):
        orders = proposals.order_proposal(session, ctx, proposal_id, supplier_id=data.supplier_id,
                                          doc_date=data.doc_date)
        return ProposalOrders(purchase_orders=[DocumentMade.model_validate(o) for o in orders])


HANDLERS = [
    post_order, patch_order, post_call_off, post_cancel, post_done, post_undone, get_documents, get_document,
    get_on_order, get_overdue, post_inquiries, post_offer, get_comparison, post_inquiry_order, post_receipt,
    post_release, post_check, post_return, post_invoice, patch_invoice, delete_invoice, get_sum_check, post_book,
    post_proposal, post_proposal_for_order, post_proposal_from_plan, get_proposal, post_proposal_line,
    patch_proposal_line, delete_proposal_line, post_proposal_order,
]
