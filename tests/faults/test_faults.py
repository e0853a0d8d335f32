"""Faults that must never leave the database inconsistent: a process killed in the middle of
a batch run, a connection dropped in the middle of a request, a full disk under SQLite.
After each, the stock levels equal the ledger, the documents pass the consistency check,
and the interrupted work can simply be run again: every delivery note ends up invoiced
exactly once.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.exc import DBAPIError

from kontor.core.documents.batch import InvoicingSelection, run_invoicing
from kontor.core.documents.consistency import check_documents
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.services import book_opening_stock
from kontor.db.engine import normalize_url
from kontor.db.migrate import upgrade
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.testing import new_company, settings_for_tests

D = Decimal
CUT_OFF = date(2026, 5, 31)


def _delivery_notes(company, count: int) -> None:
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="40001", short_name="SHK", name1="SHK Meier GmbH")
        valve = Article(tenant_id=ctx.tenant_id, number="V-20", description="Kugelhahn DN20", article_type="M",
                        sales_price_1=D("18.40"))
        session.add_all([customer, valve])
        session.flush()
        book_opening_stock(session, ctx, valve.id, D(1000), date(2026, 1, 2))
        for _ in range(count):
            create_document(session, ctx, DocumentCreate(
                kind="delivery_note", customer_id=customer.id, doc_date=date(2026, 5, 4),
                lines=[LineInput(article_id=valve.id, quantity=D(2))]))


def _consistent(company) -> None:
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == []
        assert check_documents(session, ctx.tenant_id) == []


def _invoices(company) -> int:
    with company.read() as (session, ctx):
        return session.execute(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "invoice", Document.posted_at.is_not(None))).scalar()


def _run_invoicing(company):
    return run_invoicing(company.kontor.db, company.context, InvoicingSelection(
        doc_date=CUT_OFF, cut_off=CUT_OFF, post=True), chunk_size=5)


CHILD = textwrap.dedent("""
    import sys
    from datetime import date
    from pathlib import Path
    from kontor.core.documents.batch import InvoicingSelection, run_invoicing
    from kontor.plugins import build_plugin_host
    from kontor.runtime import Kontor
    from kontor.settings import load_settings

    url, folder, tenant = sys.argv[1:4]
    kontor = Kontor.build(load_settings(environ={}, data_dir=Path(folder), database_url=url), host=build_plugin_host())
    def progress(done, total, result):
        print(len(result.created), flush=True)
    run_invoicing(kontor.db, lambda session: kontor.system_context(session, tenant),
                  InvoicingSelection(doc_date=date(2026, 5, 31), cut_off=date(2026, 5, 31), post=True),
                  chunk_size=5, progress=progress)
    print("finished", flush=True)
