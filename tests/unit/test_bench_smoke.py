"""`kontor bench` at a tiny size: every figure is produced, on the database the suite runs on,
and the generated data stays consistent (levels equal the ledger, documents check out).
Speed itself is never asserted here: the benchmark measures it."""

import json

from click.testing import CliRunner

from kontor.bench.runner import QUICK, run, sizes_with
from kontor.cli import main

TINY = sizes_with(QUICK, ["cycles=3", "invoicing_notes=6", "delivery_orders=4", "ledger_moves=400",
                          "stock_articles=30", "availability_calls=20", "ageing_customers=12", "ageing_items=60",
                          "flow_customers=8", "flow_articles=30"])


def test_every_figure_of_the_benchmark_is_measured(kontor_system):
    url = None if kontor_system.db.dialect == "sqlite" else kontor_system.settings.database_url.split("?")[0]
    lines = []
    report = run(url, TINY, ["flow", "runs", "stock", "open_items"], echo=lines.append, show_progress=False)
    names = {figure.name for figure in report.figures}
    expected = {"order_to_cash", "invoicing_run", "invoicing_run_peak_memory", "delivery_run", "availability_p50",
                "availability_p99", "stock_valuation_list", "open_item_ageing"}
    if report.backend == "sqlite":
        expected |= {"order_to_cash_raw_sqlite_floor", "order_to_cash_ratio_to_floor"}
    assert expected <= names
    assert all(figure.value > 0 for figure in report.figures if figure.name in expected)
    assert len(lines) == len(report.figures)


def test_the_command_prints_one_line_per_figure_and_writes_json(tmp_path, kontor_system):
    if kontor_system.db.dialect != "sqlite":
        return  # the command itself is the same on both; its PostgreSQL run is the test above
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench", "--quick", "--only", "flow", "--size", "cycles=2", "--size",
                                       "flow_customers=5", "--size", "flow_articles=20", "--no-progress",
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())["figures"]
    assert [f["name"] for f in figures][:1] == ["order_to_cash"]
    assert "order_to_cash" in result.output and "cycles/s" in result.output


def test_unknown_sizes_are_refused_by_name():
    result = CliRunner().invoke(main, ["bench", "--size", "speed=11"])
    assert result.exit_code != 0 and "unknown size 'speed'" in result.output
