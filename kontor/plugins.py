"""The plugin manager: discover installed plugins, check requirements, enable per tenant.

A plugin is a module that declares `PLUGIN = PluginMeta(...)` and implements hooks from
`kontor.hookspecs` with `@hookimpl`. Installed plugins are found through the entry point
group `kontor.plugins`; tests pass extra modules to `build_plugin_host`.

Installed is not enabled: every tenant has its own list of enabled plugins (the parameter
row `plugins.enabled`), and `PluginHost.hooks(enabled)` gives a hook relay that calls only
the core's and the enabled plugins' implementations. Routes and commands of a plugin are
guarded by the same list (see kontor.web.app and kontor.cli).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from kontor import hookspecs, plugin_trace

ENTRY_POINT_GROUP = "kontor.plugins"
ENABLED_KEY = "plugins.enabled"
CORE = "core"
# The core's own hook implementations, always active: the defaults (trylast decisions) and the
# checks of core areas that speak through the validation hook (credit risk, closed periods).
CORE_HOOK_MODULES = (
    ("core", "kontor.core.defaults"),
    ("core.credit_risk", "kontor.core.finance.risk_hooks"),
    ("core.accounting_transfer", "kontor.core.finance.transfer_hooks"),
    ("core.reservations", "kontor.core.stock.reservation_hooks"),
)

hookimpl = pluggy.HookimplMarker("kontor")


@dataclass(frozen=True)
class PluginMeta:
    """What a plugin module declares about itself as `PLUGIN`."""

    name: str
    title: str
    requires: tuple[str, ...] = ()
    description: str = ""
    version: str | None = None  # taken from the distribution when installed
    # a module of hookspecs the plugin adds (named kontor_<plugin>_...), so others can implement them
    hookspecs: ModuleType | None = None


@dataclass(frozen=True)
class PluginInfo:
    name: str
    title: str
    version: str
    requires: tuple[str, ...]
    description: str
    module: ModuleType = field(compare=False, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "version": self.version,
            "requires": list(self.requires),
            "description": self.description,
        }


class PluginError(Exception):
    """A plugin cannot be enabled or disabled as asked; the message says why."""


class HookRelay:
    """Calls a hook on the core and on the plugins enabled for one tenant only."""

    def __init__(self, pm: pluggy.PluginManager, removed: list[ModuleType], host: PluginHost | None = None):
        self._pm = pm
        self._removed = removed
        self._callers: dict[str, Any] = {}
        self.host = host

    def __getattr__(self, name: str):
        if not name.startswith("kontor_"):
            raise AttributeError(name)
        caller = self._callers.get(name)
        if caller is None:
            hook = getattr(self._pm.hook, name)
            caller = self._pm.subset_hook_caller(name, self._removed) if self._removed else hook
            self._callers[name] = caller
        return caller


class PluginHost:
    """Installed plugins, their metadata, and per-tenant hook relays."""

    def __init__(self, pm: pluggy.PluginManager, plugins: dict[str, PluginInfo]):
        self.pm = pm
        self.plugins = plugins
        self._relays: dict[frozenset[str], HookRelay] = {}

    # -- metadata ---------------------------------------------------------------------
    def info(self, name: str) -> PluginInfo:
        try:
            return self.plugins[name]
        except KeyError:
            installed = ", ".join(sorted(self.plugins)) or "none"
            raise PluginError(f"plugin '{name}' is not installed (installed: {installed})") from None

    def dependents(self, name: str, enabled: Iterable[str]) -> list[str]:
        return sorted(p for p in enabled if p in self.plugins and name in self.plugins[p].requires)

    # -- hooks ------------------------------------------------------------------------
    def hooks(self, enabled: Iterable[str]) -> HookRelay:
        """The hook relay for a tenant with these plugins enabled (cached per set)."""
        key = frozenset(p for p in enabled if p in self.plugins)
        relay = self._relays.get(key)
        if relay is None:
            removed = [info.module for name, info in self.plugins.items() if name not in key]
            relay = self._relays[key] = HookRelay(self.pm, removed, self)
        return relay

    def results_by_plugin(self, hook_name: str, **kwargs) -> list[tuple[str, Any]]:
        """Call an installation-wide collector hook and keep which plugin answered what."""
        results = []
        impls = getattr(self.pm.hook, hook_name).get_hookimpls()
        with plugin_trace.call_frame(hook_name, impls):
            for impl in impls:
                value = impl.function(**{arg: kwargs[arg] for arg in impl.argnames})
                if value is not None:
                    results.append((impl.plugin_name, value))
        return results

    def migration_locations(self) -> list[tuple[str, Path]]:
        return [(name, Path(path)) for name, path in self.results_by_plugin("kontor_register_migrations")]

    @cached_property
    def settings_models(self) -> dict[str, type]:
        """The settings model each plugin declares through kontor_register_settings."""
        return {name: model for name, model in self.results_by_plugin("kontor_register_settings")
                if name in self.plugins}

    # -- per-tenant switching ---------------------------------------------------------
    def check_enable(self, name: str, enabled: Iterable[str]) -> None:
        """Raise PluginError naming the requirement that is missing or switched off."""
        info = self.info(name)
        enabled = set(enabled)
        for required in info.requires:
            if required not in self.plugins:
                raise PluginError(
                    f"plugin '{name}' requires plugin '{required}', which is not installed"
                )
            if required not in enabled:
                raise PluginError(
                    f"plugin '{name}' requires plugin '{required}', which is not enabled: enable '{required}' first"
                )

    def check_disable(self, name: str, enabled: Iterable[str]) -> None:
        self.info(name)
        needed_by = self.dependents(name, set(enabled) - {name})
        if needed_by:
            raise PluginError(
                f"plugin '{name}' is required by enabled plugin(s) {', '.join(needed_by)}: disable those first"
            )

    def enable_order(self, names: Iterable[str]) -> list[str]:
        """The given plugins and their requirements, each after what it requires."""
        ordered: list[str] = []

        def visit(name: str, path: tuple[str, ...]) -> None:
            if name in ordered:
                return
            if name in path:
                raise PluginError(f"plugins require each other in a circle: {' -> '.join(path + (name,))}")
            for required in self.info(name).requires:
                visit(required, path + (name,))
            ordered.append(name)

        for name in names:
            visit(name, ())
        return ordered


def implementations(caller) -> list[Any]:
    """The implementations a hook caller (of a tenant's relay) calls, in pluggy's order."""
    return list(reversed(caller.get_hookimpls()))


def answers(caller, **kwargs) -> list[tuple[str, Any]]:
    """Call a hook's implementations one by one and keep who answered what (None left out).

    For hooks whose answers the core checks and must blame on a plugin by name; an exception
    a plugin raises carries a note naming it."""
    result = []
    impls = implementations(caller)
    with plugin_trace.call_frame(caller.name, impls):
        for impl in impls:
            try:
                value = impl.function(*[kwargs[name] for name in impl.argnames])
            except Exception as exc:
                exc.add_note(f"raised by plugin '{impl.plugin_name}' in {caller.name}")
                raise
            if value is not None:
                result.append((impl.plugin_name, value))
    return result


def _meta_of(module: ModuleType) -> PluginMeta:
    meta = getattr(module, "PLUGIN", None)
    if not isinstance(meta, PluginMeta):
        raise PluginError(f"module {module.__name__} declares no PLUGIN = PluginMeta(...)")
    return meta


def _add_plugin_hookspecs(pm: pluggy.PluginManager, meta: PluginMeta) -> None:
    prefix = f"kontor_{meta.name}_"
    names = [name for name in dir(meta.hookspecs) if name.startswith("kontor_")]
    wrong = [name for name in names if not name.startswith(prefix)]
    if wrong:
        raise PluginError(f"plugin '{meta.name}' declares hooks without its prefix {prefix}: {', '.join(wrong)}")
    pm.add_hookspecs(meta.hookspecs)


def build_plugin_host(*, discover: bool = True, extra: Iterable[ModuleType] = ()) -> PluginHost:
    """Create the plugin manager: the core's default hooks, installed plugins, and `extra`.

    Called explicitly by the app factory, the CLI and tests; importing kontor loads nothing.
    """
    from importlib import import_module

    pm = pluggy.PluginManager("kontor")
    pm.add_hookspecs(hookspecs)
    for name, module_name in CORE_HOOK_MODULES:
        pm.register(import_module(module_name), name=name)
    plugins: dict[str, PluginInfo] = {}

    def add(module: ModuleType, version: str) -> None:
        meta = _meta_of(module)
        if meta.name in plugins or meta.name.split(".")[0] == CORE:
            raise PluginError(f"two plugins are named '{meta.name}'")
        if meta.hookspecs is not None:
            _add_plugin_hookspecs(pm, meta)
        pm.register(module, name=meta.name)
        plugins[meta.name] = PluginInfo(
            name=meta.name,
            title=meta.title,
            version=meta.version or version,
            requires=tuple(meta.requires),
            description=meta.description,
            module=module,
        )

    if discover:
        for entry_point in entry_points(group=ENTRY_POINT_GROUP):
            module = entry_point.load()
            version = entry_point.dist.version if entry_point.dist else "0"
            add(module, version)
    for module in extra:
        add(module, "0")
    pm.check_pending()
    plugin_trace.instrument(pm)
    return PluginHost(pm, plugins)
