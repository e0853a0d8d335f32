"""The stock ledger: verify and key-date lists."""

from __future__ import annotations


import click

from kontor.cli.base import State, clear_errors, main, pass_state


# -- stock ----------------------------------------------------------------------------------


@main.group()
def stock() -> None:
    """The stock ledger."""


@stock.command("verify")
@pass_state
def stock_verify(state: State) -> None:
    """Prove that every stock level equals the sum of its movements (all tenants, or --tenant)."""
    from kontor.core.stock.queries import verify_ledger
    from kontor.core.tenancy.services import tenant_by_code

    with clear_errors(), state.kontor.db.read() as session:
        tenant_id = tenant_by_code(session, state.tenant).id if state.tenant else None
        mismatches = verify_ledger(session, tenant_id)
        from kontor.core.stock.reservations import verify_reservations  # reserved stock = its reservations

        unreserved = verify_reservations(session, tenant_id)
    for m in mismatches:
        click.echo(f"tenant {m.tenant_id} article {m.article_id} warehouse {m.warehouse_id}: "
                   f"level {m.level} but ledger {m.ledger}")
    for r in unreserved:
        click.echo(f"tenant {r.tenant_id} article {r.article_id} warehouse {r.warehouse_id}: "
                   f"reserved {r.level} but reservations {r.reservations}")
    if mismatches or unreserved:
        raise click.ClickException(f"{len(mismatches) + len(unreserved)} stock level(s) differ from the ledger "
                                   "or the reservations")
    click.echo("stock levels equal the ledger and the reservations")


@stock.command("list")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="key date YYYY-MM-DD")
@pass_state
def stock_list_command(state: State, on) -> None:
    """Stock and its value per article on a key date."""
    from kontor.core.stock.services import stock_list

    with clear_errors(), state.unit() as (session, ctx):
        rows, purchase, sales = stock_list(session, ctx, on.date(), limit=1_000_000)
    for row in rows:
        click.echo(f"{row.article_number:<16} {row.description[:40]:<40} {row.quantity:>14} "
                   f"{row.purchase_value:>14} {row.sales_value:>14}")
    click.echo(f"{len(rows)} articles, purchase value {purchase}, sales value {sales}")

