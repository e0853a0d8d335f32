"""Test plugin: an accounting plugin that supplies open items from an external ledger (being built)."""

from kontor.plugins import PluginMeta

PLUGIN = PluginMeta(name="test_open_items", title="Test external open items", version="1.0")
