"""Test plugin: chooses print templates and adds print context (being built)."""

from kontor.plugins import PluginMeta

PLUGIN = PluginMeta(name="test_printing", title="Test printing", version="1.0")
