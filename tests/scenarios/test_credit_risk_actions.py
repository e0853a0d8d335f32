"""Brandl went over the limit. The credit desk chooses: block the customer, give a new limit
(only who holds the `credit_limits` permission, and it is in the audit trail), or accept
Brandl's orders on credit hold, which then wait for a release before anything is delivered
or invoiced. An accounting plugin may supply the open items from its own ledger."""

from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.finance.risk import customer_risk
from kontor.core.finance.risk_actions import (
    block_customer, credit_status, hold_order, last_check, list_holds, release_hold, release_order,
    set_credit_limit, set_hold_policy, unblock_customer,
)
from kontor.core.finance.risk_check import CreditLimitExceeded
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict, PermissionDenied
from tests.plugins.open_items_plugin import LEDGER
from tests.scenarios.credit_risk_shop import make_shop, new_document

D = Decimal


@pytest.fixture
def brandl(company):
    """Brandl with an open order of 952.00 (eight hours): near the limit of 1,000.00."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        new_document(session, ctx, shop, "order", "8")
    return shop


def test_blocking_the_customer_refuses_every_new_document_naming_limit_and_risk(company, brandl):
    with company.write() as (session, ctx):
        block_customer(session, ctx, brandl.customer_id, "Zahlungsverzug")
    for kind in ("order", "delivery_note", "invoice"):
        with pytest.raises(Conflict) as refused:
            with company.write() as (session, ctx):
                new_document(session, ctx, brandl, kind, "1")
        message = refused.value.message
        assert message.startswith("customer 30001 (BRANDL) is blocked: credit check")
        assert "risk 952.00 EUR, credit limit 1,000.00 EUR (Zahlungsverzug)" in message
    with company.write() as (session, ctx):
        new_document(session, ctx, brandl, "quote", "20")  # quotes stay possible
        unblock_customer(session, ctx, brandl.customer_id)
    with company.write() as (session, ctx):
        new_document(session, ctx, brandl, "order", "0.25")
        entries = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                        AuditEntry.subject == "customers")
                               .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["block", "unblock"]


def test_blocking_needs_finance_admin(company, brandl):
    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied, match="admin permission on 'finance'"):
        with company.write(clerk) as (session, ctx):
            block_customer(session, ctx, brandl.customer_id)


def test_redefining_the_limit_needs_its_own_permission_and_is_audited(company, brandl):
    clerk = company.add_user("clerk")
    with pytest.raises(PermissionDenied, match="credit_limits"):
        with company.write(clerk) as (session, ctx):
            set_credit_limit(session, ctx, brandl.customer_id, D("5000"))
    admin = company.add_user("admin")
    with company.write(admin) as (session, ctx):
        set_credit_limit(session, ctx, brandl.customer_id, D("2500"), "Bürgschaft liegt vor")
    with company.write() as (session, ctx):
        order = new_document(session, ctx, brandl, "order", "9")  # 952 + 1,071 = 2,023.00 <= 2,500.00
        check = last_check(session, ctx, order.id)
        assert (check.outcome, check.risk, check.credit_limit) == ("within", D("2023.00"), D("2500"))
        entry = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                      AuditEntry.action == "credit_limit")).one()
    assert (entry.username, entry.before, entry.after) == (
        admin, {"credit_limit": "1000.0000", "note": ""}, {"credit_limit": "2500.0000", "note": "Bürgschaft liegt vor"})


def test_master_data_rights_alone_do_not_change_a_credit_limit(api, http, company, brandl):
    from kontor.testing import api_as

    clerk = api_as(http, company, "clerk")
    refused = clerk.patch(f"/api/customers/{brandl.customer_id}", json={"credit_limit": "99999"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "credit_limit"
    assert refused.json()["errors"][0]["rule"] == "permission"
    assert clerk.patch(f"/api/customers/{brandl.customer_id}", json={"city": "Passau"}).status_code == 200
    assert api.patch(f"/api/customers/{brandl.customer_id}", json={"credit_limit": "1500"}).status_code == 200


def test_orders_on_credit_hold_wait_for_a_release_before_delivery_or_invoice(company, brandl):
    """Brandl's orders go on hold: a new order over the limit is accepted but held; neither a
    delivery note, an invoice nor a down payment comes from it until finance releases it."""
    from kontor.core.documents.partial import create_partial_invoice

    with company.write() as (session, ctx):
        set_hold_policy(session, ctx, brandl.customer_id, True, "Stammkunde, Einzelfreigabe")
    with company.write() as (session, ctx):
        order = new_document(session, ctx, brandl, "order", "2")  # 952 + 238 = 1,190.00: over
        order_id = order.id
        check = last_check(session, ctx, order.id)
        assert (check.outcome, check.risk) == ("held", D("1190.00"))
    for target in ("delivery_note", "invoice", "picking_slip"):
        with pytest.raises(Conflict, match=r"order AB\d+ is on credit hold since"):
            with company.write() as (session, ctx):
                convert(session, ctx, target, source_document_ids=[order_id])
    with pytest.raises(Conflict, match="on credit hold"):
        with company.write() as (session, ctx):
            create_partial_invoice(session, ctx, order_id, amount=D("50"), on=order.doc_date)
    clerk = company.add_user("clerk")
    with company.read() as (session, ctx):
        (held,) = list_holds(session, ctx, customer_id=brandl.customer_id)
        assert credit_status(session, ctx, brandl.customer_id)["held_orders"] == [held.id]
    with pytest.raises(PermissionDenied):
        with company.write(clerk) as (session, ctx):
            release_hold(session, ctx, held.id)
    with company.write() as (session, ctx):
        released = release_order(session, ctx, order_id, "Zahlung avisiert")
        assert (released.state, released.release_note) == ("released", "Zahlung avisiert")
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order_id])
        invoice = convert(session, ctx, "invoice", source_document_ids=[note.id])
        post_document(session, ctx, invoice.id)
    with pytest.raises(Conflict, match="was released"):
        with company.write() as (session, ctx):
            release_hold(session, ctx, held.id)


def test_without_the_hold_policy_other_kinds_are_refused_and_an_order_can_be_held_by_hand(company, brandl):
    with company.write() as (session, ctx):
        set_hold_policy(session, ctx, brandl.customer_id, True)
    with pytest.raises(CreditLimitExceeded):  # only orders go on hold; an invoice is refused
        with company.write() as (session, ctx):
            new_document(session, ctx, brandl, "invoice", "2")
    with company.write() as (session, ctx):
        set_hold_policy(session, ctx, brandl.customer_id, False)
    with pytest.raises(CreditLimitExceeded):
        with company.write() as (session, ctx):
            new_document(session, ctx, brandl, "order", "2")
    with company.write() as (session, ctx):
        small = new_document(session, ctx, brandl, "order", "0.25")
        hold_order(session, ctx, small.id, "Bonität wird geprüft")
    with pytest.raises(Conflict, match="Bonität wird geprüft"):
        with company.write() as (session, ctx):
            convert(session, ctx, "delivery_note", source_document_ids=[small.id])


@pytest.mark.hook("kontor_open_items")
def test_an_accounting_plugin_supplies_the_open_items_instead_of_kontors_own(company):
    """The external ledger says Brandl owes 800.00; kontor's own posted invoice of 119.00 is not
    counted then. An order of 238.00 makes 1,038.00: over. Without the plugin: 119 + 238."""
    shop = make_shop(company)
    with company.write() as (session, ctx):
        invoice = new_document(session, ctx, shop, "invoice", "1")
        post_document(session, ctx, invoice.id)
    company.enable("test_open_items")
    LEDGER[(company.code, "30001")] = D("800")
    try:
        with company.read() as (session, ctx):
            assert customer_risk(session, ctx, session.get(Customer, shop.customer_id)).open_items == D("800.00")
        with pytest.raises(CreditLimitExceeded, match="risk would be 1,038.00 EUR"):
            with company.write() as (session, ctx):
                new_document(session, ctx, shop, "order", "2")
    finally:
        del LEDGER[(company.code, "30001")]


def test_kontors_own_open_items_count_without_the_plugin(company, other_company):
    shop = make_shop(company)
    LEDGER[(company.code, "30001")] = D("800")  # known to the plugin, but this tenant has not enabled it
    try:
        with company.write() as (session, ctx):
            invoice = new_document(session, ctx, shop, "invoice", "1")
            post_document(session, ctx, invoice.id)
        with company.write() as (session, ctx):
            order = new_document(session, ctx, shop, "order", "2")
            check = last_check(session, ctx, order.id)
        assert (check.open_items, check.open_orders, check.risk) == (D("119.00"), D("238.00"), D("357.00"))
    finally:
        del LEDGER[(company.code, "30001")]


def test_the_delivery_run_passes_over_a_held_order_and_names_the_hold(company, brandl):
    """The night's delivery-note run delivers Brandl's released order but not the held one."""
    from kontor.core.documents.batch import DeliverySelection, run_delivery_notes

    with company.write() as (session, ctx):
        set_hold_policy(session, ctx, brandl.customer_id, True)
    with company.write() as (session, ctx):
        held = new_document(session, ctx, brandl, "order", "2")
        held_number = held.number
    result = run_delivery_notes(company.kontor.db, lambda session: company.context(session),
                                DeliverySelection(customer_id=brandl.customer_id))
    assert len(result.created) == 1  # the first order of eight hours
    (failure,) = result.failures
    assert failure.item.endswith(held_number) and "on credit hold" in failure.message
