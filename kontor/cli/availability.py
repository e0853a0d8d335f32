"""`kontor availability ...` (the availability query, reserving orders, the material plan)
and `kontor proposals ...` (reorder proposals: create, show, order)."""

from __future__ import annotations

from decimal import Decimal

import click

from kontor.cli.base import State, clear_errors, main, pass_state

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _by_number(session, ctx, model, number: str | None, what: str, column: str = "number") -> int | None:
    """The id of a record of the tenant by its number or code; None when not asked for."""
    if number is None:
        return None
    from sqlalchemy import select

    found = session.execute(select(model.id).where(model.tenant_id == ctx.tenant_id,
                                                   getattr(model, column) == number)).scalars().first()
    if found is None:
        raise click.ClickException(f"no {what} '{number}'")
    return found


def _order_id(session, ctx, number: str) -> int:
    from sqlalchemy import select

    from kontor.core.documents.models import Document

    found = session.execute(select(Document.id).where(Document.tenant_id == ctx.tenant_id, Document.kind == "order",
                                                      Document.number == number)).scalars().first()
    if found is None:
        raise click.ClickException(f"no customer order '{number}'")
    return found


def _q(value: Decimal) -> str:
    return f"{value.normalize():f}"


# -- availability -------------------------------------------------------------------------------


@main.group()
def availability() -> None:
    """The availability query, reserving orders for their dates, the material plan."""


@availability.command("show")
@click.argument("article_number")
@click.option("--customer", "customer_number", help="prices and discounts for this customer (number)")
@click.option("--quantity", default="1", help="quantity the price is asked for")
@click.option("--warehouse", "warehouse_code", help="totals for this warehouse only (code)")
@click.option("--since", type=_DATE, help="sales from (YYYY-MM-DD)")
@click.option("--until", type=_DATE, help="sales up to (YYYY-MM-DD)")
@click.option("--on", "on", type=_DATE, help="what is available by this delivery date")
@pass_state
def show_command(state: State, article_number, customer_number, quantity, warehouse_code, since, until, on) -> None:
    """Everything about an article a customer asks for: stock, reservations, on order, prices, sales."""
    from kontor.core.masterdata.articles.models import Article
    from kontor.core.masterdata.parties.models import Customer
    from kontor.core.stock.availability import availability as query
    from kontor.core.stock.models import Warehouse

    with clear_errors(), state.unit() as (session, ctx):
        info = query(session, ctx, _by_number(session, ctx, Article, article_number, "article"),
                     customer_id=_by_number(session, ctx, Customer, customer_number, "customer"),
                     warehouse_id=_by_number(session, ctx, Warehouse, warehouse_code, "warehouse", "code"),
                     quantity=Decimal(quantity), sales_since=since.date() if since else None,
                     sales_until=until.date() if until else None, on=on.date() if on else None)
    click.echo(f"{info.article_number} {info.description}")
    click.echo(f"on hand {_q(info.on_hand)}  reserved {_q(info.reserved)}  available {_q(info.available)}  "
               f"blocked {_q(info.blocked)}")
    click.echo(f"on order {_q(info.on_order)} (earliest {info.expected_on or '-'}), "
               f"promised of it {_q(info.reserved_on_order)}")
    if info.on is not None:
        click.echo(f"available by {info.on}: {_q(info.available_on)}")
        for p in info.incoming:
            click.echo(f"  purchase order {p.number} open {_q(p.open_quantity)}, promised {_q(p.reserved)}, "
                       f"expected {p.expected_on}")
    for w in info.warehouses:
        click.echo(f"  warehouse {w.code:<8} on hand {_q(w.on_hand):>10} reserved {_q(w.reserved):>10} "
                   f"available {_q(w.available):>10}")
    for r in info.reservations:
        whom = f"{r.customer_name} {r.document_number}".strip() or r.note
        click.echo(f"  reserved {_q(r.quantity):>10} from {r.source:<14} for {whom} by {r.needed_on}")
    if info.prices:
        p = info.prices
        click.echo(f"list price {p.list_price}  purchase price {p.purchase_price}  customer price "
                   f"{p.customer_unit_price} - {_q(p.customer_discount_percent)} % = {p.customer_net_price} ({p.source})")
        for d in p.discounts:
            click.echo(f"  {'*' if d.applies else ' '} {d.label}: {_q(d.percent)} %")
    if info.sales:
        click.echo(f"sold {info.sales.since} to {info.sales.until}: {_q(info.sales.quantity)} for "
                   f"{info.sales.net_amount}")


