"""Elektro Brandl's exposure is kept in a row beside its sources: every order, delivery note,
invoice, posting and payment changes it in its own transaction, so the credit check reads one
row instead of Brandl's whole history; `kontor documents check` proves the row against the
documents, open items and payments, and names it when someone changed it behind kontor's back."""

from datetime import date
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import select

from kontor.core.documents.consistency import check_documents
from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, delete_document
from kontor.core.finance.exposure import Parts, exposure_of
from kontor.core.finance.exposure_check import rebuild_exposure, verify_exposure
from kontor.core.finance.exposure_models import CustomerExposure, DocumentExposure
from kontor.core.finance.payment_schemas import PaymentIn
from kontor.core.finance.payments import enter_payment
from kontor.core.finance.risk_settings import RiskSettings, put_risk_settings
from tests.scenarios.credit_risk_shop import make_shop, new_document

D = Decimal


def stored(company, customer_id: int) -> Parts:
    with company.read() as (session, ctx):
        row = session.get(CustomerExposure, customer_id)
        return Parts(row.open_items, row.uninvoiced, row.open_orders) if row else Parts()


def test_the_row_follows_the_flow_from_order_to_payment(company):
    """595.00 moves from open orders to uninvoiced to open items, and a payment of 200.00
    leaves 395.00; after each step the stored row is what the sources give."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        order_id = new_document(session, ctx, shop, "order", "5").id
    assert stored(company, shop.customer_id) == Parts(open_orders=D("595.00"))
    with company.write() as (session, ctx):
        note_id = convert(session, ctx, "delivery_note", source_document_ids=[order_id]).id
    assert stored(company, shop.customer_id) == Parts(uninvoiced=D("595.00"))
    with company.write() as (session, ctx):
        invoice_id = convert(session, ctx, "invoice", source_document_ids=[note_id]).id
    assert stored(company, shop.customer_id) == Parts(uninvoiced=D("595.00"))
    with company.write() as (session, ctx):
        post_document(session, ctx, invoice_id)
    assert stored(company, shop.customer_id) == Parts(open_items=D("595.00"))
    with company.write() as (session, ctx):
        enter_payment(session, ctx, PaymentIn(customer_id=shop.customer_id, amount=D("200.00"), paid_on=date.today()))
    assert stored(company, shop.customer_id) == Parts(open_items=D("395.00"))
    with company.read() as (session, ctx):
        assert verify_exposure(session, ctx.tenant_id) == []


def test_a_deleted_draft_takes_its_share_out(company):
    """A draft invoice of 476.00 counts as uninvoiced until it is deleted (the credit check is
    off here: a checked document keeps its check, which keeps it from being deleted)."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        put_risk_settings(session, ctx, RiskSettings(enabled=False))
    with company.write() as (session, ctx):
        invoice_id = new_document(session, ctx, shop, "invoice", "4").id
    assert stored(company, shop.customer_id) == Parts(uninvoiced=D("476.00"))
    with company.write() as (session, ctx):
        delete_document(session, ctx, invoice_id)
    assert stored(company, shop.customer_id) == Parts()
    with company.read() as (session, ctx):
        assert session.exec(select(DocumentExposure).where(DocumentExposure.tenant_id == ctx.tenant_id)).all() == []


def test_within_a_unit_the_row_already_counts_what_the_unit_wrote(company):
    """Read inside the transaction that made the order, the exposure includes it."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "2")
        assert exposure_of(session, shop.customer_id) == Parts(open_orders=D("238.00"))


def test_each_documents_share_is_rounded_to_the_cent_on_its_own(company):
    """Two orders of 0.50 net at 19 % are 0.595 gross each: 0.60 per order (half up), so 1.20
    together; each document's value is money in its own right."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        for _ in range(2):
            create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop.customer_id, lines=[
                LineInput(article_id=shop.article_id, quantity=D("1"), unit_price=D("0.50"))]))
    assert stored(company, shop.customer_id) == Parts(open_orders=D("1.20"))


def test_the_check_names_a_row_changed_behind_kontors_back_and_a_rebuild_repairs_it(company):
    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "5")
    with company.write() as (session, ctx):
        session.execute(update(CustomerExposure).where(CustomerExposure.customer_id == shop.customer_id)
                        .values(open_orders=D("1.00")))
    with company.read() as (session, ctx):
        problems = check_documents(session, ctx.tenant_id)
    assert len(problems) == 1
    assert f"customer {shop.customer_id}: stored exposure" in problems[0]
    assert "(0.0000, 0.0000, 1.0000) but its sources give (0, 0, 595.00)" in problems[0]
    with company.write() as (session, ctx):
        rebuild_exposure(session, ctx.tenant_id)
    with company.read() as (session, ctx):
        assert check_documents(session, ctx.tenant_id) == []
    assert stored(company, shop.customer_id) == Parts(open_orders=D("595.00"))


def test_an_upgrade_fills_the_rows_of_a_database_that_had_documents_before_them(company):
    """A database upgraded to the exposure tables with documents in it gets its rows at once."""
    from sqlalchemy import delete

    from kontor.db.migrate import fill_exposure

    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "5")
    with company.write() as (session, ctx):
        session.execute(delete(DocumentExposure))
        session.execute(delete(CustomerExposure))  # as it was before core_0019
    fill_exposure(company.kontor.db)
    assert stored(company, shop.customer_id) == Parts(open_orders=D("595.00"))
    fill_exposure(company.kontor.db)  # a second upgrade changes nothing
    assert stored(company, shop.customer_id) == Parts(open_orders=D("595.00"))
