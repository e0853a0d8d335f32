"""Batch runs over HTTP: the delivery-note run and the invoicing run, and runs as jobs.

`/api/runs/...`: each request runs the whole run and answers with its result. The run does
every item in a transaction of its own (as the authenticated user), so the request itself is
not one unit: a request that breaks off half-way is simply sent again and goes on where it
stopped.

`/api/jobs`: a run submitted as a job (kontor.jobs): on PostgreSQL its chunks go to the queue
and the answer (202) comes at once, with the run's id to follow its progress; on SQLite the
request does the chunks before it answers.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from pydantic import BaseModel, ConfigDict, Field

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


class JobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="invoicing, delivery_notes, dunning or reorder_proposals")
    params: dict[str, Any] = Field(default_factory=dict, description="the run's selection, as for /api/runs/...; "
                                   "dunning: key_date, customer_id; reorder_proposals: the proposal criteria")
    chunk_size: int = Field(default=500, ge=1, le=100_000, description="items per chunk (one transaction each)")


@post("/api/jobs", sync_to_thread=True, tags=["runs"], status_code=202,
      summary="Submit a run as a job: chunks done by the workers (PostgreSQL) or by this request (SQLite)")
def submit_job(request: Request, data: JobRequest) -> dict[str, Any]:
    from kontor.jobs.service import run_status, submit_run

    kontor = kontor_of(request)
    with kontor.db.read() as session:
        ctx = authenticate(session, kontor, request)
    run_id = submit_run(kontor, ctx.tenant_code, ctx.username if ctx.user_id else "", data.kind, data.params,
                        chunk_size=data.chunk_size)
    with kontor.db.read() as session:
        return run_status(session, authenticate(session, kontor, request), run_id)


@get("/api/jobs/{run_id:int}", sync_to_thread=True, tags=["runs"],
     summary="A run's progress: chunks and items done, documents made, items passed over or failed")
def job_status(request: Request, run_id: int) -> dict[str, Any]:
    from kontor.jobs.service import run_status

    kontor = kontor_of(request)
    with kontor.db.read() as session:
        return run_status(session, authenticate(session, kontor, request), run_id)


@get("/api/jobs", sync_to_thread=True, tags=["runs"], summary="The latest runs of the tenant, newest first")
def job_list(request: Request, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    from kontor.jobs.service import list_runs

    kontor = kontor_of(request)
    with kontor.db.read() as session:
        return list_runs(session, authenticate(session, kontor, request), limit=min(max(limit, 1), 500),
                         offset=max(offset, 0))


HANDLERS = [delivery_notes_run, invoicing_run, submit_job, job_status, job_list]
