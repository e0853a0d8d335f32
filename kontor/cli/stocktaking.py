"""`kontor stocktaking ...` and `kontor serials ...`: counting, posting, valuing, tracing.

    kontor stocktaking open --on 2026-12-31 [--partial --group ROHR]
    kontor stocktaking count ID counts.csv     article number;counted[;reason] per line
    kontor stocktaking differences ID [--only]
    kontor stocktaking post ID
    kontor stocktaking list
    kontor stocktaking valuation --on 2026-12-31 [--group CODE] [--csv]
    kontor serials missing
    kontor serials trail ARTICLE NUMBER
"""

from __future__ import annotations

import csv
import sys

import click

from kontor.cli.base import State, clear_errors, main, pass_state

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _article_ids(session, ctx, numbers: list[str]) -> dict[str, int]:
    from sqlalchemy import select

    from kontor.core.masterdata.articles.models import Article

    found = dict(session.execute(select(Article.number, Article.id).where(
        Article.tenant_id == ctx.tenant_id, Article.number.in_(set(numbers)))).all())
    unknown = sorted(set(numbers) - set(found))
    if unknown:
        raise click.ClickException(f"unknown article number(s): {', '.join(unknown[:10])}")
    return found


def _group_id(session, ctx, code: str | None) -> int | None:
    if code is None:
        return None
    from sqlalchemy import select

    from kontor.core.masterdata.basics.models import ArticleGroup

    found = session.execute(select(ArticleGroup.id).where(ArticleGroup.tenant_id == ctx.tenant_id,
                                                          ArticleGroup.code == code)).scalar()
    if found is None:
        raise click.ClickException(f"no article group with code {code}")
    return found


@main.group()
def stocktaking() -> None:
    """Stocktaking: count, list the differences, post them; the valuation list."""


@stocktaking.command("open")
@click.option("--on", "on", type=_DATE, required=True, help="key date YYYY-MM-DD")
@click.option("--partial", is_flag=True, help="a partial stocktaking (with --group: that article group)")
@click.option("--group", "group_code", help="article group code")
@click.option("--note", default="")
@pass_state
def open_command(state: State, on, partial: bool, group_code: str | None, note: str) -> None:
    """Start a stocktaking of the default warehouse on a key date."""
    from kontor.core.stock.stocktaking import open_stocktaking

    with clear_errors(), state.unit() as (session, ctx):
        record = open_stocktaking(session, ctx, on.date(), "partial" if partial else "full",
                                  article_group_id=_group_id(session, ctx, group_code), note=note)
        click.echo(f"stocktaking {record.number} (id {record.id}) opened for {record.key_date}")


@stocktaking.command("count")
@click.argument("stocktaking_id", type=int)
@click.argument("counts", type=click.File("r", encoding="utf-8"))
@pass_state
def count_command(state: State, stocktaking_id: int, counts) -> None:
    """Quick entry from a file: `article number;counted quantity[;reason]` per line."""
    from decimal import Decimal, InvalidOperation

    from kontor.core.stock.stocktaking import CountInput, enter_counts

    rows = [r for r in csv.reader(counts, delimiter=";") if r and r[0].strip()]
    with clear_errors(), state.unit() as (session, ctx):
        ids = _article_ids(session, ctx, [r[0].strip() for r in rows])
        try:
            items = [CountInput(article_id=ids[r[0].strip()], counted=Decimal(r[1].strip().replace(",", ".")),
                                reason=r[2].strip() if len(r) > 2 else "") for r in rows]
        except (IndexError, InvalidOperation) as exc:
            raise click.ClickException(f"each line is 'article number;counted quantity[;reason]' ({exc})") from None
        record = enter_counts(session, ctx, stocktaking_id, items)
        click.echo(f"{len(items)} counts entered in stocktaking {record.number}")


@stocktaking.command("differences")
@click.argument("stocktaking_id", type=int)
@click.option("--only", is_flag=True, help="only lines with a difference")
@pass_state
def differences_command(state: State, stocktaking_id: int, only: bool) -> None:
    """The difference list: book stock at the key date, counted, difference and its value."""
    from kontor.core.stock.stocktaking import difference_list, summarize

    with clear_errors(), state.unit() as (session, ctx):
        offset = 0
        while True:
            page = difference_list(session, ctx, stocktaking_id, limit=5000, offset=offset)
            for r in page:
                if only and not r.difference:
                    continue
                counted = "-" if r.counted is None else r.counted
                click.echo(f"{r.article_number:<16} {r.description[:36]:<36} {r.book:>12} {counted:>12} "
                           f"{r.difference if r.difference is not None else '':>12} "
                           f"{r.difference_value if r.difference_value is not None else '':>12}")
            if len(page) < 5000:
                break
            offset += 5000
        summary = summarize(session, ctx, stocktaking_id)
    click.echo(f"{summary.lines} lines, {summary.counted} counted, {summary.differences} differences, "
               f"value {summary.difference_value}")


