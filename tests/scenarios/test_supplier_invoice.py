"""Supplier invoices from several checked goods receipts, with freight, insurance and a
surcharge, booked only when net, VAT and gross agree with the paper to the cent.

Huber delivered pipe and valves in two receipts; 2 valves went back. Huber's invoice R-2026-118
bills 60 m pipe at the checked 4.25, 40 m at 4.20, 18 valves at 12.50, freight 25.00,
insurance 3.50 and a small-quantity surcharge of 10.00: net 686.50, VAT 130.44, gross 816.94.
"""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.models import Document, DocumentCharge
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.checking import check_receipt
from kontor.core.purchasing.invoices import (
    SupplierInvoiceUpdate,
    book_supplier_invoice,
    create_supplier_invoice,
    delete_supplier_invoice,
    sum_check,
    update_supplier_invoice,
)
from kontor.core.purchasing.orders import create_purchase_order
from kontor.core.purchasing.receipts import receive_goods
from kontor.core.purchasing.release import release_receipt
from kontor.core.purchasing.schemas import (
    CheckLine,
    CommercialCheck,
    ExtraLine,
    GoodsReceiptCreate,
    PurchaseLineInput,
    PurchaseOrderCreate,
    ReceiptLineInput,
    ReleaseRequest,
    ReturnLineInput,
    SupplierInvoiceCreate,
    SupplierReturnCreate,
)
from kontor.core.purchasing.supplier_returns import return_to_supplier
from kontor.errors import Conflict, Invalid
from tests.scenarios.purchase_setup import assert_ledger_holds, purchase_world

D = Decimal
FREIGHT = ExtraLine(kind="freight", text="Eingangsfracht", amount=D("25.00"))
INSURANCE = ExtraLine(kind="insurance", text="Transportversicherung", amount=D("3.50"))
SURCHARGE = ExtraLine(kind="surcharge", text="Mindermengenzuschlag", amount=D("10.00"))


@pytest.fixture
def delivered(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=world["huber"], doc_date=date(2026, 3, 2),
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("100")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("20"))]))
        pipe_line, valve_line = [line.id for line in lines_of(session, order.id)]
        first = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 9), lines=[
            ReceiptLineInput(source_line_id=pipe_line, quantity=D("60")), ReceiptLineInput(source_line_id=valve_line)]))
        second = receive_goods(session, ctx, GoodsReceiptCreate(doc_date=date(2026, 3, 12),
                                                                source_document_ids=[order.id]))
        release_receipt(session, ctx, first.id, ReleaseRequest())
        first_lines = lines_of(session, first.id)
        return_to_supplier(session, ctx, SupplierReturnCreate(lines=[
            ReturnLineInput(receipt_line_id=first_lines[1].id, quantity=D("2"))]))
        check_receipt(session, ctx, first.id, CommercialCheck(lines=[CheckLine(line_id=first_lines[0].id,
                                                                               unit_price=D("4.25"))]))
        check_receipt(session, ctx, second.id, CommercialCheck())
        return {**world, "first": first.id, "second": second.id}


def invoice_data(delivered, **changes) -> SupplierInvoiceCreate:
    values = dict(receipt_ids=[delivered["first"], delivered["second"]], supplier_invoice_number="R-2026-118",
                  supplier_invoice_date=date(2026, 3, 31), net_amount=D("686.50"), tax_amount=D("130.44"),
                  gross_amount=D("816.94"), extras=[FREIGHT, INSURANCE])
    return SupplierInvoiceCreate(**{**values, **changes})


@pytest.mark.plugin_matrix
def test_a_collective_invoice_is_booked_once_its_sums_agree(company, delivered):
    with company.write() as (session, ctx):
        invoice = create_supplier_invoice(session, ctx, invoice_data(delivered))
        invoice_id = invoice.id
        assert (invoice.kind, invoice.state, invoice.number, invoice.posted_at) == ("supplier_invoice", "draft", None, None)
        assert [(l.quantity, l.unit_price, l.net_amount) for l in lines_of(session, invoice.id)] == [
            (D("60"), D("4.2500"), D("255.0000")), (D("18"), D("12.5000"), D("225.0000")),
            (D("40"), D("4.2000"), D("168.0000"))]
        # 648.00 + 25.00 + 3.50 = 676.50; VAT 19 % = 128.535 -> 128.54
        assert (invoice.net_total, invoice.tax_total, invoice.gross_total) == (
            D("676.5000"), D("128.5400"), D("805.0400"))
        assert sum_check(session, ctx, invoice.id).differences == {
            "net_amount": D("10.0000"), "tax_amount": D("1.9000"), "gross_amount": D("11.9000")}

    with pytest.raises(Invalid) as refused:  # the surcharge on Huber's paper is missing
        with company.write() as (session, ctx):
            book_supplier_invoice(session, ctx, invoice_id)
    assert [(p.field, p.rule) for p in refused.value.problems] == [
        ("net_amount", "matches_total"), ("tax_amount", "matches_total"), ("gross_amount", "matches_total")]
    assert "difference 10" in refused.value.problems[0].message
    with company.read() as (session, ctx):
        assert (session.get(Document, invoice_id).state, session.get(Document, invoice_id).number) == ("draft", None)

    with company.write() as (session, ctx):
        updated = update_supplier_invoice(session, ctx, invoice_id, SupplierInvoiceUpdate(
            extras=[FREIGHT, INSURANCE, SURCHARGE]))
        assert (updated.net_total, updated.tax_total, updated.gross_total) == (
            D("686.5000"), D("130.4400"), D("816.9400"))
        booked = book_supplier_invoice(session, ctx, invoice_id)
        assert (booked.number, booked.state, booked.locked) == ("ER000001", "posted", True)
        assert booked.posted_at is not None and booked.customer_order_number == "R-2026-118"
        assert len(session.exec(select(DocumentCharge).where(DocumentCharge.document_id == invoice_id)).all()) == 3

    with pytest.raises(Conflict, match="booked"):
        with company.write() as (session, ctx):
            update_supplier_invoice(session, ctx, invoice_id, SupplierInvoiceUpdate(net_amount=D("1")))
    with pytest.raises(Conflict, match="invoiced or returned already"):
        with company.write() as (session, ctx):
            create_supplier_invoice(session, ctx, invoice_data(delivered, supplier_invoice_number="R-2026-119"))
    assert_ledger_holds(company)


