"""`kontor print`, `kontor mail ...` and `kontor einvoice ...`: documents out on paper, as PDF
or by mail, the mail outbox, and e-invoices out and in.

    kontor print RE000017 --to pdf|printer|mail [--copies 2] [--printer QUEUE] [--folder DIR] [--email ADDR]
    kontor print RE000017                      as the output profiles say
    kontor mail outbox [--state failed]        kontor mail retry [--all]
    kontor einvoice export RE000017 --syntax cii|ubl|facturx [-o FILE]
    kontor einvoice import FILE

Documents are named by their number (`--kind` where two kinds share one) or by `#ID`.
"""

from __future__ import annotations

from pathlib import Path

import click

from kontor.cli.base import State, clear_errors, main, pass_state


def document_id(session, ctx, name: str, kind: str | None) -> int:
    from sqlmodel import select

    from kontor.core.documents.models import Document

    if name.startswith("#") and name[1:].isdigit():
        return int(name[1:])
    statement = select(Document.id, Document.kind).where(Document.tenant_id == ctx.tenant_id, Document.number == name)
    if kind:
        statement = statement.where(Document.kind == kind)
    found = list(session.exec(statement))
    if not found:
        raise click.ClickException(f"no document numbered {name}" + (f" of kind {kind}" if kind else ""))
    if len(found) > 1:
        kinds = ", ".join(k for _, k in found)
        raise click.ClickException(f"{name} is the number of several documents ({kinds}); choose one with --kind")
    return found[0][0]


@main.command("print")
@click.argument("document")
@click.option("--kind", default=None, help="the document's kind where two kinds share the number")
@click.option("--to", "to", type=click.Choice(["pdf", "printer", "mail"]), default=None,
              help="where to; without it, as the output profiles say")
@click.option("--copies", type=click.IntRange(1, 99), default=None)
@click.option("--printer", default="", help="CUPS queue (else the profile's)")
@click.option("--folder", default="", help="folder for the PDF (else the profile's, else the data folder's print/)")
@click.option("--email", default="", help="recipient (else the contacts for this kind, else the party)")
@pass_state
def print_command(state: State, document: str, kind: str | None, to: str | None, copies: int | None,
                  printer: str, folder: str, email: str) -> None:
    """Put a document out: to a PDF folder, a printer, or by mail; each output is logged."""
    from kontor.core.printing.outputs import put_out

    with clear_errors():
        with state.unit() as (session, ctx):
            target = document_id(session, ctx, document, kind)
        done = put_out(state.kontor.db, ctx, target, to=to, copies=copies, printer=printer, folder=folder,
                       email=email, default_folder=state.kontor.settings.data_dir / "print" / ctx.tenant_code)
    failed = False
    for output in done:
        click.echo(f"{output.channel}: {output.destination} ({output.copies}x) {output.outcome}"
                   + (f": {output.error}" if output.error else ""))
        failed = failed or output.outcome == "failed"
    if failed:
        raise SystemExit(1)


@main.group()
def mail() -> None:
    """The mail outbox: what was sent, what failed, and retrying."""


@mail.command("outbox")
@click.option("--state", "mail_state", type=click.Choice(["queued", "sent", "failed"]), default=None)
@pass_state
def outbox(state: State, mail_state: str | None) -> None:
    """List the mails, newest first."""
    from kontor.core.printing.mail import list_mails

    with clear_errors(), state.unit() as (session, ctx):
        for item in list_mails(session, ctx, state=mail_state):
            click.echo(f"{item.id:>5}  {item.state:<6} {item.attempts}x  {item.record_label:<24} {item.recipients}"
                       + (f"  [{item.last_error}]" if item.last_error else ""))


@mail.command("retry")
@click.option("--all", "force", is_flag=True, help="every unsent mail now, not only those that are due")
@pass_state
def retry(state: State, force: bool) -> None:
    """Send the queued and failed mails whose next attempt is due."""
    from kontor.core.printing.mail import deliver_due

    with clear_errors():
        with state.unit() as (_session, ctx):
            acting = ctx  # the mails are sent outside this unit, each recorded in one of its own
        done = deliver_due(state.kontor.db, acting, force=force)
    for item in done:
        click.echo(f"{item.id}: {item.state}" + (f" ({item.last_error})" if item.last_error else ""))
    click.echo(f"{sum(1 for m in done if m.state == 'sent')} sent, {sum(1 for m in done if m.state != 'sent')} failed")


@main.group()
def einvoice() -> None:
    """E-invoices: XRechnung and Factur-X out, suppliers' e-invoices in."""


@einvoice.command("export")
@click.argument("document")
@click.option("--syntax", type=click.Choice(["cii", "ubl", "facturx"]), default="cii")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="file to write (default: the e-invoice's own name in the current folder)")
@pass_state
def export(state: State, document: str, syntax: str, output: Path | None) -> None:
    """Write a posted invoice's e-invoice."""
    from kontor.core.einvoice.outgoing import einvoice_file

    with clear_errors(), state.unit() as (session, ctx):
        made = einvoice_file(session, ctx, document_id(session, ctx, document, None), syntax)
    target = output or Path(made.filename)
    target.write_bytes(made.content)
    click.echo(f"{target} ({len(made.content)} bytes)")


@einvoice.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_state
def import_command(state: State, file: Path) -> None:
    """Read a supplier's e-invoice (XML or PDF) into a checked supplier-invoice draft."""
    from kontor.core.einvoice.incoming import import_einvoice

    with clear_errors(), state.unit() as (session, ctx):
        result = import_einvoice(session, ctx, file.read_bytes(), file.name)
    check = result.check
    click.echo(f"supplier invoice {result.supplier_invoice_number} -> draft {result.document_id} "
               f"(receipts {', '.join(map(str, result.receipt_ids))}): net {check.net}, VAT {check.tax}, "
               f"gross {check.gross}")
    for text in result.extras:
        click.echo(f"  non-material line {text}")
    for text in result.line_differences:
        click.echo(f"  differs: {text}")
    click.echo("sums agree: book it" if result.agrees else
               "sums differ: " + ", ".join(f"{k} {v}" for k, v in check.differences.items() if v))
