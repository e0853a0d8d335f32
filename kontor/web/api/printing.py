"""Printing documents over HTTP: `GET /api/documents/{id}/print` answers the document as
HTML, plain text (`?format=text`) or PDF (`?format=pdf`), rendered with the template the
printing hook chooses; `GET /api/customers/{id}/statement` the customer's account statement.
Its handlers ride in the dunning module's router (kontor.web.api.dunning)."""

from datetime import date

from litestar import Request, Response, get

from kontor.core.einvoice.outgoing import einvoice_file
from kontor.core.printing.documents import print_document
from kontor.core.printing.statements import print_statement
from kontor.web.units import unit

HTML = "text/html"  # declared for the schema (and plain text beside it); a PDF answer says its own type


def printed_response(printed, filename: str) -> Response[bytes]:
    headers = {"X-Kontor-Template": printed.template_name}
    if printed.content is not None:
        headers["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return Response(printed.data, media_type=printed.media_type, headers=headers)


@get("/api/documents/{document_id:int}/print", operation_id="print_document", sync_to_thread=True,
     media_type=HTML,
     tags=["documents", "printing"],
     summary="The document printed as HTML, plain text (?format=text) or PDF (?format=pdf)")
def print_document_handler(request: Request, document_id: int, format: str = "html") -> Response[bytes]:
    with unit(request) as (session, ctx):
        printed = print_document(session, ctx, document_id, format)
    return printed_response(printed, f"document-{document_id}")


@get("/api/customers/{customer_id:int}/statement", operation_id="print_account_statement", sync_to_thread=True,
     media_type=HTML,
     tags=["finance", "printing"],
     summary="The customer's account statement: open items on a key date (?on=, default today; ?format=html|text|pdf)")
def print_statement_handler(request: Request, customer_id: int, on: date | None = None,
                            format: str = "html") -> Response[bytes]:
    with unit(request) as (session, ctx):
        printed = print_statement(session, ctx, customer_id, on or date.today(), format)
    return printed_response(printed, f"statement-{customer_id}")


@get("/api/documents/{document_id:int}/einvoice", operation_id="document_einvoice", sync_to_thread=True,
     tags=["documents", "e-invoices"],
     summary="The posted invoice as e-invoice: XRechnung CII (?syntax=cii), UBL (ubl) or a Factur-X PDF (facturx)")
def einvoice_handler(request: Request, document_id: int, syntax: str = "cii") -> Response[bytes]:
    with unit(request) as (session, ctx):
        made = einvoice_file(session, ctx, document_id, syntax)
    return Response(made.content, media_type=made.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{made.filename}"'})


HANDLERS = [print_document_handler, print_statement_handler, einvoice_handler]