def test_a_price_difference_is_fixed_on_the_line_and_typing_errors_are_named(company, delivered):
    """Huber billed the first receipt only, but the valves at 12.60: the clerk corrects the line
    price; a typing error in the gross amount is named with its difference of one cent."""
    with company.write() as (session, ctx):
        invoice = create_supplier_invoice(session, ctx, invoice_data(
            delivered, receipt_ids=[delivered["first"]], extras=[], net_amount=D("481.80"),
            tax_amount=D("91.54"), gross_amount=D("573.33")))
        valve_line = lines_of(session, invoice.id)[1]
        update_supplier_invoice(session, ctx, invoice.id, SupplierInvoiceUpdate(
            lines=[{"line_id": valve_line.id, "unit_price": D("12.60")}]))
        invoice_id = invoice.id
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            book_supplier_invoice(session, ctx, invoice_id)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("gross_amount", "entered 573.33 but the invoice comes to 573.34: difference -0.01")]
    with company.write() as (session, ctx):
        update_supplier_invoice(session, ctx, invoice_id, SupplierInvoiceUpdate(gross_amount=D("573.34")))
        assert book_supplier_invoice(session, ctx, invoice_id).state == "posted"


def test_unchecked_receipts_and_doubled_invoice_numbers_are_refused(company, delivered):
    with company.write() as (session, ctx):
        third = receive_goods(session, ctx, GoodsReceiptCreate(
            supplier_id=delivered["huber"], lines=[ReceiptLineInput(article_id=delivered["pipe"], quantity=D("5"))]))
        third_id = third.id
    with pytest.raises(Conflict, match="no commercial check"):
        with company.write() as (session, ctx):
            create_supplier_invoice(session, ctx, invoice_data(delivered, receipt_ids=[third_id]))
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            create_supplier_invoice(session, ctx, invoice_data(delivered, receipt_ids=[delivered["first"], 999999]))
    assert refused.value.problems[0].field == "receipt_ids.1"
    with company.write() as (session, ctx):
        create_supplier_invoice(session, ctx, invoice_data(delivered, receipt_ids=[delivered["first"]]))
    with pytest.raises(Conflict, match="R-2026-118 of this supplier is entered already"):
        with company.write() as (session, ctx):
            create_supplier_invoice(session, ctx, invoice_data(delivered, receipt_ids=[delivered["second"]]))
    with company.write() as (session, ctx):
        only = session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                                   Document.kind == "supplier_invoice")).one()
        delete_supplier_invoice(session, ctx, only.id)  # entered against the wrong receipt: thrown away
    with company.write() as (session, ctx):
        again = create_supplier_invoice(session, ctx, invoice_data(delivered, receipt_ids=[delivered["second"]],
                                                                   net_amount=D("196.50"), tax_amount=D("37.34"),
                                                                   gross_amount=D("233.84")))
        assert book_supplier_invoice(session, ctx, again.id).number == "ER000001"
    with pytest.raises(Conflict, match="booked"):
        with company.write() as (session, ctx):
            delete_supplier_invoice(session, ctx, again.id)
    assert_ledger_holds(company)


def test_a_supplier_invoice_dated_in_a_transferred_period_is_not_booked(company, delivered):
    """March went to the accountant before Huber's invoice of 31 March was booked: the booking
    is refused like any invoice of a closed period, and the draft stays as it was."""
    from kontor.core.finance.transfer_models import AccountingTransfer

    with company.write() as (session, ctx):
        invoice_id = create_supplier_invoice(session, ctx, invoice_data(
            delivered, extras=[FREIGHT, INSURANCE, SURCHARGE])).id
        document = session.get(Document, invoice_id)
        session.add(AccountingTransfer(tenant_id=ctx.tenant_id, period_from=date(2026, 3, 1),
                                       period_to=date(2026, 3, 31), transferred_by="steuerbuero"))
        closed_day = document.doc_date
    assert date(2026, 3, 1) <= closed_day <= date(2026, 3, 31)

    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            book_supplier_invoice(session, ctx, invoice_id)

    assert [(p.field, p.rule) for p in refused.value.problems] == [("doc_date", "period_closed")]
    with company.read() as (session, ctx):
        assert (session.get(Document, invoice_id).state, session.get(Document, invoice_id).number) == ("draft", None)
