"""Elektro Brandl KG may owe us 1,000.00 EUR. Each order, delivery note and invoice that adds to
what they owe is checked against that limit: within it the document passes, from 90 % on it
passes with a warning, above it it is refused, naming customer, limit, risk and the amount."""

from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.conversion import convert
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.finance.risk import customer_risk
from kontor.core.finance.risk_actions import credit_status, last_check
from kontor.core.finance.risk_check import CreditLimitExceeded
from kontor.core.finance.risk_models import CreditCheck
from kontor.core.finance.risk_settings import RiskSettings, put_risk_settings
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import NotFound
from tests.scenarios.credit_risk_shop import make_shop, new_document

D = Decimal
KINDS = ["order", "delivery_note", "invoice"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("hours", "outcome", "risk"), [("5", "within", "595.00"), ("8", "warning", "952.00")])
def test_a_document_within_the_limit_or_near_it_passes_and_its_check_is_kept(company, kind, hours, outcome, risk):
    """Five hours (595.00) are well within the limit; eight (952.00) pass with a warning."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        document = new_document(session, ctx, shop, kind, hours)
        document_id = document.id
    with company.read() as (session, ctx):
        check = last_check(session, ctx, document_id)
        assert (check.outcome, check.risk, check.credit_limit, check.document_amount, check.action) == (
            outcome, D(risk), D("1000"), D(risk), "create")


@pytest.mark.parametrize("kind", KINDS)
def test_a_document_over_the_limit_is_refused_naming_customer_limit_risk_and_amount(company, kind):
    """Nine hours (1,071.00 gross) would take Brandl over the limit: refused, nothing saved."""
    shop = make_shop(company)
    with pytest.raises(CreditLimitExceeded) as refused:
        with company.write() as (session, ctx):
            new_document(session, ctx, shop, kind, "9")
    message = refused.value.message
    assert "customer 30001 (BRANDL)" in message
    assert "credit limit of 1,000.00 EUR" in message and "risk would be 1,071.00 EUR" in message
    assert f"{kind.replace('_', ' ')} of 1,071.00 EUR" in message
    assert refused.value.status == 409
    assert [a["action"] for a in refused.value.extensions["actions"]] == [
        "block_customer", "redefine_limit", "hold_orders"]
    with company.read() as (session, ctx):
        assert session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id)).all() == []
        assert session.exec(select(CreditCheck).where(CreditCheck.tenant_id == ctx.tenant_id)).all() == []


@pytest.mark.parametrize("kind", KINDS)
def test_what_is_already_open_counts_so_a_second_document_goes_over(company, kind):
    """An open order of 595.00 stands; another 595.00 of any kind makes 1,190.00: over."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "5")
    with pytest.raises(CreditLimitExceeded, match="risk would be 1,190.00 EUR"):
        with company.write() as (session, ctx):
            new_document(session, ctx, shop, kind, "5")


def test_a_changed_order_is_checked_again_when_it_grows(company):
    """Brandl's order of five hours grows to nine: the change is refused; shrinking passes unchecked."""
    from kontor.core.documents.schemas import DocumentUpdate, LineInput
    from kontor.core.documents.services import lines_of, update_document

    shop = make_shop(company)
    with company.write() as (session, ctx):
        order = new_document(session, ctx, shop, "order", "5")
        order_id, line_id = order.id, lines_of(session, order.id)[0].id
    with pytest.raises(CreditLimitExceeded, match="risk would be 1,071.00 EUR"):
        with company.write() as (session, ctx):
            update_document(session, ctx, order_id, DocumentUpdate(lines=[LineInput(id=line_id, quantity=D("9"))]))
    with company.write() as (session, ctx):
        update_document(session, ctx, order_id, DocumentUpdate(lines=[LineInput(id=line_id, quantity=D("8"))]))
    with company.write() as (session, ctx):
        update_document(session, ctx, order_id, DocumentUpdate(lines=[LineInput(id=line_id, quantity=D("2"))]))
        checks = session.exec(select(CreditCheck).where(CreditCheck.document_id == order_id)
                              .order_by(CreditCheck.id)).all()
    assert [(c.action, c.outcome, c.risk, c.document_amount) for c in checks] == [
        ("create", "within", D("595.00"), D("595.00")), ("update", "warning", D("952.00"), D("357.00"))]


