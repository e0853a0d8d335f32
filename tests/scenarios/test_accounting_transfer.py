"""Closing January: the bookkeeper transfers the month to the accountant. The DATEV files are
written and the transfer is recorded with their checksums; from then on the January invoices
are fixed. Pressing the button again is refused unless the repeat is meant; a correction of
a January invoice goes into February as a credit note."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput
from kontor.core.documents.services import create_document, update_document
from kontor.core.finance.datev import write_zip
from kontor.core.finance.transfer_models import AccountingTransfer
from kontor.core.finance.transfers import list_transfers, transfer_period
from kontor.errors import Conflict, Invalid, KontorError, PermissionDenied
from tests.scenarios.accounting_scenario import JANUARY, build_january, export_files

D = Decimal


def transfer(company, period=JANUARY, repeat=False, username=None):
    buffer = io.BytesIO()
    with company.write(username) as (session, ctx):
        row, _ = transfer_period(session, ctx, *period, lambda export: write_zip(export, buffer), repeat=repeat)
        result = (row.id, row.run, row.sales_documents, row.sales_gross, row.purchase_documents,
                  row.purchase_gross, dict(row.checksums))
    with zipfile.ZipFile(buffer) as archive:
        return result, {name: archive.read(name) for name in archive.namelist()}


def transfers_of(company) -> list[AccountingTransfer]:
    with company.read() as (session, ctx):
        return [(t.period_from, t.period_to, t.run) for t in list_transfers(session, ctx)]


def refusal(action) -> KontorError:
    with pytest.raises(KontorError) as caught:
        action()
    return caught.value


@pytest.fixture
def january(company):
    return build_january(company)


def test_transfer_writes_the_files_records_the_period_and_refuses_a_second_time(company, january):
    (transfer_id, run, sales, sales_gross, purchases, purchase_gross, checksums), files = transfer(company)
    assert run == 1
    assert (sales, sales_gross) == (4, D("2751.25") + D("2000.00") + D("64.20") - D("107.10"))
    assert (purchases, purchase_gross) == (1, D("1190.00"))
    assert checksums == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert len(checksums) == 4

    again = refusal(lambda: transfer(company))
    assert isinstance(again, Conflict)
    assert "2026-01-01 to 2026-01-31 was transferred to accounting on" in again.message
    assert "repeat" in again.message
    overlapping = refusal(lambda: transfer(company, (date(2026, 1, 15), date(2026, 2, 15))))
    assert isinstance(overlapping, Conflict)
    assert transfers_of(company) == [(date(2026, 1, 1), date(2026, 1, 31), 1)]  # nothing written by the refusals

    (repeat_id, repeat_run, *_), repeated = transfer(company, repeat=True)
    assert repeat_run == 2 and repeat_id != transfer_id
    assert set(repeated) == set(files)
    assert transfers_of(company) == [(date(2026, 1, 1), date(2026, 1, 31), 2), (date(2026, 1, 1), date(2026, 1, 31), 1)]
    with company.read() as (session, ctx):
        actions = session.exec(select(AuditEntry.action).where(
            AuditEntry.tenant_id == ctx.tenant_id, AuditEntry.subject == "accounting_transfers")
            .order_by(AuditEntry.id)).all()
    assert actions == ["transfer", "repeat"]


def test_after_the_transfer_januarys_invoices_are_fixed(company, january):
    transfer(company)

    def period_closed(action):
        problem = refusal(action)
        assert isinstance(problem, Invalid)
        assert (problem.problems[0].field, problem.problems[0].rule) == ("doc_date", "period_closed")
        assert "2026-01-01 to 2026-01-31 was transferred to accounting on" in problem.problems[0].message
        return problem

    def post(document_id):
        with company.write() as (session, ctx):
            post_document(session, ctx, document_id)

    with company.read() as (session, ctx):
        invoice = session.get(Document, january.invoice)
        customer_id, posted_gross = invoice.customer_id, invoice.gross_total

    # the draft of 28 January can neither be posted nor changed while it is dated in January
    period_closed(lambda: post(january.draft))

    def change_draft(**header):
        with company.write() as (session, ctx):
            update_document(session, ctx, january.draft, DocumentUpdate(**header))

    period_closed(lambda: change_draft(end_discount_percent=D("2")))

    # no new invoice or credit note into January
    def new_invoice(day):
        with company.write() as (session, ctx):
            return create_document(session, ctx, DocumentCreate(
                kind="invoice", customer_id=customer_id, doc_date=day,
                lines=[LineInput(description="Wartung", article_type="L", quantity=D("1"),
                                 unit_price=D("80"))])).id

    period_closed(lambda: new_invoice(date(2026, 1, 30)))

    def credit_note(day):
        with company.write() as (session, ctx):
            return convert(session, ctx, "credit_note", source_document_ids=[january.invoice], doc_date=day).id

    period_closed(lambda: credit_note(date(2026, 1, 31)))
    # a posted January invoice stays as it was
    locked = refusal(lambda: _change_posted(company, january.invoice))
    assert isinstance(locked, Conflict)
    with company.read() as (session, ctx):
        assert session.get(Document, january.invoice).gross_total == posted_gross

    # corrections go into the open period: the draft moves to February, a credit note is dated February
    change_draft(doc_date=date(2026, 2, 3))
    post(january.draft)
    post(credit_note(date(2026, 2, 5)))
    assert new_invoice(date(2026, 2, 6))
    # documents other than invoices are not fixed: an order may still be dated in January
    with company.write() as (session, ctx):
        create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer_id, doc_date=date(2026, 1, 30),
                                                     lines=[LineInput(description="Wartung", article_type="L",
                                                                      quantity=D("1"), unit_price=D("80"))]))


def _change_posted(company, document_id):
    with company.write() as (session, ctx):
        update_document(session, ctx, document_id, DocumentUpdate(end_discount_percent=D("10")))


def test_a_clerk_may_look_at_the_files_but_only_who_may_post_in_finance_transfers(company, january):
    clerk = company.add_user("clerk")
    denied = refusal(lambda: transfer(company, username=clerk))
    assert isinstance(denied, PermissionDenied)
    assert transfers_of(company) == []
    assert set(export_files(company, username=clerk)) == {  # reading is enough to look at the files
        "EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv", "EXTF_Buchungsstapel_Eingang_20260101_20260131.csv",
        "EXTF_Debitoren_20260101_20260131.csv", "EXTF_Kreditoren_20260101_20260131.csv"}
