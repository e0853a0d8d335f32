"""`kontor purchasing ...`: the overdue list, what is on order, receiving a whole order,
releasing a receipt after inspection, and booking a supplier invoice."""

from __future__ import annotations

import click
from sqlmodel import select

from kontor.cli.base import State, clear_errors, main, pass_state

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@main.group()
def purchasing() -> None:
    """Purchasing: orders, goods receipt, supplier invoices."""


def _document_id(session, ctx, kind: str, number: str) -> int:
    from kontor.core.documents.models import Document

    found = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id, Document.kind == kind,
                                                    Document.number == number)).first()
    if found is None:
        raise click.ClickException(f"no {kind.replace('_', ' ')} numbered {number}")
    return found


@purchasing.command("overdue")
@click.option("--on", "on", type=_DATE, help="key date (default: today)")
@click.option("--supplier", "supplier_number", help="only this supplier (number)")
@pass_state
def overdue(state: State, on, supplier_number: str | None) -> None:
    """Purchase-order lines past their expected date, per supplier, with the days late."""
    from kontor.core.masterdata.parties.models import Supplier
    from kontor.core.purchasing.queries import overdue_list

    with clear_errors(), state.unit() as (session, ctx):
        supplier_id = None
        if supplier_number:
            supplier_id = session.exec(select(Supplier.id).where(Supplier.tenant_id == ctx.tenant_id,
                                                                 Supplier.number == supplier_number)).first()
            if supplier_id is None:
                raise click.ClickException(f"no supplier numbered {supplier_number}")
        groups = overdue_list(session, ctx, on=on.date() if on else None, supplier_id=supplier_id)
    for group in groups:
        click.echo(f"{group.supplier_number} {group.supplier_name}")
        for line in group.lines:
            click.echo(f"  {line.number:<10} {line.position:>3} {line.article_number:<14} {line.description[:30]:<30} "
                       f"open {line.open.normalize():f} expected {line.expected_date} ({line.days_late} days late)")
    click.echo(f"{sum(len(g.lines) for g in groups)} overdue line(s) at {len(groups)} supplier(s)")


@purchasing.command("on-order")
@click.argument("article_numbers", nargs=-1)
@pass_state
def on_order_command(state: State, article_numbers: tuple[str, ...]) -> None:
    """Quantities on order per article (all, or the article numbers given) and when first due."""
    from kontor.core.masterdata.articles.models import Article
    from kontor.core.purchasing.queries import on_order

    with clear_errors(), state.unit() as (session, ctx):
        ids = None
        if article_numbers:
            ids = list(session.exec(select(Article.id).where(Article.tenant_id == ctx.tenant_id,
                                                             Article.number.in_(article_numbers))))
        found = on_order(session, ctx.tenant_id, ids)
        numbers = dict(session.exec(select(Article.id, Article.number).where(Article.id.in_(list(found) or [0]))).all())
    for article_id, row in sorted(found.items(), key=lambda item: numbers[item[0]]):
        click.echo(f"{numbers[article_id]:<16} {row.quantity.normalize():f} first due {row.earliest_date or '-'}")


@purchasing.command("receive")
@click.argument("order_number")
@click.option("--delivery-note", default="", help="the supplier's delivery note number")
@click.option("--date", "doc_date", type=_DATE, help="receipt date (default: today)")
@pass_state
def receive(state: State, order_number: str, delivery_note: str, doc_date) -> None:
    """Receive everything still open of a purchase order into blocked stock."""
    from kontor.core.purchasing.receipts import receive_goods
    from kontor.core.purchasing.schemas import GoodsReceiptCreate

    with clear_errors(), state.unit() as (session, ctx):
        order_id = _document_id(session, ctx, "purchase_order", order_number)
        receipt = receive_goods(session, ctx, GoodsReceiptCreate(
            source_document_ids=[order_id], delivery_note_number=delivery_note,
            doc_date=doc_date.date() if doc_date else None))
        click.echo(f"goods receipt {receipt.number} of {order_number}: in blocked stock until released")


@purchasing.command("release")
@click.argument("receipt_number")
@pass_state
def release(state: State, receipt_number: str) -> None:
    """Technical release of everything still blocked of a goods receipt."""
    from kontor.core.purchasing.release import release_receipt
    from kontor.core.purchasing.schemas import ReleaseRequest

    with clear_errors(), state.unit() as (session, ctx):
        receipt = release_receipt(session, ctx, _document_id(session, ctx, "goods_receipt", receipt_number),
                                  ReleaseRequest())
        click.echo(f"goods receipt {receipt.number} {receipt.state}")


@purchasing.command("book")
@click.argument("invoice_id", type=int)
@pass_state
def book(state: State, invoice_id: int) -> None:
    """Book a supplier invoice (by id) whose sums agree with the amounts entered."""
    from kontor.core.purchasing.invoices import book_supplier_invoice

    with clear_errors(), state.unit() as (session, ctx):
        invoice = book_supplier_invoice(session, ctx, invoice_id)
        click.echo(f"supplier invoice booked as {invoice.number}")
