"""Submitting a run as a job, doing one chunk, and reading a run's progress from any process.

    run_id = submit_run(kontor, "main", "admin", "invoicing", {"post": True})
    run_status(session, ctx, run_id)   # chunks done, items done, documents made, failures

On PostgreSQL a submitted run's chunks go to the queue (kontor.jobs.queue), where any number
of `kontor worker` processes, on any machine, take them in parallel. On SQLite (one writer at
a time) and when asked (`inline=True`) the submitting process does them one after another.

A chunk is done in one transaction that locks its row first and marks it done last: a chunk
found done is passed over, so a chunk handed out twice (its first worker was killed, the queue
gave it to another) is done once. A worker killed in the middle leaves nothing of the chunk
behind; the queue hands it out again (kontor.jobs.queue.recover_stalled).
"""

from __future__ import annotations

import os
import socket
from collections import Counter
from typing import Any

from sqlalchemy import exists, insert, select, update
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.tenancy.models import Tenant
from kontor.core.tenancy.services import tenant_by_code
from kontor.core.users.permissions import Level
from kontor.core.users.services import user_by_name
from kontor.db.base import utcnow
from kontor.errors import NotFound
from kontor.jobs.kinds import kind_named
from kontor.jobs.models import JobChunk, JobRun

DEFAULT_CHUNK = 500
JOBS = "sales"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def context_of(kontor, session: Session, tenant: Tenant, username: str) -> Context:
    user = user_by_name(session, username) if username else None
    return kontor.context(session, tenant, user)


def use_queue(kontor) -> bool:
    return kontor.db.dialect == "postgresql"


def submit_run(kontor, tenant_code: str, username: str, kind_name: str, params: dict[str, Any], *,
               chunk_size: int = DEFAULT_CHUNK, inline: bool | None = None) -> int:
    """Plan the run, store it with its chunks, and hand the chunks to the queue (or, inline, do
    them here and now). The run's id; its progress is `run_status`."""
    kind = kind_named(kind_name)
    params = kind.check(params)
    queued = use_queue(kontor) if inline is None else not inline

    def plan(session: Session) -> tuple[int, list[int]]:
        tenant = tenant_by_code(session, tenant_code)
        ctx = context_of(kontor, session, tenant, username)
        ctx.require(kind.part, kind.level(params))
        chunks, skipped = kind.plan(session, ctx, params, chunk_size)
        sizes = [_size(items) for items in chunks]
        run = JobRun(tenant_id=ctx.tenant_id, kind=kind.name, params=params, username=username, chunks=len(chunks),
                     items=sum(sizes), skipped=skipped, queued=queued)
        session.add(run)
        session.flush()
        if chunks:
            session.execute(insert(JobChunk.__table__), [
                {"tenant_id": ctx.tenant_id, "run_id": run.id, "seq": seq, "items": items, "size": size,
                 "state": "queued", "attempts": 0, "worker": "", "result": {}}
                for seq, (items, size) in enumerate(zip(chunks, sizes, strict=True), start=1)])
        else:
            run.finished_at = utcnow()
        ids = session.execute(select(JobChunk.id).where(JobChunk.run_id == run.id).order_by(JobChunk.seq)).scalars()
        return run.id, list(ids)

    run_id, chunk_ids = kontor.db.run(plan)
    if queued:
        from kontor.jobs.queue import defer_chunks

        defer_chunks(kontor, chunk_ids)
    else:
        for chunk_id in chunk_ids:
            run_chunk(kontor, chunk_id)
    return run_id


def _size(items: list) -> int:
    """What a chunk counts for the progress: delivery notes of invoice groups, else items."""
    return sum(item.get("notes", 1) if isinstance(item, dict) else 1 for item in items)