@availability.command("reserve-order")
@click.argument("order_number")
@click.option("--date", "delivery_date", type=_DATE, help="delivery date (default: the order's)")
@click.option("--check", is_flag=True, help="only say what could be reserved")
@click.option("--stock-only", is_flag=True, help="do not reserve from purchase orders")
@pass_state
def reserve_order_command(state: State, order_number, delivery_date, check, stock_only) -> None:
    """Reserve an order for its delivery date; says what is missing and the earliest date."""
    from kontor.core.stock.planning import reserve_order

    with clear_errors(), state.unit() as (session, ctx):
        result = reserve_order(session, ctx, _order_id(session, ctx, order_number),
                               delivery_date=delivery_date.date() if delivery_date else None,
                               from_purchase_orders=not stock_only, check_only=check)
    for line in result.lines:
        click.echo(f"line {line.position}: open {_q(line.open_quantity)}, reserved before {_q(line.reserved_before)}, "
                   f"from stock {_q(line.from_stock)}, from purchase orders {_q(line.from_purchase_orders)}, "
                   f"missing {_q(line.missing)}, earliest {line.earliest_on or 'unknown'}")
    click.echo(("checked (nothing reserved)" if check else "reserved") +
               (f"; earliest complete delivery {result.earliest_on or 'unknown'}" if result.missing else ""))


@availability.command("plan")
@click.option("--until", type=_DATE, help="count goods on order expected up to this date")
@click.option("--all", "show_all", is_flag=True, help="every material article, not only those missing stock")
@pass_state
def plan_command(state: State, until, show_all) -> None:
    """The material plan without orders: free stock, on order, open demand, missing."""
    from kontor.core.stock.planning import material_plan

    with clear_errors(), state.unit() as (session, ctx):
        rows = material_plan(session, ctx, until=until.date() if until else None, only_missing=not show_all,
                             limit=1_000_000)
    for r in rows:
        click.echo(f"{r.article_number:<16} {r.description[:30]:<30} free {_q(r.on_hand - r.reserved):>10} "
                   f"on order {_q(r.on_order - r.reserved_on_order):>10} demand {_q(r.open_demand):>10} "
                   f"missing {_q(r.missing):>10}")
    click.echo(f"{len(rows)} articles")


# -- reorder proposals --------------------------------------------------------------------------


@main.group()
def proposals() -> None:
    """Reorder proposals: create, show, order."""


def _season(values: tuple[str, ...]) -> dict[int, Decimal]:
    factors = {}
    for value in values:
        month, _, factor = value.partition("=")
        try:
            factors[int(month)] = Decimal(factor)
        except (ValueError, ArithmeticError):
            raise click.BadParameter(f"'{value}' is not MONTH=FACTOR", param_hint="--season") from None
    return factors


def _echo_proposal(session, ctx, proposal_id: int) -> None:
    from kontor.core.purchasing.proposals import get_proposal, proposal_lines, suppliers_of

    proposal = get_proposal(session, ctx, proposal_id)
    lines = proposal_lines(session, ctx, proposal_id)
    click.echo(f"reorder proposal {proposal.id} ({proposal.state}), {len(lines)} lines")
    for entry in suppliers_of(lines):
        click.echo(f"  supplier {entry['supplier_number'] or '-'} {entry['supplier_name'] or '(none)'}: "
                   f"{entry['lines']} lines, {entry['net_value']} net{' (ordered)' if entry['ordered'] else ''}")
    for line in lines:
        ordered = f" ordered in {line['purchase_order_id']}" if line["purchase_order_id"] else ""
        click.echo(f"  [{line['id']}] {line['supplier_name'] or '(no supplier)':<28} {line['article_number']:<14} "
                   f"{_q(line['quantity']):>10} x {line['unit_price']}  {line['reason']}{ordered}")