@stocktaking.command("post")
@click.argument("stocktaking_id", type=int)
@pass_state
def post_command(state: State, stocktaking_id: int) -> None:
    """Post the differences into the ledger on the key date."""
    from kontor.core.stock.stocktaking import post_stocktaking, summarize

    with clear_errors(), state.unit() as (session, ctx):
        record = post_stocktaking(session, ctx, stocktaking_id)
        summary = summarize(session, ctx, stocktaking_id)
    click.echo(f"stocktaking {record.number} posted: {summary.differences} differences, value "
               f"{summary.difference_value}")


@stocktaking.command("list")
@pass_state
def list_command(state: State) -> None:
    """The stocktakings and manual difference lists, newest first."""
    from kontor.core.stock.stocktaking import list_stocktakings

    with clear_errors(), state.unit() as (session, ctx):
        for r in list_stocktakings(session, ctx, limit=1000):
            click.echo(f"{r.id:>6} {r.number:<12} {r.kind:<8} {r.key_date} {r.state:<8} {r.note}")


@stocktaking.command("valuation")
@click.option("--on", "on", type=_DATE, required=True, help="key date YYYY-MM-DD")
@click.option("--group", "group_code", help="only this article group (code)")
@click.option("--csv", "as_csv", is_flag=True, help="semicolon-separated, with a header line")
@pass_state
def valuation_command(state: State, on, group_code: str | None, as_csv: bool) -> None:
    """The stock and valuation list on a key date, streamed: purchase, devalued, sales value."""
    from kontor.core.stock.valuation import ValuationTotals, iter_valuation

    totals = ValuationTotals()
    writer = csv.writer(sys.stdout, delimiter=";") if as_csv else None
    if writer:
        writer.writerow(["article", "description", "quantity", "age_days", "valuation_price", "purchase_value",
                         "devalued_price", "devalued_value", "sales_value"])
    with clear_errors(), state.unit() as (session, ctx):
        for row in iter_valuation(session, ctx, on.date(), article_group_id=_group_id(session, ctx, group_code)):
            totals.add(row)
            values = [row.article_number, row.description, row.quantity, row.age_days, row.valuation_price,
                      row.purchase_value, row.devalued_price, row.devalued_value, row.sales_value]
            if writer:
                writer.writerow(values)
            else:
                click.echo(f"{row.article_number:<16} {row.description[:32]:<32} {row.quantity:>12} "
                           f"{row.purchase_value:>12} {row.devalued_value:>12} {row.sales_value:>12}")
    if not writer:
        click.echo(f"{totals.articles} articles, purchase value {totals.purchase_value}, devalued value "
                   f"{totals.devalued_value}, sales value {totals.sales_value}")


@main.group()
def serials() -> None:
    """Serial and batch numbers."""


@serials.command("missing")
@pass_state
def missing_command(state: State) -> None:
    """Stock-bearing lines of tracked articles whose numbers are incomplete."""
    from kontor.core.stock.serials import missing_numbers

    with clear_errors(), state.unit() as (session, ctx):
        rows = missing_numbers(session, ctx, limit=100_000)
    for r in rows:
        click.echo(f"{r.doc_date} {r.document_kind:<20} {r.document_number or '-':<12} line {r.position:<4} "
                   f"{r.article_number:<16} {r.assigned} of {abs(r.quantity)} {r.tracking}")
    click.echo(f"{len(rows)} line(s) with incomplete numbers")


@serials.command("trail")
@click.argument("article_number")
@click.argument("number")
@pass_state
def trail_command(state: State, article_number: str, number: str) -> None:
    """Every movement of one serial or batch number."""
    from kontor.core.stock.serials import trail_of

    with clear_errors(), state.unit() as (session, ctx):
        article_id = _article_ids(session, ctx, [article_number])[article_number]
        serial, rows = trail_of(session, ctx, article_id, number)
    click.echo(f"{serial.kind} {serial.number} of {article_number}: {serial.state}, quantity {serial.quantity}")
    for r in rows:
        click.echo(f"{r.moved_on} {r.symbol} {r.quantity:>10} {r.document_number:<14} {r.note}")
