"""Test plugin: hears document events, picks a second warehouse for Z- articles, and vetoes
stock movements of articles numbered VETO-."""

from sqlmodel import select

from kontor.api import Conflict, PluginMeta, Warehouse, hookimpl

PLUGIN = PluginMeta(name="test_events", title="Test document events", version="1.0")

HEARD: list[tuple] = []


@hookimpl
def kontor_select_warehouse(ctx, session, article):
    if article.number.startswith("Z-"):
        return session.exec(select(Warehouse.id).where(Warehouse.tenant_id == ctx.tenant_id, Warehouse.code == "ZWEI")).one()
    return None


@hookimpl
def kontor_stock_moves_posted(ctx, moves):
    for move in moves:
        if move.document_number and move.symbol == "LS" and move.quantity < -100:
            raise Conflict("test_events: no delivery of more than 100 at once")
    HEARD.append(("moves", ctx.tenant_code, len(moves)))


@hookimpl
def kontor_document_created(ctx, kind, number):
    HEARD.append(("created", ctx.tenant_code, kind, number))


@hookimpl
def kontor_document_converted(ctx, kind, source_document_ids):
    HEARD.append(("converted", ctx.tenant_code, kind, len(source_document_ids)))


@hookimpl
def kontor_document_posted(ctx, kind, number):
    HEARD.append(("posted", ctx.tenant_code, kind, number))


@hookimpl
def kontor_document_cancelled(ctx, kind, number, by_document_id):
    HEARD.append(("cancelled", ctx.tenant_code, kind, number, by_document_id is not None))


@hookimpl
def kontor_plan_stock_moves(document, moves):
    """Books the movements of documents with the customer order number BIN-TEST into location TEST-BIN."""
    if document.customer_order_number != "BIN-TEST":
        return None
    from dataclasses import replace

    return [replace(move, location="TEST-BIN") for move in moves]