def test_value_moves_along_the_flow_and_is_never_counted_twice(company):
    """Order -> delivery note -> invoice -> posted: 595.00 moves from open orders to uninvoiced
    to open items; the delivery note and invoice add nothing and need no check."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        order = new_document(session, ctx, shop, "order", "5")
        order_id = order.id

    def parts():
        with company.read() as (session, ctx):
            risk = customer_risk(session, ctx, session.get(Customer, shop.customer_id))
            return risk.open_orders, risk.uninvoiced, risk.open_items, risk.total

    assert parts() == (D("595.00"), 0, 0, D("595.00"))
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order_id])
        note_id = note.id
    assert parts() == (0, D("595.00"), 0, D("595.00"))
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[note_id])
        invoice_id = invoice.id
    assert parts() == (0, D("595.00"), 0, D("595.00"))
    with company.write() as (session, ctx):
        post_document(session, ctx, invoice_id)
    assert parts() == (0, 0, D("595.00"), D("595.00"))
    with company.read() as (session, ctx):
        for document_id in (note_id, invoice_id):
            with pytest.raises(NotFound, match="added nothing"):
                last_check(session, ctx, document_id)
        status = credit_status(session, ctx, shop.customer_id)
    assert (status["risk"], status["available"], status["outcome"]) == (D("595.00"), D("405.00"), "within")


def test_half_delivered_order_counts_the_rest_as_order_and_the_delivered_part_as_uninvoiced(company):
    """Three of five hours delivered: 357.00 uninvoiced, 238.00 still on order."""
    from kontor.core.documents.schemas import Take
    from kontor.core.documents.services import lines_of

    shop = make_shop(company)
    with company.write() as (session, ctx):
        order = new_document(session, ctx, shop, "order", "5")
        line = lines_of(session, order.id)[0]
        convert(session, ctx, "delivery_note", [Take(source_line_id=line.id, quantity=D("3"))])
    with company.read() as (session, ctx):
        risk = customer_risk(session, ctx, session.get(Customer, shop.customer_id))
    assert (risk.open_orders, risk.uninvoiced, risk.total) == (D("238.00"), D("357.00"), D("595.00"))


def test_the_default_limit_of_the_basics_applies_without_an_own_limit(company):
    """Without an own limit the company default (10,000.00) applies: 9 hours pass."""
    shop = make_shop(company, limit=None)
    with company.write() as (session, ctx):
        order = new_document(session, ctx, shop, "order", "9")
        order_id = order.id
    with company.read() as (session, ctx):
        assert last_check(session, ctx, order_id).credit_limit == D("10000")


def test_settings_decide_which_parts_count_where_the_warning_starts_and_whether_to_check(company):
    """Open orders not counted: orders add nothing to the risk (no check), an invoice of 595.00
    does, with a warning from 50 % on. With the check switched off, 9 hours pass."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        put_risk_settings(session, ctx, RiskSettings(count_open_orders=False, warning_percent=D("50")))
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "5")
        second = new_document(session, ctx, shop, "order", "5")
        invoice = new_document(session, ctx, shop, "invoice", "5")
        ids = second.id, invoice.id
    with company.read() as (session, ctx):
        with pytest.raises(NotFound):
            last_check(session, ctx, ids[0])
        check = last_check(session, ctx, ids[1])
        assert (check.outcome, check.risk, check.open_orders) == ("warning", D("595.00"), 0)
    with company.write() as (session, ctx):
        put_risk_settings(session, ctx, RiskSettings(enabled=False))
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "invoice", "9")


def test_a_quote_accepted_into_an_order_over_the_limit_is_refused(company):
    """Brandl accepts a quote of nine hours: the order it becomes is over the limit; the quote stays."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        quote = new_document(session, ctx, shop, "quote", "9")  # a quote adds nothing to the risk
        quote_id = quote.id
    with pytest.raises(CreditLimitExceeded, match="this order of 1,071.00 EUR"):
        with company.write() as (session, ctx):
            convert(session, ctx, "order", source_document_ids=[quote_id])
    with company.read() as (session, ctx):
        assert session.get(Document, quote_id).state == "open"


def test_a_down_payment_moves_its_part_of_the_order_into_the_open_items(company):
    """Brandl pays 100.00 net down on the order of five hours: 119.00 is an open item now, 476.00
    stays on order; together still 595.00. The final invoice bills the rest (476.00)."""
    from datetime import date

    from kontor.core.documents.partial import create_final_invoice, create_partial_invoice

    shop = make_shop(company)
    with company.write() as (session, ctx):
        order = new_document(session, ctx, shop, "order", "5")
        create_partial_invoice(session, ctx, order.id, amount=D("100"), on=date.today())
        order_id = order.id
    with company.read() as (session, ctx):
        risk = customer_risk(session, ctx, session.get(Customer, shop.customer_id))
    assert (risk.open_items, risk.open_orders, risk.total) == (D("119.00"), D("476.00"), D("595.00"))
    with company.write() as (session, ctx):
        create_final_invoice(session, ctx, order_id, on=date.today())
    with company.read() as (session, ctx):
        risk = customer_risk(session, ctx, session.get(Customer, shop.customer_id))
    assert (risk.open_items, risk.open_orders, risk.uninvoiced, risk.total) == (D("595.00"), 0, 0, D("595.00"))
