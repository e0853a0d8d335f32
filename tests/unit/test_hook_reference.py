"""Every hook is documented like datasette's: when it runs, an example, a test that asserts its effect.

The reference docs/hooks.md is written by docs/hooks_reference.py; a hook without a working
example (an implementation in a test plugin) or without a test marked
@pytest.mark.hook("<name>") fails here, and the marked test itself fails unless a plugin's
implementation of the hook ran while it did (kontor.testing).
"""

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("hooks_reference", ROOT / "docs" / "hooks_reference.py")
reference = sys.modules["hooks_reference"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

HOOKS = reference.hooks()
NAMES = [hook.name for hook in HOOKS]


def test_the_reference_knows_every_hook_of_kontor():
    from kontor import hookspecs

    assert set(NAMES) == {name for name in dir(hookspecs) if name.startswith("kontor_")}
    assert {"kontor_line_for", "kontor_document_cancelled", "kontor_register_settings"} <= set(NAMES)


@pytest.mark.parametrize("hook", HOOKS, ids=NAMES)
def test_every_hook_says_when_it_runs_and_has_a_working_example_and_a_test_of_its_effect(hook):
    assert "Runs " in hook.doc, f"the docstring of {hook.name} does not say when it runs"
    assert hook.name in reference.examples(), f"no test plugin implements {hook.name}: it has no example"
    assert reference.marked_tests().get(hook.name), (
        f"no test is marked @pytest.mark.hook({hook.name!r}): mark one that calls it through a plugin "
        "and asserts its effect")


def test_docs_hooks_md_is_what_the_generator_writes():
    assert (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8") == reference.render(), (
        "docs/hooks.md is not current: run python docs/hooks_reference.py")


def test_kontor_trace_plugins_logs_each_call_with_the_plugins_asked_and_those_that_answered(monkeypatch, capsys):
    from kontor.plugins import build_plugin_host
    from tests.plugins import price_plugin

    monkeypatch.setenv("KONTOR_TRACE_PLUGINS", "1")
    relay = build_plugin_host(discover=False, extra=[price_plugin]).hooks({"test_prices"})
    request = type("Request", (), {"article": type("Article", (), {"number": "SP-1"})()})()
    quote = relay.kontor_unit_price(ctx=None, session=None, request=request)
    assert quote.unit_price == Decimal("9.9900")
    lines = [line for line in capsys.readouterr().err.splitlines() if "kontor_unit_price" in line]
    assert lines == ["trace kontor_unit_price: asked test_prices, core; answered test_prices"]


def test_without_the_variable_nothing_is_logged(monkeypatch, capsys):
    from kontor.plugins import build_plugin_host
    from tests.plugins import validation_plugin

    monkeypatch.delenv("KONTOR_TRACE_PLUGINS", raising=False)
    relay = build_plugin_host(discover=False, extra=[validation_plugin]).hooks({"test_rules"})
    relay.kontor_validate(ctx=None, session=None, subject="articles", action="create", record=None, before=None)
    assert "trace" not in capsys.readouterr().err
    assert sys.modules["kontor.plugin_trace"].tracing() is False
