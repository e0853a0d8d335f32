"""The queue on PostgreSQL: procrastinate hands the chunks of submitted runs to `kontor worker`s.

Each chunk is one procrastinate job (`kontor.chunk`, queue `kontor`) with a queueing lock on
the chunk, so a chunk is never queued twice at once. Workers on any machine that reaches the
database take jobs in parallel (`--concurrency` threads each; start several processes to use
several cores). Every worker sends a heartbeat; `recover_stalled` (run by every worker every
few seconds) hands the jobs of a worker whose heartbeat stopped (killed, its machine gone) to
the queue again, and the chunk runner does a chunk only once (kontor.jobs.service.run_chunk).

procrastinate's tables live beside kontor's (migration core_0019 creates them on PostgreSQL).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import procrastinate
from sqlalchemy.engine import make_url

log = logging.getLogger("kontor.jobs")
QUEUE = "kontor"
TASK = "kontor.chunk"

_kontor: Any = None  # the Kontor a worker process serves (set by `serve_worker`)


def conninfo(kontor) -> str:
    """The libpq form of the database URL (procrastinate connects with psycopg itself)."""
    url = make_url(kontor.db.url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def make_app(kontor, *, worker: bool = False) -> procrastinate.App:
    connector = (procrastinate.PsycopgConnector(conninfo=conninfo(kontor), min_size=1, max_size=4) if worker
                 else procrastinate.SyncPsycopgConnector(conninfo=conninfo(kontor), min_size=1, max_size=2))
    app = procrastinate.App(connector=connector)

    @app.task(name=TASK, queue=QUEUE, pass_context=True)
    def chunk(context, chunk_id: int) -> str:
        from kontor.jobs.service import run_chunk, worker_name

        name = f"{worker_name()}/{context.worker_name or 'worker'}"
        return run_chunk(_kontor, chunk_id, worker=name)

    return app


def defer_chunks(kontor, chunk_ids: list[int]) -> None:
    """Queue the chunks (a chunk queued already, and not yet started, is left as it is)."""
    if not chunk_ids:
        return
    app = make_app(kontor)
    with app.open():
        task = app.tasks[TASK]
        for chunk_id in chunk_ids:
            try:
                task.configure(queueing_lock=f"chunk-{chunk_id}").defer(chunk_id=chunk_id)
            except procrastinate.exceptions.AlreadyEnqueued:
                pass


async def recover_stalled(app: procrastinate.App, interval: float, stalled_after: float) -> None:
    """Every `interval` seconds: the jobs of workers without a heartbeat for `stalled_after`
    seconds go back to the queue."""
    while True:
        await asyncio.sleep(interval)
        try:
            stalled = await app.job_manager.get_stalled_jobs(task_name=TASK, seconds_since_heartbeat=stalled_after)
            for job in stalled:
                log.warning("chunk job %s of a stalled worker goes back to the queue", job.id)
                await app.job_manager.retry_job(job)
        except Exception:  # a failed look-up must not end the worker; the next round tries again
            log.exception("looking for stalled jobs failed")


def serve_worker(kontor, *, concurrency: int = 1, name: str | None = None, heartbeat: float = 10.0,
                 stalled_after: float = 30.0, wait: bool = True) -> None:
    """Run a worker until stopped (SIGINT/SIGTERM finish the running chunks first); with
    `wait=False`, only until the queue is empty."""
    global _kontor
    _kontor = kontor
    app = make_app(kontor, worker=True)

    async def main() -> None:
        async with app.open_async():
            recovery = asyncio.create_task(recover_stalled(app, max(heartbeat, 1.0), stalled_after))
            try:
                await app.run_worker_async(queues=[QUEUE], concurrency=concurrency, name=name, wait=wait,
                                           update_heartbeat_interval=heartbeat, stalled_worker_timeout=stalled_after,
                                           delete_jobs="successful", fetch_job_polling_interval=1.0)
            finally:
                recovery.cancel()

    asyncio.run(main())


def schema_sql() -> str:
    from procrastinate.schema import SchemaManager

    return SchemaManager.get_schema()
