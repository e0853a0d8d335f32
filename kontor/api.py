"""The public surface for plugins: the one kontor module a plugin imports.

Everything a plugin needs from kontor is named here, and only here: hook markers and the
plugin declaration, the Context and the errors, units of work for routes and commands, the
document services and their shapes, the stock ledger, the master-data records, and the
helpers that register routes, commands and tables. A test (tests/unit/test_plugin_api.py)
fails when any distribution under `plugins/` imports another kontor module; plugin tests
may import `kontor.testing` as well.

    from kontor.api import PluginMeta, hookimpl, Context, Invalid, create_document

Names load on first use (PEP 562), so a plugin that imports `PluginMeta` and `hookimpl` at
start-up does not pull in the web layer or the document services with them; `kontor --help`
stays quick however many plugins are installed.

A name here is a promise: it keeps its meaning across minor versions. Helpers writing a plugin
may add what their plugin needs (grouped below, with a line saying what it is); the core's
other modules stay free to change.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> (module, attribute); grouped by what a plugin does with them.
_EXPORTS: dict[str, tuple[str, str]] = {}


def _export(module: str, *names: str, **renamed: str) -> None:
    for name in names:
        _EXPORTS[name] = (module, name)
    for public, attribute in renamed.items():
        _EXPORTS[public] = (module, attribute)


# -- declaring a plugin and its hooks ----------------------------------------------------------
# PluginMeta(name, title, requires, description): what the plugin module declares as PLUGIN.
# hookimpl: marks a module-level function named like a hook of kontor.hookspecs.
# hookspec: marks a hook a plugin adds itself (named kontor_<plugin>_...).
_export("kontor.plugins", "PluginMeta", "hookimpl", "PluginError")
_export("kontor.hookspecs", "hookspec", "after_commit_event")
# after_commit(session, ctx, ctx.hooks.kontor_<plugin>_<event>, **arguments): announce an event
# of the plugin once the transaction has committed (checked when queued)
_export("kontor.core.events", "after_commit", "EventError")

# -- who acts, and what went wrong ----------------------------------------------------------
# Context: tenant, user, permissions and the tenant's hook relay (`ctx.hooks`).
_export("kontor.core.context", "Context")
_export("kontor.core.users.permissions", "Level", "ProgramPart")
_export("kontor.errors", "KontorError", "Problem", "Invalid", "Conflict", "NotFound", "PermissionDenied")
_export("kontor.core.audit", "record_change")

# -- tables of a plugin (prefixed with the plugin's name) -------------------------------------
# TenantOwned: base of every tenant-owned table; exact(): a Decimal column exact on both
# databases; Exact: its column type, for the plugin's alembic revisions.
_export("kontor.db.base", "TenantOwned", "utcnow")
_export("kontor.db.fields", "exact", "long_text", "reference")
_export("kontor.db.types", "Exact")

# -- settings of the tenant -------------------------------------------------------------------
_export("kontor.core.masterdata.basics.parameters", "CompanyParameters", "get_parameters", "set_parameters")
# plugin_settings(session, ctx, "<plugin>"): the tenant's values of the model kontor_register_settings returned
_export("kontor.core.plugin_settings", "plugin_settings")

# -- master data -----------------------------------------------------------------------------
_export("kontor.core.masterdata.articles.models", "Article", "ArticleQuantityBreak")
_export("kontor.core.masterdata.parties.models", "Customer", "Supplier")
_export("kontor.core.masterdata.basics.models", "TaxCode", "Currency", "Unit", "CustomerDiscountGroup",
        "ArticleDiscountGroup", "DiscountRule")
_export("kontor.core.masterdata.validators", "Money")
# Resource: a table served as list/create/read/change/delete; simple_resource() makes one.
_export("kontor.core.resources", "Resource", "simple_resource", "create_record", "update_record",
        "delete_record", "get_record", "find_by_key")

# -- documents: services -------------------------------------------------------------------
_export("kontor.core.documents.services", "create_document", "update_document", "read_document",
        "get_document", "list_documents", "lines_of", "document_dict", "refuse_change")
_export("kontor.core.documents.conversion", "convert")
_export("kontor.core.documents.posting", "post_document")
_export("kontor.core.documents.header", "load_customer", "ADDRESS_FIELDS")
_export("kontor.core.documents.kinds", "kind_of")
_export("kontor.core.documents.stock_sync", "carries_stock", "repost_lines")
# per-line builders: what a following line carries (kontor_line_for changes it)
_export("kontor.core.documents.builders", "order_line_for", "delivery_line_for", "invoice_line_for", "credit_line_for",
        "receipt_line_for", "supplier_invoice_line_for")
_export("kontor.core.documents.lineage", "taken", "open_quantities")
# pricing: the request and answer of kontor_unit_price, and the core's own answers to fall back on
_export("kontor.core.documents.pricing", "PriceRequest", "PriceQuote", "quote_price", "price_class_price")
_export("kontor.core.documents.discounts", "default_quote")

# -- documents: shapes ----------------------------------------------------------------------
_export("kontor.core.documents.models", "Document", "DocumentLine", "DocumentCharge")
_export("kontor.core.documents.schemas", "DocumentCreate", "DocumentUpdate", "LineInput", "ChargeInput", "Take",
        "ConvertRequest", "DocumentRead", "DocumentSummary", "LineRead")

# -- purchasing ------------------------------------------------------------------------------
_export("kontor.core.purchasing.orders", "create_purchase_order")
_export("kontor.core.purchasing.receipts", "receive_goods")
_export("kontor.core.purchasing.release", "release_receipt")
_export("kontor.core.purchasing.common", refuse_closed_purchase="refuse_closed")
_export("kontor.core.purchasing.schemas", "PurchaseOrderCreate", "PurchaseLineInput", "GoodsReceiptCreate",
        "ReceiptLineInput", "ReleaseRequest", "ReleaseLine")

# -- stock: the ledger is the only writer of movements -------------------------------------
_export("kontor.core.stock.models", "Warehouse", "WarehouseFields", "StockMove", "StockLevel")
_export("kontor.core.stock.ledger", "MoveSpec", "post_moves", "default_warehouse", "negative_stock_allowed")
_export("kontor.core.stock.queries", "on_hand", "verify_ledger")
_export("kontor.core.stock.services", "book_opening_stock")

# -- routes (kontor_register_routes) -------------------------------------------------------
# unit(request, write=...): one unit of work as the authenticated user; idempotent_post():
# a POST that honours Idempotency-Key; resource_router(): the routes of a Resource.
_export("kontor.web.units", "unit", "kontor_of")
_export("kontor.web.idempotency", "idempotent_post")
_export("kontor.web.resources", "resource_router")

# -- commands (kontor_register_commands) ---------------------------------------------------
# Inside a plugin's command: the tenant's Context and the open write session.
_export("kontor.cli.base", "current_context", "current_session")

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"kontor.api has no name '{name}'; the public names are in kontor.api.__all__") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # the next lookup is a plain module attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
