"""Helpers for tests with real parallel transactions: threads, each with its own
connection and unit of work, released together by a barrier, bounded in count and time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

TIMEOUT = 120  # seconds for one whole group of writers


@dataclass
class Outcomes:
    results: list = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def at_once(count: int, work: Callable[[int], object]) -> Outcomes:
    """Run work(0..count-1) in `count` threads that start at the same moment."""
    barrier = threading.Barrier(count, timeout=TIMEOUT)
    outcomes = Outcomes()
    lock = threading.Lock()

    def run(k: int) -> None:
        barrier.wait()
        try:
            result = work(k)
        except BaseException as exc:  # noqa: BLE001 - every outcome is inspected by the test
            with lock:
                outcomes.errors.append(exc)
        else:
            with lock:
                outcomes.results.append(result)

    threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        if thread.is_alive():
            pytest.fail(f"a writer did not finish within {TIMEOUT} s")
    return outcomes
