"""Batch runs over HTTP: the delivery-note run and the invoicing run.

Each request runs the whole run and answers with its result. The run does every item in a
transaction of its own (as the authenticated user), so the request itself is not one unit:
a request that breaks off half-way is simply sent again and goes on where it stopped.
"""

from __future__ import annotations

from litestar import Request, post

from kontor.core.documents.batch import (
    DeliverySelection,
    InvoicingSelection,
    RunResult,
    run_delivery_notes,
    run_invoicing,
)
from kontor.web.units import authenticate, kontor_of


def _context_for(request: Request):
    kontor = kontor_of(request)
    return lambda session: authenticate(session, kontor, request)


@post("/api/runs/delivery-notes", sync_to_thread=True, tags=["runs"], status_code=200,
      summary="Delivery notes for every deliverable open order of the selection")
def delivery_notes_run(request: Request, data: DeliverySelection) -> RunResult:
    """Partial deliveries take what is on hand; the rest stays open and is listed as backorder.
    Customers with a partial-delivery block get complete deliveries only. Needs write on sales."""
    return run_delivery_notes(kontor_of(request).db, _context_for(request), data)


@post("/api/runs/invoicing", sync_to_thread=True, tags=["runs"], status_code=200,
      summary="Invoices for the delivery notes of the selection not yet invoiced")
def invoicing_run(request: Request, data: InvoicingSelection) -> RunResult:
    """One invoice per delivery note, or one per ended invoicing period for customers with
    collective invoicing. Needs write on sales, post when `post` is true."""
    return run_invoicing(kontor_of(request).db, _context_for(request), data)


HANDLERS = [delivery_notes_run, invoicing_run]
