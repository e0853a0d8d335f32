"""Writes docs/hooks.md, the reference of every hook, from the code that defines and uses them.

Per hook: its signature, its kind (first answer wins, every answer counts, collector, event),
its docstring (when it runs, what it gets, what it returns), a working example (the shortest
implementation among the test plugins, which the tests run) and the tests that call it through
a plugin and assert its effect (those marked `@pytest.mark.hook("<name>")`).

    python docs/hooks_reference.py        # rewrite docs/hooks.md
    python docs/hooks_reference.py --check  # exit 1 if docs/hooks.md is not current

tests/unit/test_hook_reference.py fails when a hook lacks an example or a marked test, or when
docs/hooks.md is not what this script writes.
"""

from __future__ import annotations

import ast
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "hooks.md"
EXAMPLE_FOLDERS = [ROOT / "tests" / "plugins"]
TEST_FOLDERS = [ROOT / "tests", *sorted((ROOT / "plugins").glob("*/tests"))]


@dataclass
class Hook:
    name: str
    signature: str
    kind: str
    doc: str
    line: int


def hooks() -> list[Hook]:
    """Every hookspec of kontor.hookspecs, in the order of the file."""
    from kontor import hookspecs

    found = []
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if not name.startswith("kontor_"):
            continue
        options = getattr(function, "kontor_spec", {}) or {}
        if name in hookspecs.AFTER_COMMIT_EVENTS:
            kind = "event after the commit: every listener is called on its own; the return value is ignored"
        elif options.get("firstresult"):
            kind = "decision: the first answer that is not None wins (`firstresult`); the core answers last"
        elif name.startswith("kontor_register_"):
            kind = "collector: every installed plugin's answer is collected, once per process"
        elif inspect.signature(function).return_annotation in (None, "None"):
            kind = "event inside the transaction: every implementation is called; the return value is ignored"
        else:
            kind = "every answer counts: all implementations are called and their answers combined"
        signature = _signature(name, function)
        found.append(Hook(name, signature, kind, inspect.getdoc(function) or "",
                          inspect.getsourcelines(function)[1]))
    return sorted(found, key=lambda h: h.line)


def _signature(name: str, function) -> str:
    """The signature as written in kontor/hookspecs.py (annotations are strings there)."""
    signature = inspect.signature(function)
    params = [f"{p.name}: {p.annotation}" if p.annotation is not inspect.Parameter.empty else p.name
              for p in signature.parameters.values()]
    return f"{name}({', '.join(params)}) -> {signature.return_annotation}"


def _source(text: str, node: ast.AST) -> str:
    start = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno])
    return "\n".join(text.splitlines()[start - 1:node.end_lineno])


def _hookimpls(path: Path) -> dict[str, str]:
    """Module-level functions of a file decorated with @hookimpl, by name, with their source and
    the source of the module-level functions and classes they name (a route handler, a model)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    defined = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    result = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and any(
            (isinstance(d, ast.Name) and d.id == "hookimpl") or (isinstance(d, ast.Call) and getattr(d.func, "id", "")
                                                                  == "hookimpl") for d in node.decorator_list
        ):
            named = [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in defined and n.id != node.name]
            helpers = [_source(text, defined[name]) for name in dict.fromkeys(named)]
            result[node.name] = "\n\n\n".join([*helpers, _source(text, node)])
    return result


def examples() -> dict[str, tuple[str, str]]:
    """name -> (file, source) of the shortest implementation among the test plugins."""
    found: dict[str, tuple[str, str]] = {}
    for folder in EXAMPLE_FOLDERS:
        for path in sorted(folder.rglob("*.py")):
            for name, source in _hookimpls(path).items():
                if name not in found or len(source) < len(found[name][1]):
                    found[name] = (str(path.relative_to(ROOT)), source)
    return found


def marked_tests() -> dict[str, list[str]]:
    """name -> tests marked @pytest.mark.hook(name, ...)."""
    found: dict[str, list[str]] = {}
    for folder in TEST_FOLDERS:
        for path in sorted(folder.rglob("test_*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.FunctionDef):
                    continue
                for decorator in node.decorator_list:
                    if (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
                            and decorator.func.attr == "hook" and ast.unparse(decorator.func.value) == "pytest.mark"):
                        for arg in decorator.args:
                            if isinstance(arg, ast.Constant):
                                found.setdefault(arg.value, []).append(f"{path.relative_to(ROOT)}::{node.name}")
    return found


def render() -> str:
    all_hooks, sample, tested = hooks(), examples(), marked_tests()
    out = [
        "# Hooks",
        "",
        "<!-- Written by docs/hooks_reference.py from kontor/hookspecs.py, the test plugins and the",
        "     tests marked @pytest.mark.hook; do not edit by hand. -->",
        "",
        "A plugin implements a hook with a module-level function of the hook's name, decorated",
        "with `hookimpl` from `kontor.api`; it may take any subset of the hook's parameters.",
        "Hooks are called through the hook relay of one tenant: a plugin the tenant has not",
        "enabled is never asked (the registration hooks run once per process for every installed",
        "plugin, and kontor guards what they registered by the tenant's plugins). Set",
        "`KONTOR_TRACE_PLUGINS=1` to log every hook call with the plugins asked and those that",
        "answered. Each example below is code the test suite runs; the tests named under it",
        "call the hook through a plugin and assert its effect.",
        "",
        "| hook | kind |",
        "|---|---|",
    ]
    out += [f"| [`{h.name}`](#{h.name}) | {h.kind.split(':')[0]} |" for h in all_hooks]
    for hook in all_hooks:
        out += ["", f"## {hook.name}", "", "```python", hook.signature, "```", "", f"**Kind:** {hook.kind}.", "",
                hook.doc, ""]
        if hook.name in sample:
            path, source = sample[hook.name]
            out += [f"**Example** (`{path}`):", "", "```python", source, "```", ""]
        if hook.name in tested:
            out += ["**Tested by:**", ""] + [f"- `{name}`" for name in tested[hook.name]] + [""]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print("docs/hooks.md is not current: run python docs/hooks_reference.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