@proposals.command("create")
@click.option("--supplier", "supplier_number", help="articles of this supplier, ordered from it (number)")
@click.option("--main-group", help="article main group (code)")
@click.option("--assortment", help="article assortment (code)")
@click.option("--group", help="article group (code)")
@click.option("--series", help="article series (code)")
@click.option("--warehouse", "warehouse_code", help="count this warehouse only (code)")
@click.option("--trigger", type=click.Choice(["minimum", "reorder"]), default="reorder", show_default=True)
@click.option("--fill", type=click.Choice(["fixed", "consumption"]), default="fixed", show_default=True)
@click.option("--since", type=_DATE, help="consumption period from")
@click.option("--until", type=_DATE, help="consumption period up to")
@click.option("--coverage-days", type=int, default=30, show_default=True)
@click.option("--season", multiple=True, help="seasonal factor MONTH=FACTOR, e.g. 12=1.5 (repeatable)")
@click.option("--for-date", type=_DATE, help="when the goods are needed (picks the season's month)")
@click.option("--cheapest", is_flag=True, help="order from the cheapest supplier instead of the main one")
@pass_state
def create_command(state: State, supplier_number, main_group, assortment, group, series, warehouse_code, trigger,
                   fill, since, until, coverage_days, season, for_date, cheapest) -> None:
    """A reorder proposal of a selection."""
    from kontor.core.masterdata.basics.models import ArticleAssortment, ArticleGroup, ArticleMainGroup, ArticleSeries
    from kontor.core.masterdata.parties.models import Supplier
    from kontor.core.purchasing.proposals import ProposalCriteria, create_proposal
    from kontor.core.stock.models import Warehouse

    with clear_errors(), state.unit() as (session, ctx):
        criteria = ProposalCriteria(
            supplier_id=_by_number(session, ctx, Supplier, supplier_number, "supplier"),
            main_group_id=_by_number(session, ctx, ArticleMainGroup, main_group, "main group", "code"),
            assortment_id=_by_number(session, ctx, ArticleAssortment, assortment, "assortment", "code"),
            group_id=_by_number(session, ctx, ArticleGroup, group, "article group", "code"),
            series_id=_by_number(session, ctx, ArticleSeries, series, "article series", "code"),
            warehouse_id=_by_number(session, ctx, Warehouse, warehouse_code, "warehouse", "code"),
            trigger=trigger, fill=fill, consumption_since=since.date() if since else None,
            consumption_until=until.date() if until else None, coverage_days=coverage_days,
            seasonal_factors=_season(season), delivery_date=for_date.date() if for_date else None,
            supplier_choice="cheapest" if cheapest else "main")
        proposal = create_proposal(session, ctx, criteria)
        _echo_proposal(session, ctx, proposal.id)


@proposals.command("from-order")
@click.argument("order_number")
@click.option("--supplier", "supplier_number", help="order from this supplier (number)")
@pass_state
def from_order_command(state: State, order_number, supplier_number) -> None:
    """A reorder proposal of what a customer order misses by its dates."""
    from kontor.core.masterdata.parties.models import Supplier
    from kontor.core.purchasing.proposals import proposal_for_order

    with clear_errors(), state.unit() as (session, ctx):
        proposal = proposal_for_order(session, ctx, _order_id(session, ctx, order_number),
                                      supplier_id=_by_number(session, ctx, Supplier, supplier_number, "supplier"))
        _echo_proposal(session, ctx, proposal.id)


@proposals.command("from-plan")
@click.option("--until", type=_DATE, help="count goods on order expected up to this date")
@pass_state
def from_plan_command(state: State, until) -> None:
    """A reorder proposal of what the material plan misses."""
    from kontor.core.purchasing.proposals import proposal_from_plan

    with clear_errors(), state.unit() as (session, ctx):
        proposal = proposal_from_plan(session, ctx, until=until.date() if until else None)
        _echo_proposal(session, ctx, proposal.id)


@proposals.command("show")
@click.argument("proposal_id", type=int)
@pass_state
def show_proposal_command(state: State, proposal_id) -> None:
    """The lines of a proposal, by supplier."""
    with clear_errors(), state.unit() as (session, ctx):
        _echo_proposal(session, ctx, proposal_id)


@proposals.command("order")
@click.argument("proposal_id", type=int)
@click.option("--supplier", "supplier_number", help="only this supplier's lines (number)")
@pass_state
def order_command(state: State, proposal_id, supplier_number) -> None:
    """Purchase orders from a proposal, one per supplier."""
    from kontor.core.masterdata.parties.models import Supplier
    from kontor.core.purchasing.proposals import order_proposal

    with clear_errors(), state.unit() as (session, ctx):
        orders = order_proposal(session, ctx, proposal_id,
                                supplier_id=_by_number(session, ctx, Supplier, supplier_number, "supplier"))
        for order in orders:
            click.echo(f"purchase order {order.number} to supplier {order.supplier_id}: {order.net_total} net")
