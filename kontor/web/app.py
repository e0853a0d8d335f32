"""The litestar app factory: `kontor.web.app:create_app` (what `kontor serve` runs).

Core routes, the master-data resources, and the routes of every installed plugin, mounted
under /api/<plugin> behind a guard that answers 404 for tenants that have not enabled it.
OpenAPI is served at /schema.
"""

from __future__ import annotations

from decimal import Decimal

from litestar import Litestar, Router, get
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

import kontor
from kontor.errors import NotFound
from kontor.runtime import Kontor
from kontor.web.api import (
    accounting as accounting_api,
    admin as admin_api,
    auth as auth_api,
    availability as availability_api,
    batch as batch_api,
    calc as calc_api,
    documents as documents_api,
    dunning as dunning_api,
    invoicing as invoicing_api,
    open_items as open_items_api,
    outputs as outputs_api,
    plugins as plugins_api,
    pricing as pricing_api,
    purchasing as purchasing_api,
    returns as returns_api,
    risk as risk_api,
    stock as stock_api,
    stocktaking as stocktaking_api,
    translations as translations_api,
)
from kontor.web.bounds import MAX_BODY_BYTES, check_request
from kontor.web.docs import LocalSwaggerUI, assets_router
from kontor.web.openapi import SCHEMA_PLUGINS, declare_answers, openapi_config
from kontor.web.problems import EXCEPTION_HANDLERS
from kontor.web.resources import resource_router
from kontor.web.retry import retry_middleware
from kontor.web.units import authenticate


def all_resources():
    from kontor.core.masterdata.registry import RESOURCES

    return RESOURCES


def plugin_guard(plugin_name: str):
    def guard(connection: ASGIConnection, _handler: BaseRouteHandler) -> None:
        kontor_ = connection.app.state.kontor
        with kontor_.db.read() as session:
            ctx = authenticate(session, kontor_, connection)
        if plugin_name not in ctx.enabled_plugins:
            raise NotFound(f"plugin '{plugin_name}' is not enabled for tenant '{ctx.tenant_code}'")

    return guard


def plugin_routers(kontor_: Kontor) -> list[Router]:
    routers = []
    for plugin_name, handlers in kontor_.host.results_by_plugin("kontor_register_routes"):
        if plugin_name.split(".")[0] == "core":
            continue
        routers.append(Router(path=f"/api/{plugin_name}", route_handlers=list(handlers), guards=[plugin_guard(plugin_name)]))
    return routers


@get("/", sync_to_thread=False, include_in_schema=False)
def index() -> dict[str, str]:
    return {"name": "kontor", "version": kontor.__version__, "api": "/api", "openapi": "/schema"}


def create_app(kontor_: Kontor | None = None) -> Litestar:
    kontor_ = kontor_ or Kontor.build()
    modules = [[auth_api.create_token, auth_api.me], [pricing_api.article_price, pricing_api.article_discounts],
               admin_api.HANDLERS, documents_api.HANDLERS, stock_api.HANDLERS, invoicing_api.HANDLERS,
               returns_api.HANDLERS, batch_api.HANDLERS, calc_api.HANDLERS, open_items_api.HANDLERS,
               risk_api.HANDLERS, dunning_api.HANDLERS, accounting_api.HANDLERS, purchasing_api.HANDLERS,
               availability_api.HANDLERS, stocktaking_api.HANDLERS, plugins_api.HANDLERS,
               translations_api.HANDLERS, outputs_api.HANDLERS]
    modules = [group for group in modules if group]
    # Each module's handlers in a router of their own: litestar (2.25) wraps a sync handler twice
    # when handlers sharing a path are registered directly on the app, and the GET then answers
    # with a coroutine; inside a router, as the resource routers are, they are registered once.
    handlers = [index, *(Router(path="/", route_handlers=list(group)) for group in modules)]
    handlers += [resource_router(res) for res in all_resources()]
    handlers += plugin_routers(kontor_)
    handlers.append(assets_router())
    app = Litestar(
        route_handlers=handlers,
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[retry_middleware],
        # Every request within its bounds before any handler runs (kontor.web.bounds).
        before_request=check_request,
        request_max_body_size=MAX_BODY_BYTES,
        # Money and quantities leave as exact decimal strings from every kind of answer
        # (litestar's default turns a Decimal in a dataclass or dict into a float), never
        # with an exponent.
        type_encoders={Decimal: _decimal_text},
        plugins=list(SCHEMA_PLUGINS),
        openapi_config=openapi_config(kontor.__version__, [LocalSwaggerUI(path=["/", "/swagger"])]),
        debug=False,
    )
    declare_answers(app)
    app.state.kontor = kontor_
    return app


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")
