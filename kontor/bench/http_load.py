"""HTTP figures: a real server (uvicorn, one process) on loopback and a load generator of N
concurrent clients, each a thread with its own keep-alive connection, for a fixed time.

Two operations: creating an order with 5 lines (POST /api/documents) and reading a document
(GET /api/documents/{id}). Reported per operation and client count: requests per second and
the 99th percentile latency. Every answer must be a success; an error stops the figure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import httpx

from kontor.bench.company import BenchSystem
from kontor.bench.dataset import Generated
from kontor.bench.figures import KEY_DATE, Figure, percentile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _token(system: BenchSystem) -> str:
    from kontor.core.tenancy.services import tenant_by_code
    from kontor.core.users import services as users

    with system.kontor.db.write() as session:
        ctx = system.kontor.context(session, tenant_by_code(session, system.tenant_code))
        user = users.create_user(session, ctx, f"bench{time.time_ns()}", "bench-password-1", roles=["admin"])
        return users.issue_token(session, system.kontor.settings, user)


@contextmanager
def server(system: BenchSystem, processes: int = 1):
    port = _free_port()
    env = {**os.environ, "KONTOR_DATABASE_URL": system.url, "KONTOR_DATA_DIR": str(system.folder)}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "kontor.web.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(processes)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start: {process.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _load(base: str, headers: dict, clients: int, seconds: float,
          request: Callable[[httpx.Client, int], httpx.Response]) -> tuple[float, float, int]:
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    stop_at = time.perf_counter() + seconds

    def worker(k: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            n = 0
            while time.perf_counter() < stop_at and not errors:
                start = time.perf_counter()
                response = request(client, k * 1_000_000 + n)
                latencies[k].append((time.perf_counter() - start) * 1000)
                if response.status_code >= 400:
                    errors.append(f"{response.status_code}: {response.text[:300]}")
                n += 1

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"HTTP load failed: {errors[0]}")
    samples = [value for per_client in latencies for value in per_client]
    return len(samples) / elapsed, percentile(samples, 99), len(samples)


def http_figures(system: BenchSystem, data: Generated, seconds: float, client_counts=(8, 32),
                 tick: Callable[[int], None] = lambda _n: None, processes: int = 1) -> list[Figure]:
    headers = {"Authorization": f"Bearer {_token(system)}", "X-Kontor-Tenant": system.tenant_code}
    materials, customers = data.material_ids, data.customer_ids

    def create_order(client: httpx.Client, n: int) -> httpx.Response:
        # clients spread over the customers: one customer's row is locked by its credit check
        spread = (n // 1_000_000) * 7919 + n % 1_000_000
        body = {"kind": "order", "customer_id": customers[spread % len(customers)], "doc_date": KEY_DATE.isoformat(),
                "lines": [{"article_id": materials[(n * 5 + k) % len(materials)], "quantity": "2"} for k in range(5)]}
        return client.post("/api/documents", json=body)

    figures = []
    suffix = f"_w{processes}" if processes > 1 else ""
    with server(system, processes) as base:
        with httpx.Client(base_url=base, headers=headers) as client:
            first = create_order(client, 0)
            first.raise_for_status()
            document_id = first.json()["id"]

        def read_document(client: httpx.Client, _n: int) -> httpx.Response:
            return client.get(f"/api/documents/{document_id}")

        for operation, request in (("http_create_order", create_order), ("http_read_document", read_document)):
            for clients in client_counts:
                rate, p99, count = _load(base, headers, clients, seconds, request)
                size = f"{clients} clients, {processes} process(es), {count} requests"
                figures.append(Figure(f"{operation}_rps_c{clients}{suffix}", size, rate, "req/s"))
                figures.append(Figure(f"{operation}_p99_c{clients}{suffix}", size, p99, "ms",
                                      "< 10 ms" if operation == "http_read_document" else ""))
                tick(1)
    return figures


def availability_http(system: BenchSystem, data: Generated, seconds: float, clients: int = 8) -> list[Figure]:
    """The availability query over HTTP (GET /api/stock/availability/{id}) at 8 clients."""
    headers = {"Authorization": f"Bearer {_token(system)}", "X-Kontor-Tenant": system.tenant_code}
    article = data.material_ids[len(data.material_ids) // 2]
    with server(system) as base:
        rate, p99, count = _load(base, headers, clients, seconds,
                                 lambda client, _n: client.get(f"/api/stock/availability/{article}"))
    size = f"{clients} clients, {count} requests"
    return [Figure("http_availability_rps_c8", size, rate, "req/s"),
            Figure("http_availability_p99_c8", size, p99, "ms", "< 10 ms")]
