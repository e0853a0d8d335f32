"""Batch runs: delivery notes and invoices."""

from __future__ import annotations

import os
import sys

import click

from kontor.cli.base import State, clear_errors, main, pass_state


# -- batch runs -----------------------------------------------------------------------------


@main.group()
def runs() -> None:
    """Batch runs: delivery notes for deliverable orders, invoices for delivery notes."""


_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _selection_options(command):
    """The selection both runs take."""
    for option in reversed((
        click.option("--customer", "customer_number", help="only this customer (number)"),
        click.option("--since", type=_DATE, help="document date from (YYYY-MM-DD)"),
        click.option("--until", type=_DATE, help="document date up to (YYYY-MM-DD)"),
        click.option("--category", "category_code", help="only customers of this category (code)"),
        click.option("--date", "doc_date", type=_DATE, help="date of the new documents (default: today)"),
    )):
        command = option(command)
    return command


@runs.command("deliver")
@_selection_options
@pass_state
def runs_deliver(state: State, **options) -> None:
    """Delivery notes for every deliverable open order; short stock leaves a backorder."""
    from kontor.core.documents.batch import DeliverySelection, run_delivery_notes

    _run_batch(state, run_delivery_notes, DeliverySelection, options)


@runs.command("invoice")
@_selection_options
@click.option("--cut-off", type=_DATE, help="collective periods ending before this date (default: today)")
@click.option("--include-open-periods", is_flag=True, help="invoice collective periods not ended yet, too")
@click.option("--post", is_flag=True, help="post the invoices (they get their numbers)")
@pass_state
def runs_invoice(state: State, **options) -> None:
    """Invoices for the delivery notes not yet invoiced: single, or collective per period."""
    from kontor.core.documents.batch import InvoicingSelection, run_invoicing

    _run_batch(state, run_invoicing, InvoicingSelection, options)


def show_progress() -> bool:
    """A progress bar only for a person at a terminal: not when piped, not under CI."""
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")


def _run_batch(state: State, run, selection_type, options: dict) -> None:
    """Run in the tenant as the system user; a progress bar on a terminal (none under CI)."""
    from datetime import datetime

    from tqdm import tqdm

    from kontor.core.documents.batch import resolve_names

    kontor = state.kontor
    quiet = not show_progress()
    with clear_errors():
        with kontor.db.read() as session:
            code = state.tenant_code(session)
            names = resolve_names(session, kontor.system_context(session, code),
                                  options.pop("customer_number"), options.pop("category_code"))
        values = {k: v.date() if isinstance(v, datetime) else v for k, v in options.items()}
        with tqdm(disable=quiet, unit="item", file=sys.stderr) as bar:
            def progress(done: int, total: int | None, _result) -> None:
                if not quiet:
                    bar.total = total
                    bar.update(done - bar.n)

            result = run(kontor.db, lambda s: kontor.system_context(s, code), selection_type(**names, **values),
                         progress=progress)
        sys.stderr.flush()  # the bar's last line before the summary
    for backorder in result.backorders:
        for line in backorder.lines:
            click.echo(f"backorder: order {backorder.order_number} position {line.position} {line.article_number}: "
                       f"{line.backorder.normalize():f} open")
    for failure in result.failures:
        click.echo(f"failed: {failure.item}: {failure.message}", err=True)
    click.echo(f"{result.run.replace('_', ' ')}: {result.summary()}")
    if result.failures:
        raise click.exceptions.Exit(1)
