"""Lock rules: a delivered order, an invoiced delivery note, an accepted quote stop changing;
a posted invoice never changes, whatever the rules say."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.audit import AuditEntry
from kontor.core.documents.conversion import convert
from kontor.core.documents.locking import apply_lock_rules, lock_rules
from kontor.core.documents.models import Document
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput, Take
from kontor.core.documents.services import create_document, lines_of, update_document
from kontor.core.masterdata.basics.parameters import CompanyParameters, get_parameters, set_parameters
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Conflict

D = Decimal


@pytest.fixture
def quote_and_order(company):
    """Quote AN000001 for 4 fitting hours and 2 inspections, taken over into order AB000001."""
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        session.add(customer)
        session.flush()
        quote = create_document(session, ctx, DocumentCreate(
            kind="quote", customer_id=customer.id, doc_date=date(2026, 3, 2),
            lines=[LineInput(description="Monteurstunde", article_type="L", quantity=D("4"), unit_price=D("58.50")),
                   LineInput(description="Inspektion", article_type="L", quantity=D("2"), unit_price=D("80.00"))]))
        order = convert(session, ctx, "order", source_document_ids=[quote.id], doc_date=date(2026, 3, 3))
        return {"quote": quote.id, "order": order.id}


def set_rules(company, rules):
    with company.write() as (session, ctx):
        set_parameters(session, ctx, get_parameters(session, ctx).model_copy(update={"lock_rules": rules}))


def change(company, document_id, text="geändert"):
    with company.write() as (session, ctx):
        return update_document(session, ctx, document_id, DocumentUpdate(header_text=text))


def locked(company, document_id) -> bool:
    with company.read() as (session, ctx):
        return session.get(Document, document_id).locked


def test_the_default_rules_lock_a_fully_delivered_order(company, quote_and_order):
    order_id = quote_and_order["order"]
    with company.read() as (session, ctx):
        assert lock_rules(session, ctx.tenant_id) == ["invoice_posted", "order_delivered"]
        order_lines = lines_of(session, order_id)
    with company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", [Take(source_line_id=order_lines[0].id, quantity=D("1"))])
        assert apply_lock_rules(session, ctx, [order_id, quote_and_order["quote"]]) == {}
    change(company, order_id)  # partly delivered: still changeable
    with company.write() as (session, ctx):
        convert(session, ctx, "delivery_note", source_document_ids=[order_id])
        assert apply_lock_rules(session, ctx, [order_id]) == {order_id: "order_delivered"}
    assert locked(company, order_id)
    with pytest.raises(Conflict, match="order AB000001 is locked by the lock rule 'order_delivered' "
                                       "\\(an order locks once fully delivered\\) and cannot change"):
        change(company, order_id, "noch einmal")
    with company.write() as (session, ctx):
        assert session.get(Document, order_id).header_text == "geändert"  # the refusal wrote nothing
        # a locked order is still billed
        invoice = convert(session, ctx, "invoice", source_document_ids=[order_id], doc_date=date(2026, 3, 9))
        assert invoice.order_id is None and lines_of(session, invoice.id)[0].order_line_id == order_lines[0].id
        entry = session.exec(select(AuditEntry).where(AuditEntry.tenant_id == ctx.tenant_id,
                                                      AuditEntry.record_id == order_id,
                                                      AuditEntry.action == "lock")).one()
        assert entry.after == {"locked": True, "rule": "order_delivered"}

    # dropping the rule frees the order the next time the rules are applied
    set_rules(company, ["invoice_posted"])
    with company.write() as (session, ctx):
        assert apply_lock_rules(session, ctx, [order_id]) == {}
    assert not locked(company, order_id)
    change(company, order_id, "wieder frei")


def test_quote_delivery_note_and_order_rules(company, quote_and_order):
    set_rules(company, ["quote_accepted", "delivery_note_invoiced", "order_invoiced"])
    order_id, quote_id = quote_and_order["order"], quote_and_order["quote"]
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order_id])
        note_lines = lines_of(session, note.id)
        assert apply_lock_rules(session, ctx, [quote_id, order_id, note.id]) == {quote_id: "quote_accepted"}
        note_id = note.id
    with pytest.raises(Conflict, match="quote AN000001 is locked by the lock rule 'quote_accepted'"):
        change(company, quote_id)
    with company.write() as (session, ctx):
        convert(session, ctx, "invoice", [Take(source_line_id=note_lines[0].id)], doc_date=date(2026, 3, 9))
        assert apply_lock_rules(session, ctx, [order_id, note_id]) == {}  # half invoiced
    change(company, note_id)
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", [Take(source_line_id=note_lines[1].id)], doc_date=date(2026, 3, 9))
        assert apply_lock_rules(session, ctx, [order_id, note_id]) == {order_id: "order_invoiced",
                                                                       note_id: "delivery_note_invoiced"}
        invoice_id = invoice.id
    with pytest.raises(Conflict, match="delivery note LS000001 is locked by the lock rule 'delivery_note_invoiced'"):
        change(company, note_id)
    with pytest.raises(Conflict, match="order AB000001 is locked by the lock rule 'order_invoiced'"):
        change(company, order_id)
    # the draft invoice is not locked (the rules never lock what is not posted yet)
    change(company, invoice_id)


def test_a_posted_invoice_is_locked_whatever_the_rules(company, quote_and_order):
    set_rules(company, [])
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[quote_and_order["order"]],
                          doc_date=date(2026, 3, 9))
        assert not invoice.locked
        posted = post_document(session, ctx, invoice.id)
        assert posted.locked
        assert apply_lock_rules(session, ctx, [posted.id]) == {}  # posted documents are left alone
        invoice_id = posted.id
    assert locked(company, invoice_id)
    with pytest.raises(Conflict, match="invoice RE000001 is posted and cannot change"):
        change(company, invoice_id)


def test_lock_rules_are_checked_parameters():
    assert CompanyParameters().lock_rules == ["invoice_posted", "order_delivered"]
    with pytest.raises(ValueError, match="lock_rules.0"):
        CompanyParameters(lock_rules=["invoice_paid"])
