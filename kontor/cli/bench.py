"""`kontor bench`: generate a company at scale in a fresh database and measure the headline
operations (see kontor.bench). SQLite by default; PostgreSQL with KONTOR_DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kontor.cli.base import main


@main.command()
@click.option("--quick", is_flag=True, help="small sizes, under a minute: a smoke test for CI")
@click.option("--only", "groups", multiple=True,
              type=click.Choice(["startup", "flow", "http", "runs", "stock", "open_items", "printing"]),
              help="run only these groups of figures (repeatable)")
@click.option("--size", "sizes", multiple=True, metavar="NAME=VALUE",
              help="change one size, e.g. --size invoicing_notes=20000 (names in kontor.bench.runner.Sizes)")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=Path("kontor-bench.json"),
              show_default=True, help="where to write all figures as JSON")
@click.option("--database-url", default=None, help="default: $KONTOR_DATABASE_URL, else a SQLite file in a temp folder")
@click.option("--no-progress", is_flag=True, help="no progress bars")
def bench(quick: bool, groups: tuple[str, ...], sizes: tuple[str, ...], json_path: Path, database_url: str | None,
          no_progress: bool) -> None:
    """Measure kontor: order to cash, batch runs, availability, valuation, ageing, HTTP."""
    from kontor.bench.runner import GROUPS, QUICK, Sizes, run, sizes_with, write_json

    url = database_url or os.environ.get("KONTOR_DATABASE_URL") or None
    try:
        chosen = sizes_with(QUICK if quick else Sizes(), sizes)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--size") from None
    click.echo(f"kontor bench on {'PostgreSQL' if url else 'SQLite'}{' (quick)' if quick else ''}")
    click.echo(f"{'figure':<34} {'size':<34} {'value':>12} unit")
    report = run(url, chosen, groups or GROUPS, echo=click.echo, show_progress=not no_progress)
    write_json(report, json_path)
    click.echo(f"all figures in {json_path}")
