"""The headline operations, each measured through the service layer the API uses.

Every function takes a prepared benchmark system and returns Figures. Timing uses
perf_counter around the service calls only (generation is outside), latency figures give
p50 and p99 over many calls, and memory is the process's peak resident size.
"""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from kontor.bench.company import BenchSystem
from kontor.bench.dataset import Generated

KEY_DATE = date(2026, 6, 30)


@dataclass
class Figure:
    name: str
    size: str
    value: float
    unit: str
    target: str = ""
    backend: str = ""

    def line(self) -> str:
        target = f"  (target {self.target})" if self.target else ""
        digits = 4 if abs(self.value) < 1 else 2
        return f"{self.name:<34} {self.size:<34} {self.value:>12,.{digits}f} {self.unit}{target}"

    def as_dict(self) -> dict:
        return asdict(self)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# -- order to cash ---------------------------------------------------------------------------


def order_to_cash_cycle(system: BenchSystem, n: int, data: Generated) -> None:
    """Order with 5 lines; delivery note with its stock postings; the invoice, posted with its
    number and open item. Three transactions, as a clerk's three clicks."""
    from kontor.core.documents.conversion import convert
    from kontor.core.documents.posting import post_document
    from kontor.core.documents.schemas import DocumentCreate, LineInput
    from kontor.core.documents.services import create_document

    customer = data.customer_ids[n % len(data.customer_ids)]
    materials = data.material_ids
    articles = [materials[(n * 5 + k) % len(materials)] for k in range(5)]
    with system.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=customer, doc_date=KEY_DATE,
            lines=[LineInput(article_id=a, quantity=Decimal(3)) for a in articles]))
        order_id = order.id
    with system.write() as (session, ctx):
        note_id = convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=KEY_DATE).id
    with system.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[note_id], doc_date=KEY_DATE)
        post_document(session, ctx, invoice.id)


def order_to_cash(system: BenchSystem, data: Generated, cycles: int, tick: Callable[[int], None]) -> list[Figure]:
    from kontor.bench import raw_order_to_cash

    order_to_cash_cycle(system, 0, data)  # warm caches and code paths
    start = time.perf_counter()
    for n in range(1, cycles + 1):
        order_to_cash_cycle(system, n, data)
        tick(1)
    rate = cycles / (time.perf_counter() - start)
    figures = [Figure("order_to_cash", f"{cycles} cycles x 5 lines", rate, "cycles/s", ">= 1000")]
    if system.backend == "sqlite":
        raw = raw_order_to_cash.measure(max(cycles, 500), system.folder)
        figures.append(Figure("order_to_cash_raw_sqlite_floor", f"{max(cycles, 500)} cycles x 5 lines", raw, "cycles/s"))
        figures.append(Figure("order_to_cash_ratio_to_floor", "kontor / raw sqlite3", rate / raw, "ratio"))
    return figures


# -- batch runs ------------------------------------------------------------------------------


def _context_for(system: BenchSystem):
    return lambda session: system.kontor.system_context(session, system.tenant_code)


def invoicing_run(system: BenchSystem, notes: int, tick: Callable[[int], None], workers: int = 0) -> list[Figure]:
    """The invoicing run as a job (kontor.jobs): in this process (`workers` 0, SQLite), or by
    that many `kontor worker` processes taking its chunks from the queue (PostgreSQL)."""
    from kontor.jobs.service import submit_run

    params = {"doc_date": KEY_DATE.isoformat(), "cut_off": KEY_DATE.isoformat(), "post": True}
    start = time.perf_counter()
    if workers:
        run_id = submit_run(system.kontor, system.tenant_code, "", "invoicing", params, chunk_size=1000, inline=False)
        memory = _run_workers(system, workers)
    else:
        run_id = submit_run(system.kontor, system.tenant_code, "", "invoicing", params, chunk_size=1000, inline=True)
        memory = peak_rss_mb()
    elapsed = time.perf_counter() - start
    status = _run_status(system, run_id)
    tick(notes)
    if status["created"] != notes or status["state"] != "done":
        raise RuntimeError(f"invoicing run made {status['created']} invoices for {notes} delivery notes: "
                           f"{status['state']}, {status['failures'][:3]}")
    suffix = f"_w{workers}" if workers > 1 else ""
    where = f"{workers} worker process{'es' if workers > 1 else ''}" if workers else "in-process"
    return [Figure(f"invoicing_run{suffix}", f"{notes} delivery notes, {where}", elapsed, "s", "< 60 s at 100,000"),
            Figure(f"invoicing_run_rate{suffix}", f"{notes} delivery notes, {where}", notes / elapsed, "invoices/s"),
            Figure(f"invoicing_run_peak_memory{suffix}", f"{notes} delivery notes, {where}", memory, "MB",
                   "< 500 MB")]


