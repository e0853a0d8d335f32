"""Test plugin: a fixed special price for articles whose number starts with SP."""

from decimal import Decimal

from kontor.api import PluginMeta, PriceQuote, hookimpl

PLUGIN = PluginMeta(name="test_prices", title="Test special prices", version="1.0")


@hookimpl
def kontor_unit_price(ctx, session, request):
    if request.article.number.startswith("SP"):
        return PriceQuote(unit_price=Decimal("9.9900"), discount_percent=Decimal("5"), source="test special price")
    return None
