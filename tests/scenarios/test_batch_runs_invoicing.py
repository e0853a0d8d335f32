"""The invoicing run: every delivery note not yet invoiced becomes an invoice of its own, or,
for customers with collective invoicing, part of one invoice per ended invoicing period."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.batch import InvoicingSelection, run_invoicing
from kontor.core.documents.batch_invoicing import period_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import PermissionDenied
from tests.scenarios.test_batch_runs import deliver, make_shop, order

D = Decimal


@pytest.fixture
def shop(company):
    return make_shop(company)
APRIL_1 = date(2026, 4, 1)


def note(company, shop, customer: str, on: date, hours: str = "1") -> int:
    """A delivery note entered directly (fitting hours carry no stock)."""
    with company.write() as (session, ctx):
        return create_document(session, ctx, DocumentCreate(
            kind="delivery_note", customer_id=shop[customer], doc_date=on,
            lines=[LineInput(article_id=shop["hours"], quantity=D(hours))])).id


def invoice(company, username: str | None = None, **options):
    run_options = {k: options.pop(k) for k in ("chunk_size", "progress", "stop_after") if k in options}
    options.setdefault("cut_off", APRIL_1)
    options.setdefault("doc_date", APRIL_1)
    return run_invoicing(company.kontor.db, lambda session: company.context(session, username),
                         InvoicingSelection(**options), **run_options)


def invoiced_notes(session, invoice_id: int) -> list[int]:
    sources = select(DocumentLine.source_line_id).where(DocumentLine.document_id == invoice_id)
    return sorted(set(session.exec(select(DocumentLine.document_id).where(DocumentLine.id.in_(sources))).all()))


@pytest.mark.plugin_matrix
def test_single_invoices_one_per_delivery_note_posted_with_numbers_in_a_row(company, shop):
    order(company, shop["bau"], (shop["pump"], "4"), (shop["hours"], "2"))
    order(company, shop["bau"], (shop["pump"], "8"), (shop["book"], "1"))
    notes = [c.id for c in deliver(company).created]

    result = invoice(company, post=True)

    assert result.counts == {"created": 2, "skipped": 0, "failed": 0, "backorders": 0}
    assert [(c.number, c.state, c.gross_total, c.source_ids) for c in result.created] == [
        ("RE000001", "posted", D("710.43"), [notes[0]]), ("RE000002", "posted", D("878.09"), [notes[1]])]
    with company.read() as (session, ctx):
        first = session.get(Document, result.created[0].id)
        assert (first.variant, first.doc_date) == ("batch", APRIL_1)
        assert first.batch_key == f"invoice-run:{shop['bau']}:note:{notes[0]}"
        assert (first.net_total, first.tax_total) == (D("597.00"), D("113.43"))
        assert [session.get(Document, n).state for n in notes] == ["invoiced", "invoiced"]
    assert invoice(company, post=True).counts["created"] == 0


def test_a_collective_customer_gets_one_invoice_for_the_month_once_it_has_ended(company, shop):
    march = [note(company, shop, "sammel", date(2026, 3, 5), "2"),
             note(company, shop, "sammel", date(2026, 3, 20), "1.5")]
    april = note(company, shop, "sammel", date(2026, 4, 2), "1")
    single = note(company, shop, "bau", date(2026, 4, 2), "1")

    result = invoice(company, cut_off=date(2026, 4, 10))

    assert [c.source_ids for c in result.created] == [march, [single]]
    assert [(s.item, s.message) for s in result.skipped] == [
        ("customer 10003, period 2026-04",
         "the period 2026-04 ends on 2026-04-30, not before the cut-off date 2026-04-10")]
    with company.read() as (session, ctx):
        collective = session.get(Document, result.created[0].id)
        # 3.5 hours x 58.50 = 204.75, VAT 38.90 on the sum
        assert (collective.net_total, collective.tax_total, collective.gross_total) == (
            D("204.75"), D("38.90"), D("243.65"))
        assert (collective.state, collective.number, collective.variant) == ("draft", None, "collective")
        assert collective.batch_key == f"invoice-run:{shop['sammel']}:2026-03:{march[0]}"
        assert invoiced_notes(session, collective.id) == march
        assert session.get(Document, april).state == "open"

    later = invoice(company, cut_off=date(2026, 4, 10), include_open_periods=True)
    assert [c.source_ids for c in later.created] == [[april]] and later.skipped == []


@pytest.mark.parametrize(("cycle", "groups", "open_groups"), [
    ("per_delivery", [[2], [8], [9], [15], [16], [31]], 0),
    ("weekly", [[2, 8], [9, 15], [16]], 1),  # 31 March is in ISO week 14, which ends on 5 April
    ("semi_monthly", [[2, 8, 9, 15], [16, 31]], 0),
    ("monthly", [[2, 8, 9, 15, 16, 31]], 0),
])
def test_collective_invoices_follow_the_customers_invoicing_cycle(company, shop, cycle, groups, open_groups):
    with company.write() as (session, ctx):
        customer = session.get(Customer, shop["sammel"])
        customer.invoicing_cycle = cycle
        session.add(customer)
    notes = {day: note(company, shop, "sammel", date(2026, 3, day)) for day in (2, 8, 9, 15, 16, 31)}

    result = invoice(company, cut_off=APRIL_1)

    assert [c.source_ids for c in result.created] == [[notes[day] for day in group] for group in groups]
    assert len(result.skipped) == open_groups
    with company.read() as (session, ctx):
        assert [session.get(Document, c.id).gross_total for c in result.created] == [
            (D("58.50") * len(group) * D("1.19")).quantize(D("0.01")) for group in groups]


def test_invoicing_periods_are_iso_weeks_half_months_and_calendar_months():
    assert period_of("weekly", date(2026, 1, 1)).label == "2026-W01"
    assert period_of("weekly", date(2027, 1, 1)).label == "2026-W53"
    week = period_of("weekly", date(2026, 3, 8))
    assert (week.label, week.first, week.last) == ("2026-W10", date(2026, 3, 2), date(2026, 3, 8))
    assert period_of("semi_monthly", date(2026, 2, 16)).last == date(2026, 2, 28)
    assert period_of("semi_monthly", date(2026, 2, 15)).label == "2026-02-1"
    assert period_of("monthly", date(2028, 2, 3)).last == date(2028, 2, 29)


def test_the_invoicing_run_selects_by_customer_dates_and_category(company, shop):
    bau = note(company, shop, "bau", date(2026, 3, 2))
    woche = note(company, shop, "woche", date(2026, 3, 3))
    sammel = note(company, shop, "sammel", date(2026, 2, 3))

    assert [c.source_ids for c in invoice(company, customer_id=shop["bau"]).created] == [[bau]]
    trade = invoice(company, category_id=shop["category"], since=date(2026, 3, 1))
    assert [c.source_ids for c in trade.created] == [[woche]]
    assert [c.source_ids for c in invoice(company).created] == [[sammel]]


def test_a_blocked_customer_fails_alone_and_nothing_of_it_is_written(company, shop):
    blocked = note(company, shop, "bau", date(2026, 3, 2))
    fine = note(company, shop, "haus", date(2026, 3, 2))
    with company.write() as (session, ctx):
        customer = session.get(Customer, shop["bau"])
        customer.blocked = True
        session.add(customer)

    result = invoice(company, post=True)

    assert [c.source_ids for c in result.created] == [[fine]] and result.created[0].number == "RE000001"
    assert [(f.item, f.message) for f in result.failures] == [
        ("delivery note LS000001", "customer 10001 (BAU) is blocked; no new invoice")]
    with company.read() as (session, ctx):
        assert session.get(Document, blocked).state == "open"
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind == "invoice")).all()[0].id == result.created[0].id


def test_a_partly_invoiced_delivery_note_gets_only_its_rest_invoiced(company, shop):
    from kontor.core.documents.conversion import convert
    from kontor.core.documents.schemas import Take

    with company.write() as (session, ctx):
        document = create_document(session, ctx, DocumentCreate(
            kind="delivery_note", customer_id=shop["bau"], doc_date=date(2026, 3, 2),
            lines=[LineInput(article_id=shop["hours"], quantity=D("3"))]))
        convert(session, ctx, "invoice", [Take(source_line_id=lines_of(session, document.id)[0].id, quantity=D("1"))])
        partly = document.id

    result = invoice(company)

    with company.read() as (session, ctx):
        assert [l.quantity for l in lines_of(session, result.created[0].id)] == [D("2")]
        assert session.get(Document, partly).state == "invoiced"


def test_posting_runs_need_post_permission_on_sales(company, shop):
    from kontor.core.users.permissions import Level
    from kontor.core.users.services import grant_role, set_role_grants

    note(company, shop, "bau", date(2026, 3, 2))
    writer = company.add_user(None)
    with company.write() as (session, ctx):
        set_role_grants(session, ctx, "sales_writer", {"sales": Level.WRITE}, company.kontor.part_names)
        grant_role(session, ctx, writer, "sales_writer")

    with pytest.raises(PermissionDenied, match="lacks post permission on 'sales'"):
        invoice(company, writer, post=True)
    drafts = invoice(company, writer)
    assert drafts.counts["created"] == 1 and drafts.created[0].state == "draft"
