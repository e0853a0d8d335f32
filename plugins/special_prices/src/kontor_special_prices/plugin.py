"""The special prices plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.plugins import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="special_prices",
    title="Special prices",
    requires=(),
    description="Special prices, time-limited discounts, quantity-break discounts and customer price groups on top of the core's price classes.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
