"""The repair plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

# multi_warehouse: repair items are kept in a warehouse of their own.
PLUGIN = PluginMeta(
    name="repair",
    title="Repair",
    requires=("multi_warehouse",),
    description="Repair orders from estimate to handover and billing, with material and time tracking and stock of items under repair.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
