"""Month end at SHK Meier: the invoicing run over all delivery notes goes to the job queue in
chunks. On SQLite the submitting process does the chunks; on PostgreSQL `kontor worker`
processes take them in parallel, and when one of them is killed in the middle of a chunk,
another does that chunk again: every delivery note ends up invoiced exactly once, with
gapless numbers, and the run's progress is readable from any process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kontor.core.documents.consistency import check_documents
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.services import book_opening_stock
from kontor.errors import Invalid, PermissionDenied
from kontor.jobs.models import JobChunk
from kontor.jobs.service import run_status, submit_run

D = Decimal
DAY = date(2026, 5, 4)
RUN = {"doc_date": "2026-05-31", "cut_off": "2026-05-31", "post": True}


def delivery_notes(company, count: int) -> None:
    with company.write() as (session, ctx):
        valve = Article(tenant_id=ctx.tenant_id, number="V-20", description="Kugelhahn DN20", article_type="M",
                        sales_price_1=D("18.40"))
        customers = [Customer(tenant_id=ctx.tenant_id, number=f"4{n:04d}", short_name=f"SHK{n}", name1=f"SHK {n}")
                     for n in range(5)]
        session.add_all([valve, *customers])
        session.flush()
        book_opening_stock(session, ctx, valve.id, D(10000), date(2026, 1, 2))
        for n in range(count):
            create_document(session, ctx, DocumentCreate(
                kind="delivery_note", customer_id=customers[n % 5].id, doc_date=DAY,
                lines=[LineInput(article_id=valve.id, quantity=D(2))]))


def invoiced_once(company) -> None:
    """Every delivery-note line billed exactly once, numbers gapless, documents consistent."""
    with company.read() as (session, ctx):
        billed = Counter(session.execute(
            select(DocumentLine.source_line_id).join(Document, Document.id == DocumentLine.document_id)
            .where(Document.tenant_id == ctx.tenant_id, Document.kind == "invoice")).scalars())
        notes = session.execute(select(DocumentLine.id).join(Document, Document.id == DocumentLine.document_id)
                                .where(Document.tenant_id == ctx.tenant_id, Document.kind == "delivery_note")).scalars()
        assert {line: billed[line] for line in notes} == {line: 1 for line in billed}
        assert check_documents(session, ctx.tenant_id) == []


def status(company, run_id: int) -> dict:
    with company.read() as (session, ctx):
        return run_status(session, ctx, run_id)


def test_a_run_done_in_process_in_chunks_invoices_every_note_once(company):
    delivery_notes(company, 23)
    run_id = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=5, inline=True)
    done = status(company, run_id)
    assert (done["state"], done["chunks"], done["chunks_done"], done["items"], done["items_done"]) == (
        "done", 5, 5, 23, 23)
    assert (done["created"], done["failed"], done["retried_chunks"]) == (23, 0, 0)
    assert done["finished_at"] is not None
    invoiced_once(company)
    with company.read() as (session, ctx):
        numbers = session.execute(select(Document.number).where(Document.tenant_id == ctx.tenant_id,
                                                                Document.kind == "invoice")
                                  .order_by(Document.number)).scalars().all()
    assert numbers == [f"RE{n:06d}" for n in range(1, 24)]
    again = submit_run(company.kontor, company.code, "", "invoicing", RUN, inline=True)
    assert (status(company, again)["items"], status(company, again)["state"]) == (0, "done")


def test_a_chunk_done_already_is_not_done_again(company):
    """The queue may hand a chunk out twice (its first worker looked dead): the second time
    finds it done and writes nothing."""
    from kontor.jobs.service import run_chunk

    delivery_notes(company, 4)
    run_id = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=10, inline=True)
    with company.read() as (session, ctx):
        chunk_id = session.execute(select(JobChunk.id).where(JobChunk.run_id == run_id)).scalar_one()
    assert run_chunk(company.kontor, chunk_id) == "done"
    assert status(company, run_id)["created"] == 4
    invoiced_once(company)


def test_a_run_checks_its_parameters_and_the_users_rights_before_anything_is_queued(company):
    with pytest.raises(Invalid) as wrong:
        submit_run(company.kontor, company.code, "", "invoicing", {"cut_off": "soon"}, inline=True)
    assert wrong.value.problems[0].field == "cut_off"
    with pytest.raises(Invalid, match="no run kind"):
        submit_run(company.kontor, company.code, "", "payroll", {}, inline=True)
    viewer = company.add_user("viewer")
    with pytest.raises(PermissionDenied):
        submit_run(company.kontor, company.code, viewer, "invoicing", RUN, inline=True)


def test_a_dunning_run_and_reorder_proposals_run_as_one_chunk_jobs(company):
    """Without dunning levels the dunning run can do nothing: the run says why."""
    run_id = submit_run(company.kontor, company.code, "", "dunning", {"key_date": "2026-06-30"}, inline=True)
    dunning = status(company, run_id)
    assert (dunning["state"], dunning["chunks"], dunning["created"], dunning["failed"]) == ("done", 1, 0, 1)
    assert "no dunning levels are defined yet" in dunning["failures"][0]["message"]
    run_id = submit_run(company.kontor, company.code, "", "reorder_proposals", {}, inline=True)
    assert status(company, run_id)["created"] == 1


# -- workers on PostgreSQL ---------------------------------------------------------------------------

WORKER = textwrap.dedent("""
    import sys, time, dataclasses
    from pathlib import Path
    from kontor.plugins import build_plugin_host
    from kontor.runtime import Kontor
    from kontor.settings import load_settings
    from kontor.jobs import kinds, queue

    url, folder, mode = sys.argv[1:4]
    if mode == "dies":  # slow enough to be killed inside its first chunk's transaction
        invoicing = kinds.KINDS["invoicing"]
        def slow(session, ctx, params, items):
            result = invoicing.work(session, ctx, params, items)
            print("inside a chunk", flush=True)
            time.sleep(60)
            return result
        kinds.KINDS["invoicing"] = dataclasses.replace(invoicing, work=slow)
    kontor = Kontor.build(load_settings(environ={}, data_dir=Path(folder), database_url=url), host=build_plugin_host())
    queue.serve_worker(kontor, concurrency=1, heartbeat=1.0, stalled_after=3.0, wait=(mode != "until_empty"))