""")


def test_an_invoicing_run_killed_halfway_leaves_consistent_data_and_runs_on(company, tmp_path):
    _delivery_notes(company, 40)
    child = subprocess.Popen([sys.executable, "-c", CHILD, company.kontor.db.engine.url.render_as_string(
        hide_password=False), str(tmp_path), company.code], stdout=subprocess.PIPE, text=True)
    try:
        for line in child.stdout:
            if line.strip().isdigit() and int(line) >= 5:
                child.send_signal(signal.SIGKILL)  # no clean-up, no rollback by the process: the database decides
                break
            assert line.strip() != "finished", "the run ended before it could be killed"
    finally:
        child.kill()
        child.wait(30)
    made_before = _invoices(company)
    assert 5 <= made_before < 40
    _consistent(company)

    result = _run_invoicing(company)

    assert len(result.created) == 40 - made_before and result.failures == []
    assert _invoices(company) == 40
    _consistent(company)


def test_a_connection_dropped_in_the_middle_of_a_unit_writes_nothing(company):
    """The database server ends the connection while the clerk's posting is half done
    (an administrator terminates it; a network failure looks the same)."""
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("a SQLite file has no server connection to drop")
    _delivery_notes(company, 1)
    with company.read() as (session, ctx):
        note_id = session.execute(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                            Document.kind == "delivery_note")).scalar_one()
    admin = create_engine(normalize_url(company.kontor.db.engine.url.render_as_string(hide_password=False)))
    try:
        with pytest.raises(DBAPIError):
            with company.write() as (session, ctx):
                from kontor.core.documents.conversion import convert

                invoice = convert(session, ctx, "invoice", source_document_ids=[note_id], doc_date=CUT_OFF)
                pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                post_document(session, ctx, invoice.id)
    finally:
        admin.dispose()

    assert _invoices(company) == 0
    with company.read() as (session, ctx):
        assert session.execute(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "invoice")).scalar() == 0
    _consistent(company)
    assert len(_run_invoicing(company).created) == 1  # the next unit gets a fresh connection
    _consistent(company)


def test_a_dropped_connection_during_an_api_request_answers_an_error_and_writes_nothing(api, company):
    if company.kontor.db.dialect != "postgresql":
        pytest.skip("a SQLite file has no server connection to drop")
    _delivery_notes(company, 1)
    company.enable("test_faults")
    with company.read() as (session, ctx):
        customer_id = session.execute(select(Customer.id).where(Customer.tenant_id == ctx.tenant_id)).scalar_one()
    order = {"kind": "order", "customer_id": customer_id, "doc_date": "2026-05-31",
             "lines": [{"description": "Montage", "article_type": "L", "quantity": "2", "unit_price": "55.00"}]}

    answer = api.post("/api/documents", json={**order, "customer_order_number": "DROP-CONNECTION"})

    assert answer.status_code in (500, 503)
    assert "nothing was saved" in answer.json()["detail"]
    with company.read() as (session, ctx):
        assert session.execute(select(func.count()).select_from(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "order")).scalar() == 0
    _consistent(company)
    again = api.post("/api/documents", json=order)
    assert again.status_code == 201, again.text


# -- a full disk -----------------------------------------------------------------------------


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("how", ["tmpfs", "page_limit"])
def test_a_full_disk_stops_the_run_without_damage_and_it_goes_on_once_there_is_room(tmp_path, extra_plugins, how):
    """SQLite on a disk that fills up in the middle of an invoicing run: a real small tmpfs
    (when the machine lets the test mount one) or SQLite's own page limit standing in for it."""
    folder = tmp_path / "disk"
    mounted = how == "tmpfs" and _mount_tmpfs(folder, "24m")
    if how == "tmpfs" and not mounted:
        pytest.skip("mounting a small tmpfs needs root; the page_limit case covers the full disk")
    folder.mkdir(exist_ok=True)
    try:
        host = build_plugin_host(extra=extra_plugins)
        system = Kontor.build(settings_for_tests(folder, f"sqlite:///{folder / 'full.db'}"), host=host)
        upgrade(system.db, host)
        company = new_company(system)
        _delivery_notes(company, 40)
        filler = folder / "filler"
        limit = {}
        if mounted:
            free = shutil.disk_usage(folder).free
            with open(filler, "wb") as out:  # leave room for a few invoices only
                out.write(b"\0" * max(0, free - 96 * 1024))
        else:
            with system.db.engine.connect() as connection:
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
            limit["pages"] = pages + 12

            @event.listens_for(system.db.engine, "connect")
            def _limit(dbapi_connection, _record):
                if "pages" in limit:
                    dbapi_connection.execute(f"PRAGMA max_page_count = {limit['pages']}")
            system.db.engine.dispose()

        with pytest.raises(DBAPIError, match="full"):
            _run_invoicing(company)

        made_before = _invoices(company)
        assert made_before < 40
        _consistent(company)

        if mounted:
            filler.unlink()
        else:
            limit.clear()
            system.db.engine.dispose()
        result = _run_invoicing(company)
        assert len(result.created) == 40 - made_before
        assert _invoices(company) == 40
        _consistent(company)
        system.db.dispose()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
