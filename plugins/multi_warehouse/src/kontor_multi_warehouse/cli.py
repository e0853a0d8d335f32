"""`kontor multi-warehouse ...`: warehouses, locations, transfers and stock per warehouse.

Runs only for a tenant that enabled the plugin (kontor's guard); each command is one unit of
work as the system user.
"""

from __future__ import annotations

from decimal import Decimal

import click

from kontor.api import Article, NotFound, Warehouse, create_record, current_context, current_session, find_by_key


@click.group("multi-warehouse")
def multi_warehouse() -> None:
    """Several warehouses with locations, transfers, consignment stock."""


@multi_warehouse.command("warehouses")
def warehouses() -> None:
    """List the warehouses (consignment warehouses with their customer)."""
    from sqlmodel import select

    from kontor_multi_warehouse.models import Consignment

    session, ctx = current_session(), current_context()
    rows = session.exec(select(Warehouse, Consignment.customer_id)
                        .outerjoin(Consignment, Consignment.warehouse_id == Warehouse.id)
                        .where(Warehouse.tenant_id == ctx.tenant_id).order_by(Warehouse.code)).all()
    for warehouse, customer_id in rows:
        mark = " (default)" if warehouse.is_default else f" (consignment of customer {customer_id})" if customer_id else ""
        click.echo(f"{warehouse.id:>5} {warehouse.code:<20} {warehouse.name}{mark}")


@multi_warehouse.command("add-warehouse")
@click.argument("code")
@click.argument("name")
def add_warehouse(code: str, name: str) -> None:
    """Add a warehouse."""
    from kontor_multi_warehouse.resources import WAREHOUSES

    record = create_record(current_session(), current_context(), WAREHOUSES,
                           WAREHOUSES.create_schema(code=code, name=name))
    click.echo(f"warehouse {record.code} added (id {record.id})")


@multi_warehouse.command("add-location")
@click.argument("warehouse_code")
@click.argument("code")
@click.option("--name", default="")
@click.option("--default", "is_default", is_flag=True, help="goods go here when nobody chose a location")
def add_location(warehouse_code: str, code: str, name: str, is_default: bool) -> None:
    """Add a location to a warehouse."""
    from kontor_multi_warehouse.resources import LOCATIONS, WAREHOUSES

    session, ctx = current_session(), current_context()
    warehouse = find_by_key(session, ctx, WAREHOUSES, warehouse_code)
    create_record(session, ctx, LOCATIONS, LOCATIONS.create_schema(warehouse_id=warehouse.id, code=code, name=name,
                                                                   is_default=is_default))
    click.echo(f"location {code} added to warehouse {warehouse.code}")


@multi_warehouse.command("transfer")
@click.argument("article_number")
@click.argument("quantity", type=Decimal)
@click.option("--from", "source", required=True, help="WAREHOUSE[:LOCATION]")
@click.option("--to", "target", required=True, help="WAREHOUSE[:LOCATION]")
@click.option("--note", default="")
def transfer(article_number: str, quantity: Decimal, source: str, target: str, note: str) -> None:
    """Move QUANTITY of an article from one warehouse or location to another."""
    from sqlmodel import select

    from kontor_multi_warehouse.resources import WAREHOUSES
    from kontor_multi_warehouse.transfers import TransferRequest, transfer_stock

    session, ctx = current_session(), current_context()
    article = session.exec(select(Article).where(Article.tenant_id == ctx.tenant_id,
                                                 Article.number == article_number)).first()
    if article is None:
        raise NotFound(f"no article {article_number}")
    (from_code, _, from_location), (to_code, _, to_location) = source.partition(":"), target.partition(":")
    done = transfer_stock(session, ctx, TransferRequest(
        article_id=article.id, quantity=quantity, note=note,
        from_warehouse_id=find_by_key(session, ctx, WAREHOUSES, from_code).id, from_location=from_location,
        to_warehouse_id=find_by_key(session, ctx, WAREHOUSES, to_code).id, to_location=to_location))
    click.echo(f"{done.number}: {quantity.normalize():f} x {article.number} from {source} to {target}")


@multi_warehouse.command("stock")
@click.option("--article", "article_number", default=None, help="one article number")
def stock(article_number: str | None) -> None:
    """Stock per article, warehouse and location."""
    from kontor_multi_warehouse.stock_lists import stock_by_warehouse

    page = stock_by_warehouse(current_session(), current_context(), q=article_number, limit=1_000_000)
    for item in page["items"]:
        if article_number and item["article_number"] != article_number:
            continue
        click.echo(f"{item['article_number']:<16} {item['description'][:40]:<40} {item['on_hand']:>12}")
        for w in item["warehouses"]:
            click.echo(f"    {w['warehouse_code']:<20} {w['on_hand']:>12}")
            for place in w["locations"]:
                click.echo(f"        {place['location'] or '-':<16} {place['quantity']:>12}")


@multi_warehouse.command("consignment")
def consignment() -> None:
    """What lies in each customer's consignment warehouse."""
    from kontor_multi_warehouse.consignment import consignment_stock, list_consignments

    session, ctx = current_session(), current_context()
    for row in list_consignments(session, ctx):
        click.echo(f"{row['customer_number']:<12} {row['customer_name']:<30} {row['warehouse_code']}")
        for item in consignment_stock(session, ctx, row["customer_id"])["items"]:
            click.echo(f"    {item['article_number']:<16} {item['description'][:40]:<40} {item['quantity']:>12}")


COMMANDS = [multi_warehouse]
