"""Plugins reach the core through `kontor.api` only; the core never reaches the assembled system."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kontor.api

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
CORE = ROOT / "kontor" / "core"


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts and ".egg-info" not in str(p))


def kontor_imports(path: Path) -> list[tuple[int, str]]:
    """Every kontor module a file imports (at any depth: inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name == "kontor" or name.startswith("kontor.")]


def allowed_for(path: Path) -> set[str]:
    return {"kontor.api", "kontor.testing"} if "tests" in path.relative_to(PLUGINS).parts else {"kontor.api"}


def test_the_rule_sees_every_plugin_distribution():
    distributions = sorted(p.parent.name for p in PLUGINS.glob("*/pyproject.toml"))
    assert {"special_prices", "multi_warehouse", "foreign_currency", "production"} <= set(distributions)
    assert all(python_files(PLUGINS / name / "src") for name in distributions)


@pytest.mark.parametrize("path", python_files(PLUGINS), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_import_kontor_only_through_kontor_api(path):
    allowed = allowed_for(path)
    wrong = [f"line {line}: {name}" for line, name in kontor_imports(path) if name not in allowed]
    assert not wrong, (
        f"{path.relative_to(ROOT)} imports kontor modules other than {' and '.join(sorted(allowed))}: "
        f"{'; '.join(wrong)}. Import the name from kontor.api (add it there, documented, if it is missing)."
    )


def test_the_rule_catches_an_internal_import(tmp_path):
    plugin = tmp_path / "plugins" / "acme" / "src" / "kontor_acme"
    plugin.mkdir(parents=True)
    (plugin / "plugin.py").write_text("def f():\n    from kontor.core.documents.services import lines_of\n")
    assert kontor_imports(plugin / "plugin.py") == [(2, "kontor.core.documents.services")]


@pytest.mark.parametrize("path", python_files(CORE), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_never_imports_the_assembled_system(path):
    outside = ("kontor.runtime", "kontor.tenant_setup", "kontor.web", "kontor.cli", "kontor.testing", "kontor.demo",
               "kontor.bench", "kontor.api")
    wrong = [f"line {line}: {name}" for line, name in kontor_imports(path)
             if any(name == o or name.startswith(o + ".") for o in outside)]
    assert not wrong, f"{path.relative_to(ROOT)} imports the assembled system: {'; '.join(wrong)}"


def test_every_public_name_resolves_and_is_listed():
    assert kontor.api.__all__ == sorted(kontor.api.__all__)
    for name in kontor.api.__all__:
        value = getattr(kontor.api, name)
        assert value is not None, name
    assert set(kontor.api.__all__) <= set(dir(kontor.api))
    with pytest.raises(AttributeError, match="kontor.api has no name 'lines_of_everything'"):
        kontor.api.lines_of_everything  # noqa: B018


def test_declaring_a_plugin_loads_neither_the_web_layer_nor_the_document_services():
    code = ("import sys; from kontor.api import PluginMeta, hookimpl; "
            "print(any(m.startswith(('litestar', 'kontor.web', 'kontor.core.documents')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
