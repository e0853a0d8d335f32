"""Which plugins each hook call asked and which answered.

With `KONTOR_TRACE_PLUGINS=1` every hook call is logged (logger `kontor.trace`, to stderr):

    kontor_unit_price: asked special_prices, core; answered special_prices

The test suite switches the same recording on (`watch()`, from kontor.testing) so a test
marked `@pytest.mark.hook("kontor_unit_price")` fails unless a plugin's implementation of that
hook really ran during the test. Without either, nothing is wrapped: hook calls cost what
pluggy costs.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

ENV = "KONTOR_TRACE_PLUGINS"
log = logging.getLogger("kontor.trace")

# One frame per hook call in progress: [hook name, [(plugin, answered), ...]]
_frames: ContextVar[tuple[list, ...]] = ContextVar("kontor_hook_frames", default=())
_observers: list[Callable[[str, str, bool], None]] = []
_watching = False


def tracing() -> bool:
    return os.environ.get(ENV, "").lower() in ("1", "true", "yes", "on")


def watch() -> None:
    """Record hook calls in every plugin host built from now on (the test suite does)."""
    global _watching
    _watching = True


@contextmanager
def observing(observer: Callable[[str, str, bool], None]) -> Iterator[None]:
    """Tell `observer(hook, plugin, answered)` of every implementation that runs meanwhile."""
    _observers.append(observer)
    try:
        yield
    finally:
        _observers.remove(observer)


def instrument(pm) -> None:
    """Wrap every implementation registered in `pm` and watch its hook calls, if asked to."""
    if not (_watching or tracing()):
        return
    if tracing() and not log.handlers:
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter("trace %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    for name in dir(pm.hook):
        caller = getattr(pm.hook, name)
        if name.startswith("kontor_") and hasattr(caller, "get_hookimpls"):
            for impl in caller.get_hookimpls():
                _wrap(impl, name)
    pm.add_hookcall_monitoring(_before, _after)


class _ToStderr(logging.Handler):
    """Writes to whatever sys.stderr is when a line is logged."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def _wrap(impl, hook_name: str) -> None:
    if getattr(impl.function, "_kontor_traced", False):
        return
    function = impl.function

    def traced(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
        except BaseException:
            _note(hook_name, impl.plugin_name, False, raised=True)
            raise
        _note(hook_name, impl.plugin_name, result is not None)
        return result

    traced._kontor_traced = True
    traced.__wrapped__ = function
    impl.function = traced


def _note(hook_name: str, plugin: str, answered: bool, *, raised: bool = False) -> None:
    frames = _frames.get()
    if frames and frames[-1][0] == hook_name:
        frames[-1][1].append((plugin, "raised" if raised else answered))
    for observer in list(_observers):
        observer(hook_name, plugin, answered)


@contextmanager
def call_frame(hook_name: str, impls) -> Iterator[None]:
    """One hook call the core makes implementation by implementation (events, answers)."""
    _before(hook_name, list(reversed(impls)), {})
    try:
        yield
    finally:
        _after(None, hook_name, list(reversed(impls)), {})


def _before(hook_name: str, hook_impls, _kwargs) -> None:
    _frames.set(_frames.get() + ([hook_name, []],))


def _after(_outcome, hook_name: str, hook_impls, _kwargs) -> None:
    frames = _frames.get()
    if not frames:
        return
    frame, rest = frames[-1], frames[:-1]
    _frames.set(rest)
    if tracing() and hook_name.startswith("kontor_"):
        asked = ", ".join(impl.plugin_name for impl in reversed(hook_impls)) or "nobody"
        answered = ", ".join(plugin if how is True else f"{plugin} (raised)" for plugin, how in frame[1] if how)
        log.info("%s: asked %s; answered %s", hook_name, asked, answered or "nothing")
