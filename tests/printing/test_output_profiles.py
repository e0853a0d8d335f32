"""Output profiles (Druckerzuordnung) and the print log: invoices go to the accounts folder
and to the printer in the office, two copies; one clerk has her own printer; every output is
logged with who, where, how many, which template and which version. From the command line
a clerk prints a document to PDF, exports an e-invoice and looks into the outbox."""

import hashlib
import os
import stat
from pathlib import Path

from click.testing import CliRunner

from kontor.cli import State, main
from kontor.core.printing.outputs import ProfileInput, print_log, put_out, save_profile
from kontor.core.users.services import user_by_name
from tests.printing.print_shop import acting, pdf_text, shop, simple_invoice


def fake_lp(folder: Path) -> Path:
    """A stand-in for CUPS' `lp` that writes down how it was called."""
    script = folder / "lp"
    script.write_text('#!/bin/sh\necho "$@" >> "$(dirname "$0")/lp.calls"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder / "lp.calls"


def test_profiles_per_kind_and_user_decide_where_documents_go_and_every_output_is_logged(company, tmp_path,
                                                                                         monkeypatch):
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    calls = fake_lp(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    clerk = company.add_user("admin")
    with company.write() as (session, ctx):
        save_profile(session, ctx, ProfileInput(document_kind="", channel="folder", folder=str(tmp_path / "all")))
        save_profile(session, ctx, ProfileInput(document_kind="invoice", channel="folder",
                                                folder=str(tmp_path / "accounts")))
        save_profile(session, ctx, ProfileInput(document_kind="invoice", channel="printer", printer="office",
                                                copies=2))
        save_profile(session, ctx, ProfileInput(document_kind="invoice", user_id=user_by_name(session, clerk).id,
                                                channel="printer", printer="clerk-desk"))
    ctx = acting(company)
    done = put_out(company.kontor.db, ctx, invoice)
    assert [(o.channel, o.outcome, o.copies) for o in done] == [("printer", "done", 2), ("folder", "done", 1)]
    written = tmp_path / "accounts" / "invoice-RE000001.pdf"
    assert "Rechnung RE000001" in pdf_text(written.read_bytes())
    assert calls.read_text().split()[:4] == ["-d", "office", "-n", "2"]
    ctx = acting(company, clerk)
    [mine] = put_out(company.kontor.db, ctx, invoice, to="printer")
    assert mine.destination == "clerk-desk" and "-d clerk-desk -n 1" in calls.read_text()
    with company.read() as (session, ctx):
        log = print_log(session, ctx, invoice)
    assert [(row.channel, row.destination, row.copies, row.outcome) for row in log] == [
        ("printer", "office", 2, "done"), ("folder", str(written), 1, "done"), ("printer", "clerk-desk", 1, "done")]
    assert log[1].version == hashlib.sha256(written.read_bytes()).hexdigest()
    assert log[2].username == clerk and log[0].template == "document.html.j2" and log[0].record_state == "posted"


def test_a_printer_that_fails_is_logged_as_failed(company, tmp_path, monkeypatch):
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp anywhere
    ctx = acting(company)
    [output] = put_out(company.kontor.db, ctx, invoice, to="printer", printer="office")
    assert output.outcome == "failed" and "no 'lp' command" in output.error
    with company.read() as (session, ctx):
        assert print_log(session, ctx, invoice)[0].outcome == "failed"


def test_profiles_and_output_over_http(api, company, tmp_path):
    ids = shop(company)
    invoice = simple_invoice(company, ids)
    refused = api.post("/api/output-profiles", json={"channel": "printer"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "printer"
    assert api.post("/api/output-profiles", json={"document_kind": "bill"}).status_code == 422
    created = api.post("/api/output-profiles", json={"document_kind": "invoice", "channel": "folder",
                                                     "folder": str(tmp_path / "pdf")})
    assert created.status_code == 201
    assert [p["folder"] for p in api.get("/api/output-profiles").json()] == [str(tmp_path / "pdf")]
    answer = api.post(f"/api/documents/{invoice}/output", json={})
    assert answer.status_code == 200 and answer.json()[0]["outcome"] == "done"
    assert (tmp_path / "pdf" / "invoice-RE000001.pdf").is_file()
    log = api.get(f"/api/documents/{invoice}/print-log").json()
    assert log[0]["channel"] == "folder" and len(log[0]["version"]) == 64
    assert api.delete(f"/api/output-profiles/{created.json()['id']}").status_code == 204
    nowhere = api.post(f"/api/documents/{invoice}/output", json={})
    assert nowhere.status_code == 409


def test_the_command_line_prints_exports_and_shows_the_outbox(company, tmp_path):
    ids = shop(company)
    simple_invoice(company, ids)

    def kontor(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(main, ["--tenant", company.code, *args], obj=State(kontor=company.kontor),
                                    catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    out = kontor("print", "RE000001", "--to", "pdf", "--folder", str(tmp_path))
    assert "folder:" in out and "done" in out
    assert "Rechnung RE000001" in pdf_text((tmp_path / "invoice-RE000001.pdf").read_bytes())
    assert "no document numbered XX1" in kontor("print", "XX1", "--to", "pdf", code=1)
    target = tmp_path / "re.xml"
    kontor("einvoice", "export", "RE000001", "--syntax", "ubl", "-o", str(target))
    assert b"<cbc:ID>RE000001</cbc:ID>" in target.read_bytes()
    assert "mail is not set up" in kontor("print", "RE000001", "--to", "mail", code=1)
    assert kontor("mail", "outbox") == ""