def _run_status(system: BenchSystem, run_id: int) -> dict:
    from kontor.jobs.service import run_status

    with system.read() as (session, ctx):
        return run_status(session, ctx, run_id)


def _run_workers(system: BenchSystem, count: int) -> float:
    """Start `count` worker processes that stop once the queue is empty; the peak resident
    size of the largest of them (MB)."""
    import os
    import shutil
    import subprocess
    import sys

    env = {**os.environ, "KONTOR_DATABASE_URL": system.url, "KONTOR_DATA_DIR": str(system.folder)}
    command = shutil.which("kontor", path=os.path.dirname(sys.executable)) or "kontor"
    processes = [subprocess.Popen([command, "worker", "--until-empty", "--heartbeat", "2"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(count)]
    for process in processes:
        _out, err = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise RuntimeError(f"a worker failed: {err.decode()[-2000:]}")
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def startup(repeat: int = 5) -> list[Figure]:
    """`kontor --help` from a fresh interpreter, the median of a few runs."""
    import os
    import shutil
    import subprocess
    import sys

    command = shutil.which("kontor", path=os.path.dirname(sys.executable)) or "kontor"
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([command, "--help"], check=True, stdout=subprocess.DEVNULL)
        samples.append((time.perf_counter() - start) * 1000)
    return [Figure("cli_help_startup", f"median of {repeat}", statistics.median(samples), "ms")]


def delivery_run(system: BenchSystem, orders: int, tick: Callable[[int], None]) -> list[Figure]:
    from kontor.core.documents.batch import DeliverySelection, run_delivery_notes

    seen = [0]

    def progress(done, _total, _result):
        tick(done - seen[0])
        seen[0] = done

    start = time.perf_counter()
    result = run_delivery_notes(system.kontor.db, _context_for(system), DeliverySelection(doc_date=KEY_DATE),
                                chunk_size=1000, progress=progress)
    elapsed = time.perf_counter() - start
    if len(result.created) != orders:
        raise RuntimeError(f"delivery run made {len(result.created)} notes for {orders} orders: {result.failed[:3]}")
    return [Figure("delivery_run", f"{orders} open orders", elapsed, "s", "< 30 s at 20,000"),
            Figure("delivery_run_rate", f"{orders} open orders", orders / elapsed, "notes/s")]


# -- stock -----------------------------------------------------------------------------------


def availability(system: BenchSystem, data: Generated, moves: int, calls: int,
                 tick: Callable[[int], None]) -> list[Figure]:
    query = availability_service()
    article = data.material_ids[len(data.material_ids) // 2]
    customer = data.customer_ids[0]
    samples = []
    with system.read() as (session, ctx):
        query(session, ctx, article, customer)  # warm
        for _ in range(calls):
            start = time.perf_counter()
            query(session, ctx, article, customer)
            samples.append((time.perf_counter() - start) * 1000)
            tick(1)
    size = f"1 article, {moves:,} moves in ledger"
    return [Figure("availability_p50", size, statistics.median(samples), "ms", "< 1 ms"),
            Figure("availability_p99", size, percentile(samples, 99), "ms", "< 5 ms")]


def availability_service():
    """The availability query of the stock area (the Alt+Q screen): stock per warehouse,
    reservations, on order, prices for the customer."""
    from kontor.core.stock.availability import availability as query

    return lambda session, ctx, article_id, customer_id: query(session, ctx, article_id, customer_id=customer_id)


def valuation_list(system: BenchSystem, articles: int, moves: int) -> list[Figure]:
    """The whole stock and valuation list on the key date, streamed (quantity, purchase,
    devalued and sales value per article)."""
    from kontor.core.stock.valuation import iter_valuation

    start = time.perf_counter()
    with system.read() as (session, ctx):
        rows_seen = sum(1 for _row in iter_valuation(session, ctx, KEY_DATE))
    elapsed = time.perf_counter() - start
    return [Figure("stock_valuation_list", f"{articles:,} articles, {moves:,} moves", elapsed, "s", "< 5 s"),
            Figure("stock_valuation_rows", f"{articles:,} articles", rows_seen, "rows")]


# -- open items ------------------------------------------------------------------------------


def ageing_list(system: BenchSystem, customers: int, items: int) -> list[Figure]:
    query = ageing_service()
    start = time.perf_counter()
    with system.read() as (session, ctx):
        query(session, ctx, KEY_DATE)
    elapsed = time.perf_counter() - start
    return [Figure("open_item_ageing", f"{customers:,} customers, {items:,} items", elapsed, "s", "< 2 s")]


def ageing_service():
    from kontor.core.finance.ageing import ageing

    return lambda session, ctx, key_date: ageing(session, ctx, key_date)
