"""The special prices plugin's declaration and hook implementations (see kontor.hookspecs).

- `kontor_unit_price`: special prices and discounts answer before the core's price-class
  default (the decision is described in kontor_special_prices.pricing); None lets the core
  decide.
- `kontor_register_routes`: the plugin's resources (groups, group-members, prices,
  discounts, retail-prices) and GET /price-list/{customer_id}, all under
  /api/special_prices.
- `kontor_register_migrations`: the branch with the `special_prices_` tables.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from litestar import Request, get
from litestar.params import Parameter

from kontor.api import Level, NotFound, PluginMeta, hookimpl

# Imported here so SQLModel.metadata knows the plugin's tables as soon as the plugin loads.
from kontor_special_prices import models  # noqa: F401
from kontor_special_prices.pricing import price_list, special_quote
from kontor_special_prices.resources import RESOURCES

PLUGIN = PluginMeta(
    name="special_prices",
    title="Special prices",
    requires=(),
    description="Special prices, time-limited discounts, quantity-break discounts and customer price groups on top of the core's price classes.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"


@hookimpl
def kontor_unit_price(ctx, session, request):
    return special_quote(session, ctx, request)


@get("/price-list/{customer_id:int}", sync_to_thread=True, tags=["special_prices"],
     summary="A customer's price list: every article with a special price or discount valid on the day")
def customer_price_list(
    request: Request,
    customer_id: int,
    on: date | None = Parameter(default=None, description="the day; empty: today"),
) -> dict[str, Any]:
    from kontor.api import Customer, unit

    with unit(request) as (session, ctx):
        ctx.require("masterdata", Level.READ)
        customer = session.get(Customer, customer_id)
        if customer is None or customer.tenant_id != ctx.tenant_id:
            raise NotFound(f"no customer with id {customer_id}")
        day = on or date.today()
        return {"customer_id": customer_id, "on": day.isoformat(),
                "items": price_list(session, ctx, customer, day)}


@hookimpl
def kontor_register_routes():
    from kontor.api import resource_router

    return [resource_router(res, prefix="") for res in RESOURCES] + [customer_price_list]
