"""The multiple warehouses plugin's declaration and hook implementations (see kontor.hookspecs).

- `kontor_plan_stock_moves`: warehouse and location of each movement of a stock-bearing
  document, consignment deliveries (into the customer's consignment warehouse, KL) and drop
  shipments (no movement); the decision is described in kontor_multi_warehouse.planning.
- `kontor_select_warehouse`: for movements posted without a plan, the warehouse chosen for
  their document or the article's preferred warehouse; None lets the core decide.
- `kontor_register_routes`: warehouses, locations, article-places (resources), stock per
  warehouse and location, transfers, document choices, consignment and drop shipment, all
  under /api/multi_warehouse.
- `kontor_register_commands`: `kontor multi-warehouse ...`.
- `kontor_register_migrations`: the branch with the `multi_warehouse_` tables.
"""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

# Imported here so SQLModel.metadata knows the plugin's tables as soon as the plugin loads.
from kontor_multi_warehouse import models  # noqa: F401

PLUGIN = PluginMeta(
    name="multi_warehouse",
    title="Multiple warehouses",
    requires=(),
    description="Any number of warehouses with storage locations, consignment stock and drop shipments.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def kontor_plan_stock_moves(ctx, session, document, moves):
    from kontor_multi_warehouse.planning import plan_moves

    return plan_moves(session, ctx, document, moves)


@hookimpl
def kontor_select_warehouse(ctx, session, article, document_id):
    from kontor_multi_warehouse.planning import select_warehouse

    return select_warehouse(session, ctx, article, document_id)


@hookimpl
def kontor_register_routes():
    from kontor.api import resource_router

    from kontor_multi_warehouse.api import ROUTES
    from kontor_multi_warehouse.resources import RESOURCES

    return [resource_router(res, prefix="") for res in RESOURCES] + ROUTES


@hookimpl
def kontor_register_commands():
    from kontor_multi_warehouse.cli import COMMANDS

    return COMMANDS
