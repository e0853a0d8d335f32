"""The production plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="production",
    title="Production",
    requires=(),
    description="Multi-level assemblies, production orders with material issues and finished-goods receipts, scheduling and post-calculation.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
