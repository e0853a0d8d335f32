"""The invoicing run's chunks are made set-based where they can be, and what comes out is what
the services make one by one: the same invoices with the same lines, numbers, totals, open
items with their cash-discount dates, note states and audit entries. Two companies with the
same day of deliveries run the same job, one set-based, one through the services."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.consistency import check_documents
from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.schemas import ChargeInput, DocumentCreate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.basics.models import PaymentTerm
from kontor.core.masterdata.parties.models import Customer
from kontor.jobs.service import run_status, submit_run
from tests.scenarios.test_batch_runs import make_shop, order

D = Decimal
RUN = {"doc_date": "2026-03-31", "cut_off": "2026-04-01", "post": True}


def a_day_of_deliveries(company) -> None:
    """Single-invoice customers with two VAT rates and an end discount, a note partly invoiced
    by hand already, one with freight (a direct cost), a blocked customer, and a collective one."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        term = PaymentTerm(tenant_id=ctx.tenant_id, code="SK3", name="10 Tage 3 %, 30 netto", net_days=30,
                           discount1_days=10, discount1_percent=D("3"))
        session.add(term)
        session.flush()
        for key in ("bau", "haus"):
            session.get(Customer, shop[key]).payment_term_id = term.id
    for n in range(6):
        customer = ("bau", "haus", "sammel")[n % 3]
        with company.write() as (session, ctx):
            note = create_document(session, ctx, DocumentCreate(
                kind="delivery_note", customer_id=shop[customer], doc_date=date(2026, 3, 2 + n),
                end_discount_percent=D("2.5") if n == 3 else D(0),
                lines=[LineInput(article_id=shop["pump"], quantity=D(1)),
                       LineInput(article_id=shop["book"], quantity=D("0.5")),
                       LineInput(article_id=shop["sand"], quantity=D("12.5"))]))
            if n == 4:
                first = lines_of(session, note.id)[1]
                convert(session, ctx, "invoice", [Take(source_line_id=first.id, quantity=D("0.25"))])
    with company.write() as (session, ctx):
        create_document(session, ctx, DocumentCreate(
            kind="delivery_note", customer_id=shop["bau"], doc_date=date(2026, 3, 9),
            lines=[LineInput(article_id=shop["hours"], quantity=D("2"))],
            charges=[ChargeInput(kind="freight", text="Fracht", amount=D("12.50"), tax_code_id=None)]))
    order_id = order(company, shop["bau"], (shop["pump"], "1"))
    with company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", source_document_ids=[order_id], doc_date=date(2026, 3, 10))


def outcome(company) -> dict:
    with company.read() as (session, ctx):
        invoices = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id, Document.kind == "invoice",
                                                       Document.posted_at.is_not(None)).order_by(Document.number)).all()
        shape = []
        for invoice in invoices:
            lines = [(l.position, l.article_number, l.quantity, l.unit_price, l.net_amount, l.tax_rate)
                     for l in lines_of(session, invoice.id)]
            item = session.exec(select(OpenItem).where(OpenItem.document_id == invoice.id)).one()
            actions = Counter(session.exec(select(AuditEntry.action).where(
                AuditEntry.tenant_id == ctx.tenant_id, AuditEntry.subject == "documents",
                AuditEntry.record_id == invoice.id)).all())
            shape.append({
                "state": invoice.state, "locked": invoice.locked, "date": invoice.doc_date,
                "totals": (invoice.lines_net, invoice.end_discount_amount, invoice.charges_net, invoice.net_total,
                           invoice.tax_total, invoice.gross_total),
                "header": (invoice.bill_name1, invoice.payment_term_id is not None, invoice.end_discount_percent,
                           invoice.variant, invoice.batch_key.rsplit(":", 1)[0].split(":")[2]),
                "lines": lines, "item": (item.amount, item.open_amount, item.due_date, item.cash_discount_base,
                                         item.cash_discount1_date, item.cash_discount1_percent, item.state),
                "audit": dict(actions)})
        notes = sorted((n.doc_date, n.state, n.locked) for n in session.exec(select(Document).where(
            Document.tenant_id == ctx.tenant_id, Document.kind == "delivery_note")).all())
        problems = check_documents(session, ctx.tenant_id)  # nothing billed twice, numbers gapless, items
    return {"invoices": shape, "notes": notes, "problems": problems,
            "numbers": [invoice.number for invoice in invoices]}


def test_set_based_chunks_make_what_the_services_make(company, other_company, monkeypatch):
    a_day_of_deliveries(company)
    a_day_of_deliveries(other_company)
    calls = []
    from kontor.core.documents import batch_bulk

    original = batch_bulk._write
    monkeypatch.setattr(batch_bulk, "_write", lambda *a, **k: calls.append(len(a[2])) or original(*a, **k))
    bulk = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=50, inline=True)
    monkeypatch.setattr(batch_bulk, "bulk_allowed", lambda ctx: False)
    services = submit_run(other_company.kontor, other_company.code, "", "invoicing", RUN, chunk_size=50, inline=True)

    assert calls and calls[0] >= 4  # most notes went the set-based way
    with company.read() as (session, ctx):
        made_bulk = run_status(session, ctx, bulk)
    with other_company.read() as (session, ctx):
        made_services = run_status(session, ctx, services)
    assert made_bulk["failed"] == made_services["failed"] == 0
    assert made_bulk["created"] == made_services["created"]
    assert outcome(company)["problems"] == []
    bulk_shape, services_shape = outcome(company), outcome(other_company)
    assert sorted(bulk_shape["invoices"], key=lambda i: (i["date"], i["totals"])) == sorted(
        services_shape["invoices"], key=lambda i: (i["date"], i["totals"]))
    assert bulk_shape["numbers"] == [f"RE{n:06d}" for n in range(1, 1 + len(bulk_shape["invoices"]))]
    assert bulk_shape["notes"] == services_shape["notes"]


def test_a_blocked_customers_note_fails_alone_with_the_services_message(company):
    a_day_of_deliveries(company)
    with company.write() as (session, ctx):
        haus = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                   Customer.short_name == "HAUS")).one()
        haus.blocked = True
    run_id = submit_run(company.kontor, company.code, "", "invoicing", RUN, chunk_size=50, inline=True)
    with company.read() as (session, ctx):
        done = run_status(session, ctx, run_id)
    assert done["failed"] == 2 and all("is blocked" in f["message"] for f in done["failures"])
    assert outcome(company)["problems"] == []


@pytest.fixture
def other_company(kontor_system):
    from kontor.testing import new_company

    made = new_company(kontor_system, "Andere AG")
    yield made
    from kontor.core.finance.exposure_check import verify_exposure

    with kontor_system.db.read() as session:
        assert verify_exposure(session, made.tenant_id) == []
