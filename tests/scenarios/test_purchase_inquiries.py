"""Supplier inquiries and the price comparison: Bau GmbH asks for 200 m pipe and 10 valves;
the buyer asks Huber and Kurz at once, enters both offers, compares them line by line, and
orders from Huber. Kurz's inquiry is declined, and the customer's inquiry now carries Huber's
prices as its purchase prices for the markup calculation."""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.models import Document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.purchasing.inquiries import (
    create_supplier_inquiries,
    enter_offer,
    order_from_inquiry,
    price_comparison,
)
from kontor.core.purchasing.queries import OnOrder, on_order
from kontor.core.purchasing.schemas import (
    OfferInput,
    OfferLine,
    PurchaseLineInput,
    SupplierInquiryCreate,
)
from kontor.errors import Conflict, Invalid
from tests.scenarios.purchase_setup import purchase_world

D = Decimal


def test_ask_two_suppliers_compare_the_offers_and_order_from_one(company):
    world = purchase_world(company)
    with company.write() as (session, ctx):
        customer_inquiry = create_document(session, ctx, DocumentCreate(
            kind="inquiry", customer_id=world["customer"],
            lines=[LineInput(article_id=world["pipe"], quantity=D("200")),
                   LineInput(article_id=world["valve"], quantity=D("10"))]))
        huber, kurz = create_supplier_inquiries(session, ctx, SupplierInquiryCreate(
            supplier_ids=[world["huber"], world["kurz"]], doc_date=date(2026, 3, 2), delivery_date=date(2026, 3, 30),
            customer_inquiry_id=customer_inquiry.id,
            lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("200")),
                   PurchaseLineInput(article_id=world["valve"], quantity=D("10"))]))
        assert (huber.number, kurz.number, huber.kind) == ("LA000001", "LA000002", "supplier_inquiry")
        h_lines, k_lines = lines_of(session, huber.id), lines_of(session, kurz.id)
        assert [l.source_line_id for l in k_lines] == [l.id for l in h_lines]
        enter_offer(session, ctx, huber.id, OfferInput(lines=[
            OfferLine(line_id=h_lines[0].id, unit_price=D("4.10"), delivery_date=date(2026, 3, 20)),
            OfferLine(line_id=h_lines[1].id, unit_price=D("12.40"), delivery_date=date(2026, 3, 20))]))
        comparison = price_comparison(session, ctx, kurz.id)
        assert [[(o.supplier_number, o.unit_price, o.cheapest) for o in row.offers] for row in comparison] == [
            [("70001", D("4.1000"), True), ("70002", None, False)],
            [("70001", D("12.4000"), True), ("70002", None, False)]]
        enter_offer(session, ctx, kurz.id, OfferInput(lines=[
            OfferLine(line_id=k_lines[0].id, unit_price=D("4.05"), delivery_date=date(2026, 3, 25)),
            OfferLine(line_id=k_lines[1].id, unit_price=D("12.90"))]))
        comparison = price_comparison(session, ctx, huber.id)
        assert [(row.article_number, [(o.supplier_number, o.net_amount, o.delivery_date, o.cheapest)
                                      for o in row.offers]) for row in comparison] == [
            ("CU-15", [("70001", D("820.0000"), date(2026, 3, 20), False),
                       ("70002", D("810.0000"), date(2026, 3, 25), True)]),
            ("HV-12", [("70001", D("124.0000"), date(2026, 3, 20), True),
                       ("70002", D("129.0000"), date(2026, 3, 30), False)])]

        order = order_from_inquiry(session, ctx, huber.id, doc_date=date(2026, 3, 5))
        assert [(l.unit_price, l.source_line_id) for l in lines_of(session, order.id)] == [
            (D("4.1000"), h_lines[0].id), (D("12.4000"), h_lines[1].id)]
        assert (session.get(Document, huber.id).state, session.get(Document, kurz.id).state) == ("ordered", "declined")
        assert [l.cost_price for l in lines_of(session, customer_inquiry.id)] == [D("4.1000"), D("12.4000")]
        assert on_order(session, ctx.tenant_id)[world["pipe"]] == OnOrder(D("200"), date(2026, 3, 20))
        kurz_id = kurz.id
    with pytest.raises(Conflict, match="declined"):
        with company.write() as (session, ctx):
            order_from_inquiry(session, ctx, kurz_id)


def test_bad_inquiries_are_refused(company):
    world = purchase_world(company)
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            create_supplier_inquiries(session, ctx, SupplierInquiryCreate(
                supplier_ids=[world["huber"], world["huber"]],
                lines=[PurchaseLineInput(article_id=world["pipe"], quantity=D("1"))]))
    assert (refused.value.problems[0].field, refused.value.problems[0].rule) == ("supplier_ids.1", "unique")
    with company.write() as (session, ctx):
        (inquiry,) = create_supplier_inquiries(session, ctx, SupplierInquiryCreate(
            supplier_ids=[world["kurz"]], lines=[PurchaseLineInput(article_id=world["valve"], quantity=D("3"))]))
        inquiry_id = inquiry.id
    with pytest.raises(Conflict, match="only an offered inquiry is ordered"):
        with company.write() as (session, ctx):
            order_from_inquiry(session, ctx, inquiry_id)
    with pytest.raises(Invalid) as refused:
        with company.write() as (session, ctx):
            enter_offer(session, ctx, inquiry_id, OfferInput(lines=[OfferLine(line_id=999999, unit_price=D("1"))]))
    assert refused.value.problems[0].field == "lines.0.line_id"
