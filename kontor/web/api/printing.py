"""Printing documents over HTTP: `GET /api/documents/{id}/print` answers the document as
HTML (or plain text with `?format=text`), rendered with the template the printing hook
chooses. Its handlers ride in the dunning module's router (kontor.web.api.dunning)."""

from litestar import Request, Response, get

from kontor.core.printing.documents import print_document
from kontor.web.units import unit


@get("/api/documents/{document_id:int}/print", operation_id="print_document", sync_to_thread=True,
     tags=["documents", "printing"], summary="The document printed as HTML or plain text (?format=text)")
def print_document_handler(request: Request, document_id: int, format: str = "html") -> Response[str]:
    with unit(request) as (session, ctx):
        printed = print_document(session, ctx, document_id, format)
    return Response(printed.body, media_type=printed.media_type, headers={"X-Kontor-Template": printed.template_name})


HANDLERS = [print_document_handler]
