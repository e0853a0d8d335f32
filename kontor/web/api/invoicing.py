"""Partial and final invoices of an order, and moving finished documents to the history.

Thin handlers around kontor.core.documents.partial and .history, one unit of work each;
the POSTs honour an Idempotency-Key. Wire with `*invoicing_api.HANDLERS` in the app factory.
"""

from datetime import date, datetime
from decimal import Decimal

from litestar import Request, get, post
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.documents.history import archive_documents
from kontor.core.documents.partial import create_final_invoice, create_partial_invoice, partial_invoices
from kontor.core.documents.schemas import DocumentRead
from kontor.core.documents.services import document_dict, get_document
from kontor.core.masterdata.validators import Money
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit


class PartialInvoiceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Money | None = Field(default=None, description="net amount of the down payment")
    percent: Decimal | None = Field(default=None, max_digits=7, decimal_places=4,
                                    description="or: percent of the order's net total")
    text: str = Field(default="", max_length=200, description="line text; empty: 'Anzahlung ... auf Auftrag ...'")
    doc_date: date | None = Field(default=None, description="empty: today")


class FinalInvoiceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_date: date | None = Field(default=None, description="empty: today")


class ArchiveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    before: date = Field(description="finished documents dated before this day go to the history")


class ArchiveResult(BaseModel):
    archived: int


class InvoiceRead(DocumentRead):
    order_id: int | None
    variant: str
    locked: bool
    archived_at: datetime | None


class PartialInvoiceSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str | None
    doc_date: date
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    posted_at: datetime | None


def _invoice_read(session, document) -> InvoiceRead:
    return InvoiceRead.model_validate(document_dict(session, document))


@post("/api/orders/{order_id:int}/partial-invoices", sync_to_thread=True, tags=["invoicing"],
      operation_id="create_partial_invoice", summary="Bill a down payment on an order (a posted partial invoice)")
def post_partial_invoice(request: Request, order_id: int, data: PartialInvoiceRequest) -> InvoiceRead:
    def operation(session, ctx):
        document = create_partial_invoice(session, ctx, order_id, amount=data.amount, percent=data.percent,
                                          text=data.text, on=data.doc_date or date.today())
        return _invoice_read(session, document)

    return idempotent_post(request, data, operation)


@get("/api/orders/{order_id:int}/partial-invoices", sync_to_thread=True, tags=["invoicing"],
     operation_id="list_partial_invoices", summary="The partial invoices of an order so far")
def list_partial_invoices(request: Request, order_id: int) -> list[PartialInvoiceSummary]:
    with unit(request) as (session, ctx):
        get_document(session, ctx, order_id)
        return [PartialInvoiceSummary.model_validate(d) for d in partial_invoices(session, ctx, order_id)]


@post("/api/orders/{order_id:int}/final-invoice", sync_to_thread=True, tags=["invoicing"],
      operation_id="create_final_invoice",
      summary="Bill the rest of an order minus its partial invoices (a posted final invoice)")
def post_final_invoice(request: Request, order_id: int, data: FinalInvoiceRequest | None = None) -> InvoiceRead:
    data = data or FinalInvoiceRequest()

    def operation(session, ctx):
        document = create_final_invoice(session, ctx, order_id, on=data.doc_date or date.today())
        return _invoice_read(session, document)

    return idempotent_post(request, data, operation)


@post("/api/history/archive", sync_to_thread=True, tags=["invoicing"], status_code=200,
      operation_id="archive_documents", summary="Move finished documents dated before a day to the history")
def post_archive(request: Request, data: ArchiveRequest) -> ArchiveResult:
    with unit(request, write=True) as (session, ctx):
        return ArchiveResult(archived=archive_documents(session, ctx, data.before))


# The GET comes before the POST of the same path: litestar registers the handlers of a path again
# when another joins it, wrapping a sync handler a second time, and only a handler that never
# returns a Response (the idempotent replay does) survives that.
HANDLERS = [list_partial_invoices, post_partial_invoice, post_final_invoice, post_archive]
