"""The batch runs from the command line (`kontor runs ...`) and over HTTP (/api/runs/...)."""

from datetime import date
from decimal import Decimal

import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.testing import TestClient
from sqlmodel import select

from kontor.cli import State, main
from kontor.core.documents.models import Document
from kontor.core.masterdata.parties.models import Customer
from kontor.core.tenancy.services import tenant_by_code
from kontor.db.engine import Database
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.testing import ApiClient, Company, settings_for_tests
from kontor.web.api import batch as batch_api
from kontor.web.problems import EXCEPTION_HANDLERS
from tests.scenarios.test_batch_runs import make_shop, order

D = Decimal


@pytest.fixture
def shop(company):
    return make_shop(company)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """`kontor ...` against a fresh SQLite database with tenant "main" and the shop in it."""
    monkeypatch.delenv("CI", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    system = Kontor(settings=settings_for_tests(tmp_path, url), db=Database(url), host=build_plugin_host())

    def invoke(*args: str, code: int = 0):
        result = CliRunner().invoke(main, list(args), obj=State(kontor=system), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    invoke("init", "--admin-password", "anfang-123")
    with system.db.read() as session:
        company = Company(system, tenant_by_code(session, "main").id, "main")
    yield invoke, company, make_shop(company)
    system.db.dispose()


def test_kontor_runs_deliver_then_invoice_prints_a_summary_line(cli):
    run, company, shop = cli
    order(company, shop["bau"], (shop["pump"], "4"), (shop["hours"], "2"))
    order(company, shop["sammel"], (shop["pump"], "8"))

    delivered = run("--tenant", "main", "runs", "deliver", "--date", "2026-03-10")
    assert delivered.output.splitlines() == [
        "backorder: order AB000002 position 1 P-1: 2 open",
        "delivery notes: 2 created, 0 skipped, 0 failed, 1 backorders",
    ]
    # 6 pumps left for the collective customer: 720.00 net, 136.80 VAT
    invoiced = run("runs", "invoice", "--post", "--cut-off", "2026-04-01", "--date", "2026-04-01")
    assert invoiced.output.strip() == "invoicing: 2 created, 0 skipped, 0 failed, 0 backorders"
    with company.read() as (session, ctx):
        invoices = session.exec(select(Document).where(Document.kind == "invoice").order_by(Document.id)).all()
        assert [(i.number, i.gross_total, i.variant) for i in invoices] == [
            ("RE000001", D("710.43"), "batch"), ("RE000002", D("856.80"), "collective")]
    assert run("runs", "invoice", "--post").output.strip() == "invoicing: 0 created, 0 skipped, 0 failed, 0 backorders"


def test_kontor_runs_select_by_customer_number_category_code_and_dates(cli):
    run, company, shop = cli
    order(company, shop["bau"], (shop["hours"], "1"), on=date(2026, 3, 2))
    order(company, shop["sammel"], (shop["hours"], "1"), on=date(2026, 3, 2))
    order(company, shop["woche"], (shop["hours"], "1"), on=date(2026, 3, 9))

    assert "1 created" in run("runs", "deliver", "--customer", "10001").output
    assert "1 created" in run("runs", "deliver", "--category", "GH", "--until", "2026-03-05").output
    assert "0 created" in run("runs", "deliver", "--since", "2026-03-10").output
    assert "1 created" in run("runs", "deliver").output
    assert "no customer with number '99999'" in run("runs", "deliver", "--customer", "99999", code=1).output
    assert "no category with code 'XX'" in run("runs", "invoice", "--category", "XX", code=1).output
    assert "the date range ends before it begins" in run(
        "runs", "invoice", "--since", "2026-03-10", "--until", "2026-03-01", code=1).output


def test_kontor_runs_reports_failures_and_ends_with_exit_code_one(cli):
    run, company, shop = cli
    order(company, shop["haus"], (shop["hours"], "1"))
    order(company, shop["bau"], (shop["hours"], "1"))
    with company.write() as (session, ctx):
        customer = session.get(Customer, shop["haus"])
        customer.blocked = True
        session.add(customer)

    result = run("runs", "deliver", code=1)
    assert "failed: order AB000001: customer 10002 (HAUS) is blocked; no new delivery note" in result.output
    assert "delivery notes: 1 created, 0 skipped, 1 failed, 0 backorders" in result.output


def test_the_progress_bar_shows_only_at_a_terminal_and_never_under_ci(monkeypatch):
    from kontor.cli import runs as cli_module

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert not cli_module.show_progress()  # pytest's stderr is no terminal
    monkeypatch.setattr("sys.stderr", Terminal())
    assert cli_module.show_progress()
    monkeypatch.setenv("CI", "true")
    assert not cli_module.show_progress()


def test_with_a_progress_bar_the_summary_line_still_comes_last(cli, monkeypatch):
    run, company, shop = cli
    for _ in range(3):
        order(company, shop["bau"], (shop["hours"], "1"))
    monkeypatch.setattr("kontor.cli.runs.show_progress", lambda: True)
    output = run("runs", "deliver").output
    assert "3/3" in output and "100%" in output
    assert output.strip().splitlines()[-1] == "delivery notes: 3 created, 0 skipped, 0 failed, 0 backorders"


# -- HTTP -----------------------------------------------------------------------------------------


@pytest.fixture
def runs_api(kontor_system):
    """A small app with just the run handlers (the lead wires them into the full app)."""
    app = Litestar(route_handlers=batch_api.HANDLERS, exception_handlers=EXCEPTION_HANDLERS)
    app.state.kontor = kontor_system
    with TestClient(app) as client:
        yield client


def as_user(client, company, role: str | None) -> ApiClient:
    return ApiClient(client, company.token(company.add_user(role)), company.code)


def test_the_runs_over_http_answer_with_the_run_result(runs_api, company, shop):
    first = order(company, shop["bau"], (shop["pump"], "12"))
    api = as_user(runs_api, company, "clerk")

    delivered = api.post("/api/runs/delivery-notes", json={"doc_date": "2026-03-10"})
    assert delivered.status_code == 200, delivered.text
    body = delivered.json()
    assert body["counts"] == {"created": 1, "skipped": 0, "failed": 0, "backorders": 1}
    assert body["created"][0]["source_ids"] == [first] and body["created"][0]["batch_key"] == f"dn-run:{first}:1"
    assert body["backorders"][0]["lines"][0]["backorder"] == "2.0000"

    invoiced = api.post("/api/runs/invoicing", json={"post": True, "cut_off": "2026-04-01", "doc_date": "2026-04-01"})
    assert invoiced.status_code == 200, invoiced.text
    # 10 x 120.00 = 1200.00 net, 228.00 VAT
    assert [(c["number"], c["state"], c["gross_total"]) for c in invoiced.json()["created"]] == [
        ("RE000001", "posted", "1428.0000")]


def test_the_runs_over_http_refuse_missing_permissions_and_bad_selections(runs_api, company, shop):
    order(company, shop["bau"], (shop["hours"], "1"))
    viewer = as_user(runs_api, company, "viewer")

    refused = viewer.post("/api/runs/delivery-notes", json={})
    assert refused.status_code == 403 and "lacks write permission on 'sales'" in refused.json()["detail"]
    clerk = as_user(runs_api, company, "clerk")
    unknown = clerk.post("/api/runs/invoicing", json={"customer_id": 999999})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "customer_id"
    extra = clerk.post("/api/runs/invoicing", json={"posted": True})
    assert extra.status_code in (400, 422)
    with company.read() as (session, ctx):
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind == "delivery_note")).all() == []
