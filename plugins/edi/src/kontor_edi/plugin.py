"""The EDI plugin's declaration and hook implementations (see kontor.hookspecs)."""

from __future__ import annotations

from pathlib import Path

from kontor.api import PluginMeta, hookimpl

PLUGIN = PluginMeta(
    name="edi",
    title="EDI",
    requires=(),
    description="Electronic data interchange of documents with business partners through an EDI converter, set per document type.",
)


@hookimpl
def kontor_register_migrations():
    return Path(__file__).resolve().parent / "migrations" / "versions"