def run_chunk(kontor, chunk_id: int, worker: str | None = None) -> str:
    """Do one chunk (in one transaction) unless it is done already; its state afterwards."""
    worker = worker or worker_name()

    def start(session: Session) -> str:
        chunk = session.get(JobChunk, chunk_id)
        if chunk is None:
            raise NotFound(f"no job chunk with id {chunk_id}")
        if chunk.state == "queued":
            session.execute(update(JobChunk).where(JobChunk.id == chunk_id).values(
                attempts=JobChunk.attempts + 1, started_at=utcnow(), worker=worker[:80]))
        return chunk.state

    if kontor.db.run(start) != "queued":
        return "done"

    def work(session: Session) -> str:
        chunk = session.execute(select(JobChunk).where(JobChunk.id == chunk_id).with_for_update()).scalar_one()
        if chunk.state != "queued":
            return chunk.state
        run = session.get(JobRun, chunk.run_id)
        ctx = context_of(kontor, session, session.get(Tenant, run.tenant_id), run.username)
        result = kind_named(run.kind).work(session, ctx, run.params, chunk.items)
        session.execute(update(JobChunk).where(JobChunk.id == chunk_id).values(
            state="done", finished_at=utcnow(), worker=worker[:80], result=result.as_json()))
        return "done"

    try:
        state = kontor.db.run(work)
    except Exception as exc:
        if _transient(exc):
            raise  # the queue retries the chunk; nothing of it was written
        message = f"{type(exc).__name__}: {exc}"[:2000]
        kontor.db.run(lambda session: session.execute(update(JobChunk).where(
            JobChunk.id == chunk_id, JobChunk.state == "queued").values(
            state="failed", finished_at=utcnow(), worker=worker[:80], result={"error": message})))
        _finish_run(kontor, chunk_id)
        raise
    _finish_run(kontor, chunk_id)
    return state


def _transient(exc: Exception) -> bool:
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def _finish_run(kontor, chunk_id: int) -> None:
    """Stamp the run finished once no chunk of it is queued (after this chunk's commit, so the
    last chunk to commit always sees every other one)."""
    def finish(session: Session) -> None:
        run_id = session.execute(select(JobChunk.run_id).where(JobChunk.id == chunk_id)).scalar_one()
        open_chunks = exists().where(JobChunk.run_id == run_id, JobChunk.state == "queued")
        session.execute(update(JobRun).where(JobRun.id == run_id, JobRun.finished_at.is_(None), ~open_chunks)
                        .values(finished_at=utcnow()))

    kontor.db.run(finish)


# -- reading ---------------------------------------------------------------------------------------


def get_run(session: Session, ctx: Context, run_id: int) -> JobRun:
    ctx.require(JOBS, Level.READ)
    run = session.get(JobRun, run_id)
    if run is None or run.tenant_id != ctx.tenant_id:
        raise NotFound(f"no job run with id {run_id}")
    return run


def run_status(session: Session, ctx: Context, run_id: int, *, details: int = 20) -> dict[str, Any]:
    """The run's progress as every process sees it: chunks and items done, the documents made,
    items passed over or failed (the first `details` of each), and its state."""
    run = get_run(session, ctx, run_id)
    chunks = session.execute(select(JobChunk.state, JobChunk.size, JobChunk.attempts, JobChunk.result)
                             .where(JobChunk.run_id == run_id)).all()
    states = Counter(state for state, _size, _attempts, _result in chunks)
    created, skipped, failures = 0, list(run.skipped or []), []
    for state, _size, _attempts, result in chunks:
        if result:
            created += len(result.get("created", []))
            skipped += result.get("skipped", [])
            failures += result.get("failures", [])
            if "error" in result:
                failures.append({"item": "chunk", "message": result["error"]})
    state = ("failed" if states["failed"] else "done" if states["queued"] == 0 else
             "running" if states["done"] or any(a for _s, _z, a, _r in chunks) else "queued")
    return {
        "id": run.id, "kind": run.kind, "params": run.params, "username": run.username, "state": state,
        "queued": run.queued, "chunks": run.chunks, "chunks_done": states["done"], "chunks_failed": states["failed"],
        "items": run.items, "items_done": sum(size for s, size, _a, _r in chunks if s == "done"),
        "retried_chunks": sum(1 for _s, _z, attempts, _r in chunks if attempts > 1),
        "created": created, "skipped": len(skipped), "failed": len(failures),
        "skipped_items": skipped[:details], "failures": failures[:details],
        "created_at": run.created_at, "finished_at": run.finished_at,
    }


def created_documents(session: Session, ctx: Context, run_id: int) -> list[dict]:
    """Every document the run made, chunk by chunk."""
    get_run(session, ctx, run_id)
    made: list[dict] = []
    for (result,) in session.execute(select(JobChunk.result).where(JobChunk.run_id == run_id, JobChunk.state == "done")
                                     .order_by(JobChunk.seq)):
        made += (result or {}).get("created", [])
    return made


def list_runs(session: Session, ctx: Context, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    ctx.require(JOBS, Level.READ)
    ids = session.execute(select(JobRun.id).where(JobRun.tenant_id == ctx.tenant_id)
                          .order_by(JobRun.id.desc()).offset(offset).limit(limit)).scalars().all()
    return [run_status(session, ctx, run_id, details=0) for run_id in ids]
