"""`kontor worker` and `kontor jobs`: batch runs as jobs on the queue (see kontor.jobs)."""

from __future__ import annotations

import json
import time

import click

from kontor.cli.base import State, clear_errors, main, pass_state


@main.command()
@click.option("--concurrency", default=1, show_default=True, type=click.IntRange(1, 64),
              help="chunks done at once in this process (start several processes to use several cores)")
@click.option("--name", default=None, help="the worker's name in the queue (default: host and process id)")
@click.option("--heartbeat", default=10.0, show_default=True, type=float,
              help="seconds between the worker's signs of life")
@click.option("--stalled-after", default=30.0, show_default=True, type=float,
              help="a worker silent this long is taken for dead: its chunks go to the queue again")
@click.option("--until-empty", is_flag=True, help="stop once the queue is empty (default: wait for work)")
@pass_state
def worker(state: State, concurrency: int, name: str | None, heartbeat: float, stalled_after: float,
           until_empty: bool) -> None:
    """Take chunks of submitted runs from the queue and do them (PostgreSQL only)."""
    from kontor.db.migrate import is_up_to_date
    from kontor.jobs.queue import serve_worker

    kontor = state.kontor
    if kontor.db.dialect != "postgresql":
        raise click.ClickException("the job queue needs PostgreSQL (KONTOR_DATABASE_URL); on SQLite every run is "
                                   "done by the process that starts it (`kontor jobs submit`, `kontor runs ...`)")
    if not is_up_to_date(kontor.db, kontor.host):
        raise click.ClickException("the database is not up to date: run `kontor db upgrade`")
    click.echo(f"kontor worker: {concurrency} at once, heartbeat every {heartbeat:g} s", err=True)
    serve_worker(kontor, concurrency=concurrency, name=name, heartbeat=heartbeat, stalled_after=stalled_after,
                 wait=not until_empty)


@main.group()
def jobs() -> None:
    """Batch runs as jobs: submit, follow, list."""


@jobs.command("submit")
@click.argument("kind", type=click.Choice(["invoicing", "delivery_notes", "dunning", "reorder_proposals"]))
@click.option("--params", "params_json", default="{}", show_default=True,
              help='the run\'s selection as JSON, e.g. \'{"post": true, "cut_off": "2026-12-31"}\'')
@click.option("--chunk-size", default=500, show_default=True, type=click.IntRange(1, 100_000),
              help="items (orders, delivery notes) per chunk: one transaction each")
@click.option("--user", "username", default="", help="act as this user (default: the system, with every right)")
@click.option("--inline", is_flag=True, help="do the chunks here and now, also on PostgreSQL")
@click.option("--wait/--no-wait", default=True, show_default=True, help="follow the progress until the run ends")
@pass_state
def jobs_submit(state: State, kind: str, params_json: str, chunk_size: int, username: str, inline: bool,
                wait: bool) -> None:
    """Submit a run; on PostgreSQL `kontor worker`s do its chunks, on SQLite this process does."""
    from kontor.jobs.service import submit_run

    try:
        params = json.loads(params_json)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}", param_hint="--params") from None
    kontor = state.kontor
    with clear_errors():
        with kontor.db.read() as session:
            code = state.tenant_code(session)
        run_id = submit_run(kontor, code, username, kind, params, chunk_size=chunk_size, inline=inline or None)
    click.echo(f"run {run_id} submitted")
    if wait:
        _follow(state, run_id)


def _follow(state: State, run_id: int) -> None:
    from kontor.jobs.service import run_status

    shown = None
    while True:
        with clear_errors(), state.kontor.db.read() as session:
            ctx = state.kontor.system_context(session, state.tenant_code(session))
            status = run_status(session, ctx, run_id)
        line = _line(status)
        if line != shown:
            click.echo(line)
            shown = line
        if status["state"] in ("done", "failed"):
            for failure in status["failures"]:
                click.echo(f"  failed: {failure['item']}: {failure['message']}")
            if status["state"] == "failed":
                raise click.ClickException(f"run {run_id} failed")
            return
        time.sleep(1)


def _line(status: dict) -> str:
    return (f"run {status['id']} ({status['kind']}): {status['state']}, {status['chunks_done']}/{status['chunks']} "
            f"chunks, {status['items_done']}/{status['items']} items; {status['created']} created, "
            f"{status['skipped']} skipped, {status['failed']} failed")


@jobs.command("show")
@click.argument("run_id", type=int)
@pass_state
def jobs_show(state: State, run_id: int) -> None:
    """The progress of a run, as every process sees it."""
    from kontor.jobs.service import run_status

    with clear_errors(), state.kontor.db.read() as session:
        ctx = state.kontor.system_context(session, state.tenant_code(session))
        status = run_status(session, ctx, run_id)
    click.echo(_line(status))
    for failure in status["failures"]:
        click.echo(f"  failed: {failure['item']}: {failure['message']}")


@jobs.command("list")
@click.option("--limit", default=20, show_default=True, type=int)
@pass_state
def jobs_list(state: State, limit: int) -> None:
    """The latest runs of the tenant."""
    from kontor.jobs.service import list_runs

    with clear_errors(), state.kontor.db.read() as session:
        ctx = state.kontor.system_context(session, state.tenant_code(session))
        for status in list_runs(session, ctx, limit=limit):
            click.echo(_line(status))
