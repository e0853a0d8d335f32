"""The multiple warehouses plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.plugins import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="multi_warehouse",
    title="Multiple warehouses",
    requires=(),
    description="Any number of warehouses with storage locations, consignment stock and drop shipments.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
