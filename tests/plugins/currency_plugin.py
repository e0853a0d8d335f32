"""Test plugin: documents in the party's currency at rates from a small table, and a journal
of the allocations kontor books (what an accounting plugin would hear).

`RATES` maps (tenant code, currency) to the rates by the day they hold from (home currency
per unit); the rate of a day is the latest on or before it. `BOOKED` collects, per tenant,
what `kontor_allocations_booked` was told: (kind, amount, home_amount, home_paid).
"""

from datetime import date
from decimal import Decimal

from kontor.plugins import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_currency", title="Test currencies", version="1.0")

RATES: dict[tuple[str, str], dict[date, Decimal]] = {}
BOOKED: dict[str, list[tuple[str, Decimal, Decimal, Decimal]]] = {}


@hookimpl
def kontor_document_currency(party):
    return party.currency_code


@hookimpl
def kontor_exchange_rate(ctx, currency_code, on):
    table = RATES.get((ctx.tenant_code, currency_code), {})
    days = [day for day in table if day <= on]
    return table[max(days)] if days else None


@hookimpl
def kontor_allocations_booked(ctx, allocations):
    BOOKED.setdefault(ctx.tenant_code, []).extend(
        (a.kind, a.amount, a.home_amount, a.home_paid) for a in allocations)
