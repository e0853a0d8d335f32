"""Documents over HTTP: create, read, change, list, convert, post, done, status, audit."""


from litestar import Request, delete, get, patch, post
from litestar.params import Parameter
from pydantic import BaseModel
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents import services
from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import (
    ConvertRequest,
    DocumentCreate,
    DocumentPage,
    DocumentRead,
    DocumentStatus,
    DocumentSummary,
    DocumentUpdate,
)
from kontor.core.documents.status import document_status
from kontor.errors import Invalid
from kontor.web.idempotency import idempotent_post
from kontor.web.units import kontor_of, unit

TAGS = ["documents"]


def _read(session, document) -> DocumentRead:
    return DocumentRead.model_validate(services.document_dict(session, document))


@get("/api/documents", operation_id="list_documents", sync_to_thread=True, tags=TAGS, summary="The working list of documents")
def list_documents(
    request: Request,
    kind: str | None = None,
    customer_id: int | None = None,
    doc_state: str | None = Parameter(query="state", default=None, description="open, partly_delivered, ..."),
    q: str | None = Parameter(default=None, description="number, name or customer order number, also in part"),
    include_done: bool = False,
    history: bool = Parameter(default=False, description="the documents moved to the history instead"),
    limit: int | None = Parameter(default=None, ge=1),
    offset: int = Parameter(default=0, ge=0),
) -> DocumentPage:
    settings = kontor_of(request).settings
    limit = min(limit or settings.page_size, settings.max_page_size)
    with unit(request) as (session, ctx):
        rows, total = services.list_documents(session, ctx, kind=kind, customer_id=customer_id, state=doc_state, q=q,
                                              include_done=include_done, history=history, limit=limit,
                                              offset=offset)
        items = [DocumentSummary.model_validate(row) for row in rows]
    return DocumentPage(items=items, total=total, limit=limit, offset=offset)


@post("/api/documents", operation_id="create_document", sync_to_thread=True, tags=TAGS, summary="Create an inquiry, quote, order, delivery note or invoice")
def create_document(request: Request, data: DocumentCreate) -> DocumentRead:
    return idempotent_post(request, data, lambda session, ctx: _read(session, services.create_document(session, ctx, data)))


@get("/api/documents/{document_id:int}", operation_id="read_document", sync_to_thread=True, tags=TAGS, summary="A document with lines, direct costs and VAT per rate")
def read_document(request: Request, document_id: int) -> DocumentRead:
    with unit(request) as (session, ctx):
        return _read(session, services.get_document(session, ctx, document_id))


@patch("/api/documents/{document_id:int}", operation_id="update_document", sync_to_thread=True, tags=TAGS, summary="Change header, lines or direct costs")
def update_document(request: Request, document_id: int, data: DocumentUpdate) -> DocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, services.update_document(session, ctx, document_id, data))


@delete("/api/documents/{document_id:int}", operation_id="delete_document", sync_to_thread=True, tags=TAGS, summary="Delete a draft, inquiry or quote")
def delete_document(request: Request, document_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        services.delete_document(session, ctx, document_id)


def _convert(request: Request, data: ConvertRequest, default_sources: list[int]) -> DocumentRead:
    if data.target in ("partial_invoice", "final_invoice"):
        raise Invalid.field("target", "own_route", "partial and final invoices are made through "
                            "/api/orders/{id}/partial-invoices and /api/orders/{id}/final-invoice")

    def run(session, ctx):
        document = convert(session, ctx, data.target, data.lines, data.source_document_ids or default_sources,
                           doc_date=data.doc_date, cash=data.cash)
        if data.post:
            document = post_document(session, ctx, document.id)
        return _read(session, document)

    return idempotent_post(request, data, run)


@post("/api/documents/convert", operation_id="convert_documents", sync_to_thread=True, tags=TAGS,
      summary="Make a document from lines of several documents (collective delivery note or invoice)")
def convert_documents(request: Request, data: ConvertRequest) -> DocumentRead:
    return _convert(request, data, [])


@post("/api/documents/{document_id:int}/convert", operation_id="convert_document", sync_to_thread=True, tags=TAGS,
      summary="Make the next document from this one (quote to order, order to delivery note, ...)")
def convert_document(request: Request, document_id: int, data: ConvertRequest) -> DocumentRead:
    return _convert(request, data, [document_id])


@post("/api/documents/{document_id:int}/post", operation_id="post_document", sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Post an invoice or credit note: it gets its number and never changes again")
def post_one(request: Request, document_id: int) -> DocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, post_document(session, ctx, document_id))


@post("/api/documents/{document_id:int}/done", operation_id="set_document_done", sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Take the document off the working list")
def set_done(request: Request, document_id: int) -> DocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, services.set_done(session, ctx, document_id, True))


@post("/api/documents/{document_id:int}/undone", operation_id="set_document_undone", sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Bring the document back to the working list")
def set_undone(request: Request, document_id: int) -> DocumentRead:
    with unit(request, write=True) as (session, ctx):
        return _read(session, services.set_done(session, ctx, document_id, False))


@get("/api/documents/{document_id:int}/status", operation_id="document_status", sync_to_thread=True, tags=TAGS,
     summary="Processing status per line and the stock the document still needs")
def status(request: Request, document_id: int) -> DocumentStatus:
    with unit(request) as (session, ctx):
        return document_status(session, ctx, services.get_document(session, ctx, document_id))


class AuditRead(BaseModel):
    at: str
    username: str
    action: str
    before: dict | None
    after: dict | None


@get("/api/documents/{document_id:int}/audit", operation_id="document_audit", sync_to_thread=True, tags=TAGS, summary="Every change of the document")
def audit(request: Request, document_id: int) -> list[AuditRead]:
    with unit(request) as (session, ctx):
        services.get_document(session, ctx, document_id)
        entries = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                        AuditEntry.subject == "documents",
                                                        AuditEntry.record_id == document_id).order_by(AuditEntry.id)).all()
        return [AuditRead(at=e.at.isoformat(), username=e.username, action=e.action, before=e.before, after=e.after)
                for e in entries]


HANDLERS = [list_documents, create_document, read_document, update_document, delete_document, convert_documents,
            convert_document, post_one, set_done, set_undone, status, audit]
