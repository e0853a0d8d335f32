"""HTTP routes for returns, invoice corrections, copies, instant and maintenance invoices.

Thin calls into kontor.core.documents.{returns,copying,instant}, each in one write unit
(with an `Idempotency-Key`, a retried POST answers with the first result).
"""

from __future__ import annotations

from datetime import date

from litestar import Request, post
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from kontor.core.documents.copying import copy_document
from kontor.core.documents.instant import instant_invoice, instant_invoice_from_delivery_note, maintenance_invoice
from kontor.core.documents.models import Document
from kontor.core.documents.returns import ReturnRequest, correct_invoice, take_back_request
from kontor.core.documents.schemas import DocumentRead, Take
from kontor.core.documents.services import document_dict
from kontor.web.idempotency import idempotent_post




class ReturnAnswer(BaseModel):
    return_delivery_note: DocumentRead
    credit_note: DocumentRead


class CorrectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[Take] | None = Field(default=None, description="invoice lines to correct; empty: all that is left")
    doc_date: date | None = None


class CopyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str | None = Field(default=None, description="inquiry, quote, order or invoice; empty: the source's kind")
    customer_id: int | None = Field(default=None, description="empty: the source's customer")
    doc_date: date | None = None


class InstantRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cash: bool = Field(default=False, description="a cash invoice")
    doc_date: date | None = None


class DatedRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_date: date | None = None


def document_out(session: Session, document: Document) -> DocumentRead:
    return DocumentRead.model_validate(document_dict(session, document))


@post("/api/returns", sync_to_thread=True, tags=["returns"],
      summary="Take goods back: a return delivery note and a posted (cash) credit note")
def take_back_goods(request: Request, data: ReturnRequest) -> ReturnAnswer:
    def run(session, ctx):
        result = take_back_request(session, ctx, data)
        return ReturnAnswer(return_delivery_note=document_out(session, result.return_delivery_note),
                            credit_note=document_out(session, result.credit_note))

    return idempotent_post(request, data, run)


@post("/api/documents/{document_id:int}/correct", sync_to_thread=True, tags=["documents"],
      summary="Correct a posted invoice by a posted credit note")
def correct(request: Request, document_id: int, data: CorrectRequest) -> DocumentRead:
    def run(session, ctx):
        return document_out(session, correct_invoice(session, ctx, document_id, data.lines, on=data.doc_date))

    return idempotent_post(request, data, run)


@post("/api/documents/{document_id:int}/copy", sync_to_thread=True, tags=["documents"],
      summary="Copy a document as a template into a new inquiry, quote, order or invoice")
def copy(request: Request, document_id: int, data: CopyRequest) -> DocumentRead:
    def run(session, ctx):
        document = copy_document(session, ctx, document_id, kind=data.kind, customer_id=data.customer_id,
                                 on=data.doc_date)
        return document_out(session, document)

    return idempotent_post(request, data, run)


@post("/api/orders/{order_id:int}/instant-invoice", sync_to_thread=True, tags=["documents"],
      summary="Deliver and bill an order at once (instant or cash invoice)")
def order_instant_invoice(request: Request, order_id: int, data: InstantRequest) -> DocumentRead:
    def run(session, ctx):
        return document_out(session, instant_invoice(session, ctx, order_id, cash=data.cash, on=data.doc_date))

    return idempotent_post(request, data, run)


@post("/api/delivery-notes/{delivery_note_id:int}/instant-invoice", sync_to_thread=True, tags=["documents"],
      summary="Bill a delivery note at once (instant or cash invoice)")
def delivery_note_instant_invoice(request: Request, delivery_note_id: int, data: InstantRequest) -> DocumentRead:
    def run(session, ctx):
        invoice = instant_invoice_from_delivery_note(session, ctx, delivery_note_id, cash=data.cash, on=data.doc_date)
        return document_out(session, invoice)

    return idempotent_post(request, data, run)


@post("/api/documents/{document_id:int}/maintenance-invoice", sync_to_thread=True, tags=["documents"],
      summary="A draft maintenance invoice copied from an order or delivery note")
def maintenance(request: Request, document_id: int, data: DatedRequest) -> DocumentRead:
    def run(session, ctx):
        return document_out(session, maintenance_invoice(session, ctx, document_id, on=data.doc_date))

    return idempotent_post(request, data, run)


HANDLERS = [take_back_goods, correct, copy, order_instant_invoice, delivery_note_instant_invoice, maintenance]
