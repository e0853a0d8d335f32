"""The core's own behaviour, written as default implementations of kontor's hooks.

Registered under the name `core` and always active. Plugins implement the same hooks; for
decision hooks they are asked first (these defaults are `trylast`), so a plugin replaces
the default by answering, and falls back to it by returning None.
"""

from __future__ import annotations

from pathlib import Path

from kontor.plugins import hookimpl


@hookimpl(trylast=True)
def kontor_unit_price(ctx, session, request):
    from kontor.core.documents.discounts import default_quote

    return default_quote(session, ctx, request)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent.parent / "db" / "migrations" / "versions"


@hookimpl(trylast=True)
def kontor_select_warehouse(ctx, session):
    from kontor.core.stock.ledger import default_warehouse

    return default_warehouse(session, ctx.tenant_id).id


@hookimpl(trylast=True)
def kontor_print_template(kind, record, output):
    from kontor.core.printing.renderer import default_template

    return default_template(kind, record, output)


@hookimpl(trylast=True)
def kontor_document_currency(ctx, session):
    from kontor.core.documents.currency import home_currency

    return home_currency(session, ctx.tenant_id)


@hookimpl(trylast=True)
def kontor_exchange_rate(ctx, session, currency_code):
    from decimal import Decimal

    from kontor.core.documents.currency import home_currency

    return Decimal(1) if currency_code == home_currency(session, ctx.tenant_id) else None
