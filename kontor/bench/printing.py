"""Bench figures of printing (issue 14): invoices with 5 lines each printed to PDF through
the whole path (document read, context in the customer's language, template, WeasyPrint),
one after the other on one process; and a sample of them as Factur-X (PDF/A-3 with the
EN 16931 XML embedded, XSD-checked by the factur-x package)."""

from __future__ import annotations

import time
from collections.abc import Callable

from kontor.bench.figures import Figure

FACTURX_SAMPLE = 100


def printing_figures(system, data, invoices: int, tick: Callable[[int], None]) -> list[Figure]:
    from sqlalchemy import update
    from sqlmodel import select

    from kontor.bench.history import generate_documents
    from kontor.core.documents.models import Document
    from kontor.core.einvoice.outgoing import einvoice_file
    from kontor.core.printing.documents import print_document
    from kontor.db.base import utcnow

    with system.write() as (session, ctx):
        generate_documents(session, ctx.tenant_id, data, "invoice", invoices, prefix="RP")
        ids = list(session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                          Document.kind == "invoice").order_by(Document.id)))
        sample = ids[:FACTURX_SAMPLE]
        session.exec(update(Document).where(Document.id.in_(sample)).values(posted_at=utcnow(), state="posted"))
    with system.read() as (session, ctx):
        print_document(session, ctx, ids[0], "pdf")  # fonts and templates loaded once per process
    start, cpu = time.perf_counter(), time.process_time()
    for document_id in ids:
        with system.read() as (session, ctx):
            print_document(session, ctx, document_id, "pdf")
        tick(1)
    rate = len(ids) / (time.perf_counter() - start)
    per_cpu_second = len(ids) / (time.process_time() - cpu)  # what one core does, however busy the machine
    start = time.perf_counter()
    for document_id in sample:
        with system.read() as (session, ctx):
            einvoice_file(session, ctx, document_id, "facturx")
    facturx = len(sample) / (time.perf_counter() - start)
    return [Figure("print_invoices_pdf", f"{len(ids)} invoices x 5 lines, one process", rate, "invoices/s", "> 20"),
            Figure("print_invoices_pdf_cpu", f"{len(ids)} invoices, per CPU second", per_cpu_second, "invoices/s"),
            Figure("print_invoices_facturx", f"{len(sample)} invoices, PDF/A-3 + XML", facturx, "invoices/s")]
