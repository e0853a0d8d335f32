"""Consignment stock: goods lent to a customer, billed when he reports what he used."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.api import (
    Conflict, DocumentCreate, DocumentUpdate, Invalid, LineInput, Warehouse, convert, create_document, lines_of,
    list_documents, update_document,
)

from multi_warehouse_world import DAY, assert_ledger_holds, levels, make_world, moves_of

from kontor_multi_warehouse.choices import CreateWithChoice, StockChoice, choose_for_document, create_with_choice
from kontor_multi_warehouse.consignment import (
    ConsignmentInvoiceRequest,
    ConsignmentUse,
    consignment_stock,
    invoice_consignment,
    list_consignments,
)
from kontor_multi_warehouse.models import Consignment

D = Decimal


def _consignment_note(company, w, *lines, customer="bau"):
    with company.write() as (session, ctx):
        note = create_with_choice(session, ctx, CreateWithChoice(mode="consignment", document=DocumentCreate(
            kind="delivery_note", customer_id=w[customer], doc_date=DAY,
            lines=[LineInput(article_id=w[name], quantity=D(q)) for name, q in lines])))
        return note.id, note.variant


def _stock_at(company, customer_id):
    with company.read() as (session, ctx):
        return {i["article_number"]: i["quantity"] for i in consignment_stock(session, ctx, customer_id)["items"]}


def test_the_first_consignment_delivery_opens_the_customers_consignment_warehouse(company):
    """Bau GmbH gets 5 pumps and 2 valves on consignment: the note makes his consignment
    warehouse K-10001 and books the goods out of HL into it, all with symbol KL. A second
    consignment note to him uses the same warehouse; Holz KG gets one of his own."""
    w = make_world(company)
    note_id, variant = _consignment_note(company, w, ("pump", "5"), ("valve", "2"), ("hours", "1"))
    assert variant == "consignment"
    with company.read() as (session, ctx):
        [bau] = [c for c in list_consignments(session, ctx) if c["customer_id"] == w["bau"]]
        assert bau["warehouse_code"] == "K-10001"
        k_bau = bau["warehouse_id"]
    assert moves_of(company, note_id) == [(w["hl"], "", D("-5"), "KL"), (k_bau, "", D("5"), "KL"),
                                          (w["hl"], "", D("-2"), "KL"), (k_bau, "", D("2"), "KL")]
    assert levels(company, w["pump"]) == {w["hl"]: D("15"), k_bau: D("5")}

    _consignment_note(company, w, ("pump", "1"))
    _consignment_note(company, w, ("pump", "2"), customer="holz")
    with company.read() as (session, ctx):
        rows = session.exec(select(Consignment.customer_id, Warehouse.code).join(
            Warehouse, Warehouse.id == Consignment.warehouse_id).where(Consignment.tenant_id == ctx.tenant_id)).all()
    assert sorted(code for _, code in rows) == ["K-10001", "K-10002"]
    assert _stock_at(company, w["bau"]) == {"P-1": D("6"), "V-1": D("2")}
    assert_ledger_holds(company)


def test_a_changed_consignment_note_keeps_both_movements_equal_to_its_line(company):
    """The clerk corrects the consignment note from 5 pumps to 3: our warehouse gets two back
    and the consignment stock loses them, in one go."""
    w = make_world(company)
    note_id, _ = _consignment_note(company, w, ("pump", "5"))
    with company.write() as (session, ctx):
        line = lines_of(session, note_id)[0]
        update_document(session, ctx, note_id, DocumentUpdate(lines=[LineInput(id=line.id, quantity=D("3"))]))
    assert _stock_at(company, w["bau"]) == {"P-1": D("3")}
    assert levels(company, w["pump"])[w["hl"]] == D("17")
    assert_ledger_holds(company)


def test_the_consignment_invoice_bills_what_was_used_and_takes_it_out_of_the_consignment_stock(company):
    """Bau reports 2 pumps used: the consignment invoice is posted at once with a number, and
    the pumps leave his consignment warehouse (KR). Billing 4 more (3 are left) is refused and
    writes nothing; a customer without consignment stock cannot get one."""
    w = make_world(company)
    _consignment_note(company, w, ("pump", "5"))
    with company.write() as (session, ctx):
        invoice = invoice_consignment(session, ctx, ConsignmentInvoiceRequest(
            customer_id=w["bau"], doc_date=DAY, lines=[ConsignmentUse(article_id=w["pump"], quantity=D("2"))]))
        invoice_id, number, variant = invoice.id, invoice.number, invoice.variant
        assert invoice.posted_at is not None and invoice.net_total == D("240.00")
    assert number and variant == "consignment"
    k_bau = _consignment_id(company, w["bau"])
    assert moves_of(company, invoice_id) == [(k_bau, "", D("-2"), "KR")]
    assert _stock_at(company, w["bau"]) == {"P-1": D("3")}

    with pytest.raises(Conflict, match="consignment stock holds 3, 4 billed"), company.write() as (session, ctx):
        invoice_consignment(session, ctx, ConsignmentInvoiceRequest(
            customer_id=w["bau"], lines=[ConsignmentUse(article_id=w["pump"], quantity=D("4"))]))
    with pytest.raises(Conflict, match="no consignment stock"), company.write() as (session, ctx):
        invoice_consignment(session, ctx, ConsignmentInvoiceRequest(
            customer_id=w["holz"], lines=[ConsignmentUse(article_id=w["pump"], quantity=D("1"))]))
    with company.read() as (session, ctx):
        _, invoices = list_documents(session, ctx, kind="invoice")
    assert invoices == 1
    assert _stock_at(company, w["bau"]) == {"P-1": D("3")}
    assert_ledger_holds(company)


def test_an_order_marked_consignment_delivers_into_the_consignment_stock(company):
    """An order is marked consignment: the delivery note made from it (by the core's
    conversion) books its goods into the customer's consignment warehouse as well."""
    w = make_world(company)
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=w["holz"], doc_date=DAY,
                                                             lines=[LineInput(article_id=w["valve"], quantity=D("4"))]))
        choose_for_document(session, ctx, order.id, StockChoice(mode="consignment"))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id], doc_date=DAY)
        note_id, variant = note.id, note.variant
    assert variant == "consignment"
    assert _stock_at(company, w["holz"]) == {"V-1": D("4")}
    assert [(q, s) for _, _, q, s in moves_of(company, note_id)] == [(D("-4"), "KL"), (D("4"), "KL")]
    assert_ledger_holds(company)


def _consignment_id(company, customer_id):
    with company.read() as (session, ctx):
        return session.exec(select(Consignment.warehouse_id).where(Consignment.tenant_id == ctx.tenant_id,
                                                                   Consignment.customer_id == customer_id)).one()


def test_a_consignment_delivery_cannot_leave_the_customers_own_consignment_warehouse(company):
    """Choosing Bau's consignment warehouse as the source of a consignment delivery to him is
    refused naming field and rule; his consignment stock stays as it was."""
    w = make_world(company)
    _consignment_note(company, w, ("pump", "2"))
    k_bau = _consignment_id(company, w["bau"])
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        create_with_choice(session, ctx, CreateWithChoice(mode="consignment", warehouse_id=k_bau, document=DocumentCreate(
            kind="delivery_note", customer_id=w["bau"], doc_date=DAY,
            lines=[LineInput(article_id=w["pump"], quantity=D("1"))])))
    assert [(p.field, p.rule) for p in refused.value.problems] == [("warehouse_id", "not_consignment")]
    assert _stock_at(company, w["bau"]) == {"P-1": D("2")}
    assert_ledger_holds(company)
