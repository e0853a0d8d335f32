"""A busy month: 2,500 invoices of one customer. The export and the journals read them in
chunks with grouped queries, so the number of SQL statements grows with the number of
chunks, not with the number of invoices, and the batch still adds up to the journal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import event, insert, select, update

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.datev_settings import DatevSettings, put_datev_settings
from kontor.core.finance.journals import journal
from kontor.core.finance.postings import CHUNK
from kontor.core.masterdata.basics.models import RevenueCode, TaxCode
from kontor.core.masterdata.parties.models import Customer
from tests.scenarios.accounting_scenario import JANUARY, export_files, parse

D = Decimal
COUNT = 2500


def many_invoices(company) -> None:
    with company.write() as (session, ctx):
        put_datev_settings(session, ctx, DatevSettings(consultant_number=1001, client_number=1))
        u19 = session.execute(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id,
                                                    TaxCode.code == "U19")).scalar_one()
        session.add(RevenueCode(tenant_id=ctx.tenant_id, code="8400", name="Erlöse 19 %", account="8400",
                                tax_code_id=u19.id))
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="GROSS", name1="Großkunde AG")
        session.add(customer)
        session.flush()
        posted = datetime(2026, 2, 1, tzinfo=UTC)
        session.execute(insert(Document), [
            {"tenant_id": ctx.tenant_id, "kind": "invoice", "number": f"RE{i:06d}", "state": "draft",
             "doc_date": date(2026, 1, 1) + timedelta(days=i % 31), "customer_id": customer.id,
             "packages": [], "lines_net": D("100.00"),
             "net_total": D("100.00"), "tax_total": D("19.00"), "gross_total": D("119.00"),
             "home_net_total": D("100.00"), "home_tax_total": D("19.00"), "home_gross_total": D("119.00")}
            for i in range(1, COUNT + 1)])
        ids = session.execute(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                        Document.kind == "invoice")).scalars().all()
        session.execute(insert(DocumentLine), [
            {"tenant_id": ctx.tenant_id, "document_id": document_id, "position": 1, "description": "Wartung",
             "quantity": D("1"), "unit_price": D("100.00"), "net_amount": D("100.00"), "tax_code_id": u19.id,
             "tax_rate": D("19")}
            for document_id in ids])
        # posted only now: on PostgreSQL a trigger refuses lines added to a posted invoice
        session.execute(update(Document).where(Document.tenant_id == ctx.tenant_id, Document.kind == "invoice")
                        .values(posted_at=posted, state="posted", locked=True))


def test_thousands_of_invoices_stream_through_a_few_grouped_queries(company):
    many_invoices(company)
    statements = []

    def count(*_):
        statements.append(1)

    engine = company.kontor.db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        files = export_files(company)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    _, _, *rows = parse(files["EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv"])
    assert len(rows) == COUNT
    assert {(row[6], row[7], row[8]) for row in rows} == {("10001", "8400", "")}
    assert sum(D(row[0].replace(",", ".")) for row in rows) == COUNT * D("119.00")
    chunks = -(-COUNT // CHUNK)
    assert len(statements) <= 3 * (chunks + 1) + 15  # per chunk: documents, lines, charges; plus setup

    with company.read() as (session, ctx):
        book = journal(session, ctx, "outgoing", *JANUARY, limit=10, offset=COUNT - 5)
    assert book.total.documents == COUNT and book.total.gross == COUNT * D("119.00")
    assert len(book.entries) == 5 and book.entries[-1].doc_date == date(2026, 1, 31)