""")


def start_worker(company, tmp_path, mode: str) -> subprocess.Popen:
    url = company.kontor.db.engine.url.render_as_string(hide_password=False)
    return subprocess.Popen([sys.executable, "-c", WORKER, url, str(tmp_path), mode], stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_until_done(company, run_id: int, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        now = status(company, run_id)
        if now["state"] in ("done", "failed"):
            return now
        time.sleep(0.5)
    raise AssertionError(f"run {run_id} did not end: {status(company, run_id)}")


def needs_postgresql(company) -> None:
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("the queue and its workers need PostgreSQL (run with KONTOR_TEST_DATABASE_URL)")


def test_two_workers_share_one_invoicing_run_and_invoice_every_note_once(company, tmp_path):
    needs_postgresql(company)
    delivery_notes(company, 40)
    run_id = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=2)
    assert status(company, run_id)["queued"] is True
    workers = [start_worker(company, tmp_path, "until_empty") for _ in range(2)]
    try:
        done = wait_until_done(company, run_id)
    finally:
        for process in workers:
            process.send_signal(signal.SIGTERM)
        for process in workers:
            process.wait(30)
    assert (done["state"], done["chunks_done"], done["created"], done["failed"]) == ("done", 20, 40, 0)
    invoiced_once(company)
    with company.read() as (session, ctx):
        by_worker = Counter(session.execute(select(JobChunk.worker).where(JobChunk.run_id == run_id)).scalars())
        numbers = session.execute(select(func.count(func.distinct(Document.number))).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "invoice")).scalar()
    assert sum(by_worker.values()) == 20 and numbers == 40


def test_a_worker_killed_in_the_middle_of_a_chunk_leaves_it_to_another(company, tmp_path):
    needs_postgresql(company)
    delivery_notes(company, 12)
    run_id = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=4)
    doomed = start_worker(company, tmp_path, "dies")
    try:
        for line in doomed.stdout:
            if line.strip() == "inside a chunk":
                doomed.send_signal(signal.SIGKILL)  # no clean-up: its transaction dies with it
                break
    finally:
        doomed.kill()
        doomed.wait(30)
    assert status(company, run_id)["created"] == 0
    rescuer = start_worker(company, tmp_path, "serves")
    try:
        done = wait_until_done(company, run_id)
    finally:
        rescuer.send_signal(signal.SIGTERM)
        rescuer.wait(30)
    assert (done["state"], done["created"], done["failed"], done["retried_chunks"]) == ("done", 12, 0, 1)
    invoiced_once(company)


def test_a_run_is_submitted_and_followed_over_http(api, company):
    delivery_notes(company, 3)
    answer = api.post("/api/jobs", json={"kind": "invoicing", "params": RUN, "chunk_size": 2})
    assert answer.status_code == 202, answer.text
    run_id = answer.json()["id"]
    if company.kontor.db.dialect == "sqlite":
        assert answer.json()["state"] == "done" and answer.json()["created"] == 3
    followed = api.get(f"/api/jobs/{run_id}").json()
    assert (followed["kind"], followed["chunks"], followed["items"]) == ("invoicing", 2, 3)
    assert [run["id"] for run in api.get("/api/jobs").json()] == [run_id]
    assert api.post("/api/jobs", json={"kind": "payroll"}).status_code == 422
    assert api.get("/api/jobs/999999").status_code == 404
