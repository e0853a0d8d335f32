"""`kontor accounting ...`: invoice journals, the DATEV export and the transfer that closes a period.

The DATEV files go into a folder: each is written as `<name>.part` and renamed only once the
unit of work has committed, so a failed transfer leaves no file that looks complete (and no
closed period).
"""

from __future__ import annotations

import csv
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from kontor.cli.base import State, clear_errors, main, pass_state


@main.group()
def accounting() -> None:
    """Accounting transfer: invoice journals, DATEV export, closed periods."""


def _period(function):
    function = click.option("--to", "period_to", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
                            help="last day of the period, YYYY-MM-DD")(function)
    return click.option("--from", "period_from", type=click.DateTime(formats=["%Y-%m-%d"]), required=True,
                        help="first day of the period, YYYY-MM-DD")(function)


class _Folder:
    """Writes files as .part into a folder; `commit` renames them, `discard` removes them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.parts: list[Path] = []

    @contextmanager
    def open(self, name: str):
        self.folder.mkdir(parents=True, exist_ok=True)
        part = self.folder / f"{name}.part"
        self.parts.append(part)
        with part.open("wb") as out:
            yield out

    def write(self, export) -> dict[str, str]:
        from kontor.core.finance.datev import write_files

        return write_files(export, self.open)

    def commit(self) -> list[Path]:
        done = []
        for part in self.parts:
            target = part.with_name(part.name.removesuffix(".part"))
            part.replace(target)
            done.append(target)
        return done

    def discard(self) -> None:
        for part in self.parts:
            part.unlink(missing_ok=True)


@contextmanager
def _files_into(folder: Path):
    files = _Folder(folder)
    try:
        yield files
    except BaseException:
        files.discard()
        raise


@accounting.command("journal")
@_period
@click.option("--side", type=click.Choice(["outgoing", "incoming"]), default="outgoing", show_default=True,
              help="outgoing invoices (Rechnungsausgangsbuch) or incoming supplier invoices")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the entries as CSV to this file (default: the screen)")
@pass_state
def journal_command(state: State, period_from, period_to, side: str, out: Path | None) -> None:
    """The invoice journal of a period: every entry, the totals per kind and per category."""
    from kontor.core.finance.journals import journal, journal_entries

    with clear_errors(), state.unit() as (session, ctx):
        book = journal(session, ctx, side, period_from.date(), period_to.date(), limit=1)
        stream = out.open("w", newline="", encoding="utf-8") if out else sys.stdout
        try:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(["number", "date", "kind", "party", "name", "currency", "net", "tax", "gross"])
            for e in journal_entries(session, ctx, side, period_from.date(), period_to.date()):
                writer.writerow([e.number, e.doc_date.isoformat(), e.kind, e.party_number, e.party_name,
                                 e.currency_code, e.net, e.tax, e.gross])
        finally:
            if out:
                stream.close()
    for sums in book.by_kind:
        click.echo(f"{sums.key:<20} {sums.documents:>8} net {sums.net:>16} tax {sums.tax:>14} gross {sums.gross:>16}")
    for sums in book.by_category:
        click.echo(f"category {sums.key:<11} {sums.documents:>8} net {sums.net:>16}")
    t = book.total
    click.echo(f"{t.documents} documents, net {t.net}, tax {t.tax}, gross {t.gross}")


@accounting.command("export")
@_period
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="folder for the DATEV files")
@pass_state
def export_command(state: State, period_from, period_to, out: Path) -> None:
    """Write the DATEV files of a period without closing it (to look at them first)."""
    from kontor.core.finance.transfers import export_period

    with clear_errors(), _files_into(out) as files:
        with state.unit() as (session, ctx):
            export = export_period(session, ctx, period_from.date(), period_to.date(), files.write)
        written = files.commit()
    for path in written:
        click.echo(str(path))
    click.echo(f"{export.stats.postings} postings; the period is not closed")


@accounting.command("transfer")
@_period
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="folder for the DATEV files")
@click.option("--repeat", is_flag=True, help="transfer a period that was transferred before, on purpose")
@pass_state
def transfer_command(state: State, period_from, period_to, out: Path, repeat: bool) -> None:
    """Transfer a period to accounting: write the DATEV files and close the period."""
    from kontor.core.finance.transfers import drafts_left, transfer_period

    with clear_errors(), _files_into(out) as files:
        with state.unit() as (session, ctx):
            transfer, export = transfer_period(session, ctx, period_from.date(), period_to.date(), files.write,
                                               repeat=repeat)
            summary = (f"transfer {transfer.id} (run {transfer.run}): {transfer.sales_documents} outgoing, "
                       f"{transfer.purchase_documents} incoming documents, {export.stats.postings} postings; "
                       f"{transfer.period_from} to {transfer.period_to} is closed")
            drafts = drafts_left(session, ctx.tenant_id, transfer.period_from, transfer.period_to)
        written = files.commit()
    for path in written:
        click.echo(str(path))
    click.echo(summary)
    if drafts:
        click.echo(f"{drafts} unposted invoice(s) dated in the period are not in the files; date them into an "
                   f"open period to post them")


@accounting.command("transfers")
@pass_state
def transfers_command(state: State) -> None:
    """Every transfer so far."""
    from kontor.core.finance.transfers import list_transfers

    with clear_errors(), state.unit() as (session, ctx):
        for t in list_transfers(session, ctx):
            click.echo(f"{t.period_from} {t.period_to} run {t.run} {t.transferred_at:%Y-%m-%d %H:%M} "
                       f"{t.transferred_by} outgoing {t.sales_documents} ({t.sales_gross}) "
                       f"incoming {t.purchase_documents} ({t.purchase_gross})")
