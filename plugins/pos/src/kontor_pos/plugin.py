"""The point of sale plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="pos",
    title="Point of sale",
    requires=(),
    description="Cash sales at any number of tills: quick receipt entry, payment and change handling, till closing and sales statistics.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
