"""The foreign currency plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="foreign_currency",
    title="Foreign currency",
    requires=(),
    description="Any number of foreign currencies with exchange rates for purchasing and sales, and fixed foreign-currency prices per article.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
