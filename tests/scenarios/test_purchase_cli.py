"""The warehouse works from the command line: which orders are late, what is on order,
receive an order as a whole, release the receipt after inspection, book a supplier invoice."""

from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from sqlmodel import select

from kontor.cli import State, main
from kontor.core.documents.models import Document
from kontor.core.purchasing.checking import check_receipt
from kontor.core.purchasing.invoices import create_supplier_invoice
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.schemas import (
    CommercialCheck,
    PurchaseLineInput,
    PurchaseOrderCreate,
    SupplierInvoiceCreate,
)
from kontor.core.stock.queries import on_hand
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal


def test_overdue_on_order_receive_release_and_book_from_the_command_line(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("25"))]))
        number = order.number

    def run(*args, code=0):
        result = CliRunner().invoke(main, ["--tenant", company.code, "purchasing", *args],
                                    obj=State(kontor=company.kontor), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    late = run("overdue", "--on", "2026-03-10")
    assert "70001 Sanitär Huber KG" in late and "open 25 expected 2026-03-07 (3 days late)" in late
    assert "CU-15            25 first due 2026-03-07" in run("on-order", "CU-15")
    assert "in blocked stock until released" in run("receive", number, "--delivery-note", "LS-88")
    assert "no purchase order numbered BE999999" in run("receive", "BE999999", code=1)
    assert "WE000001 released" in run("release", "WE000001")
    with company.write() as (session, ctx):
        assert on_hand(session, ctx, world["pipe"]) == D("25")
        receipt_id = session.exec(select(Document.id).where(Document.tenant_id == ctx.tenant_id,
                                                            Document.number == "WE000001")).one()
        check_receipt(session, ctx, receipt_id, CommercialCheck())
        invoice = create_supplier_invoice(session, ctx, SupplierInvoiceCreate(
            receipt_ids=[receipt_id], supplier_invoice_number="H-77", supplier_invoice_date=date(2026, 3, 31),
            net_amount=D("105.00"), tax_amount=D("19.95"), gross_amount=D("124.95")))
        invoice_id = invoice.id
    assert "booked as ER000001" in run("book", str(invoice_id))
    assert "is booked and never changes" in run("book", str(invoice_id), code=1)
    assert "0 overdue line(s)" in run("overdue", "--on", "2026-03-10")
    assert_ledger_holds(company)
