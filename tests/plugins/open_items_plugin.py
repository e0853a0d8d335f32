"""Test plugin: an accounting plugin that supplies open items from an external ledger.

The "external ledger" is the dict `LEDGER`, keyed by tenant code and customer number; a
customer it does not know owes nothing there. The plugin answers only for tenants that
enabled it (the hook relay never asks it elsewhere), and then kontor's own open items are
not counted at all: the external ledger replaces them.
"""

from decimal import Decimal

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(name="test_open_items", title="Test external open items", version="1.0")

LEDGER: dict[tuple[str, str], Decimal] = {}


@hookimpl
def kontor_open_items(ctx, customer):
    return LEDGER.get((ctx.tenant_code, customer.number), Decimal("0"))
