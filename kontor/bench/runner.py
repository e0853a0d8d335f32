"""Running the benchmark: sizes, the order of the figures, progress, the report.

Each group of figures gets a fresh database with a company generated at its size, so the
figures do not disturb each other: the flow (order to cash, HTTP), the batch runs, stock
(availability, valuation) and open items (ageing). `--quick` runs small sizes for CI smoke
tests; the default runs the sizes of the targets.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from kontor.bench import figures as f
from kontor.bench.company import bench_system
from kontor.bench.dataset import Scale, generate_company, generate_ledger
from kontor.bench.history import generate_documents, generate_open_items

GROUPS = ("startup", "flow", "http", "runs", "stock", "open_items", "printing")


@dataclass(frozen=True)
class Sizes:
    cycles: int = 2000
    invoicing_notes: int = 100_000
    invoicing_workers: str = "1,2,4"  # worker processes on PostgreSQL, one figure each
    web_processes: str = "1,4"  # web processes of the HTTP figures on PostgreSQL (SQLite: 1)
    delivery_orders: int = 20_000
    ledger_moves: int = 1_000_000
    stock_articles: int = 50_000
    availability_calls: int = 2000
    ageing_customers: int = 10_000
    ageing_items: int = 200_000
    http_seconds: float = 10.0
    flow_customers: int = 1000
    flow_articles: int = 2000
    print_invoices: int = 1000


QUICK = Sizes(print_invoices=20, cycles=40, invoicing_notes=200, invoicing_workers="1", web_processes="1",
              delivery_orders=100, ledger_moves=20_000, stock_articles=1000,
              availability_calls=300, ageing_customers=200, ageing_items=4000, http_seconds=1.0, flow_customers=50,
              flow_articles=200)


@dataclass
class Report:
    backend: str
    sizes: Sizes
    figures: list[f.Figure] = field(default_factory=list)
    started: str = field(default_factory=lambda: time.strftime("%Y-%m-%d %H:%M:%S"))

    def add(self, new: Iterable[f.Figure], echo) -> None:
        for figure in new:
            figure.backend = self.backend
            self.figures.append(figure)
            echo(figure.line())

    def as_dict(self) -> dict:
        return {"backend": self.backend, "started": self.started, "sizes": self.sizes.__dict__,
                "machine": machine(), "figures": [figure.as_dict() for figure in self.figures]}


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


class Bar:
    """A tqdm progress bar per step, on stderr, silent when not wanted."""

    def __init__(self, show: bool):
        self.show = show

    def __call__(self, label: str, total: int | None):
        return tqdm(total=total, desc=f"{label:<28}", unit="", leave=False, disable=not self.show, mininterval=0.5)


def run(url: str | None, sizes: Sizes, groups: Iterable[str], echo=print, show_progress: bool = True) -> Report:
    groups = list(groups)
    bar = Bar(show_progress)
    report = Report("postgresql" if url and url.startswith("postgres") else "sqlite", sizes)

    if "startup" in groups:
        report.add(f.startup(), echo)

    if "flow" in groups or "http" in groups:
        with bench_system(url) as system:
            with bar("generate company", sizes.flow_customers + sizes.flow_articles * 2) as progress:
                with system.write() as (session, ctx):
                    data = generate_company(session, ctx.tenant_id, Scale(sizes.flow_customers, sizes.flow_articles),
                                            progress.update)
            if "flow" in groups:
                with bar("order to cash", sizes.cycles) as progress:
                    report.add(f.order_to_cash(system, data, sizes.cycles, progress.update), echo)
            if "http" in groups:
                from kontor.bench.http_load import http_figures

                processes = _counts(sizes.web_processes) if system.backend == "postgresql" else [1]
                for count in processes:
                    with bar(f"http load, {count} process(es)", 4) as progress:
                        report.add(http_figures(system, data, sizes.http_seconds, tick=progress.update,
                                                processes=count), echo)

    if "runs" in groups:
        with bench_system(url) as system:
            with bar("generate company", None) as progress:
                with system.write() as (session, ctx):
                    data = generate_company(session, ctx.tenant_id, Scale(sizes.flow_customers, sizes.flow_articles),
                                            progress.update)
            workers = _counts(sizes.invoicing_workers) if system.backend == "postgresql" else [0]
            for count in workers:
                with bar("generate delivery notes", sizes.invoicing_notes) as progress:
                    with system.write() as (session, ctx):
                        generate_documents(session, ctx.tenant_id, data, "delivery_note", sizes.invoicing_notes,
                                           progress.update, prefix=f"BL{count}-")
                if system.backend == "postgresql":
                    _analyze(system)
                with bar(f"invoicing run ({count or 'in-process'})", sizes.invoicing_notes) as progress:
                    report.add(f.invoicing_run(system, sizes.invoicing_notes, progress.update, workers=count), echo)
            with bar("generate open orders", sizes.delivery_orders) as progress:
                with system.write() as (session, ctx):
                    generate_documents(session, ctx.tenant_id, data, "order", sizes.delivery_orders, progress.update,
                                       prefix="BA")
            with bar("delivery run", sizes.delivery_orders) as progress:
                report.add(f.delivery_run(system, sizes.delivery_orders, progress.update), echo)

    if "stock" in groups:
        with bench_system(url) as system:
            with bar("generate articles", None) as progress:
                with system.write() as (session, ctx):
                    data = generate_company(session, ctx.tenant_id, Scale(sizes.flow_customers,
                                                                          sizes.stock_articles * 10 // 6),
                                            progress.update)
            with bar("generate ledger", sizes.ledger_moves) as progress:
                with system.write() as (session, ctx):
                    generate_ledger(session, ctx.tenant_id, data, sizes.ledger_moves, progress=progress.update)
            if system.backend == "postgresql":
                _analyze(system)
            with bar("availability query", sizes.availability_calls) as progress:
                report.add(f.availability(system, data, sizes.ledger_moves, sizes.availability_calls, progress.update),
                           echo)
            report.add(f.valuation_list(system, len(data.material_ids), sizes.ledger_moves), echo)
            if "http" in groups:
                from kontor.bench.http_load import availability_http

                report.add(availability_http(system, data, sizes.http_seconds), echo)

    if "open_items" in groups:
        with bench_system(url) as system:
            with bar("generate customers", None) as progress:
                with system.write() as (session, ctx):
                    data = generate_company(session, ctx.tenant_id, Scale(sizes.ageing_customers, 100), progress.update)
            with bar("generate open items", sizes.ageing_items) as progress:
                with system.write() as (session, ctx):
                    generate_open_items(session, ctx.tenant_id, data, sizes.ageing_items, f.KEY_DATE, progress.update)
            if system.backend == "postgresql":
                _analyze(system)
            report.add(f.ageing_list(system, sizes.ageing_customers, sizes.ageing_items), echo)

    if "printing" in groups:
        from kontor.bench.printing import printing_figures

        with bench_system(url) as system:
            with system.write() as (session, ctx):
                data = generate_company(session, ctx.tenant_id, Scale(50, 200))
            with bar("print invoices to PDF", sizes.print_invoices) as progress:
                report.add(printing_figures(system, data, sizes.print_invoices, progress.update), echo)
    return report


def _analyze(system) -> None:
    """PostgreSQL plans from fresh statistics after the bulk load, as autovacuum would soon."""
    from sqlalchemy import text

    with system.kontor.db.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def write_json(report: Report, path: Path) -> None:
    path.write_text(json.dumps(report.as_dict(), indent=2))


def sizes_with(base: Sizes, overrides: Iterable[str]) -> Sizes:
    values = {}
    for item in overrides:
        name, _, value = item.partition("=")
        if name not in Sizes.__dataclass_fields__:
            raise ValueError(f"unknown size '{name}'; known: {', '.join(Sizes.__dataclass_fields__)}")
        values[name] = type(getattr(base, name))(value)
    return replace(base, **values)
