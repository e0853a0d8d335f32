"""What the clerk sees on a document: follow-up articles, texts from text blocks, addresses,
packages, picking slips that become delivery notes line by line, and done documents."""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.conversion import convert
from kontor.core.documents.schemas import DocumentCreate, DocumentUpdate, LineInput, Package, Take
from kontor.core.documents.services import (
    create_document,
    delete_document,
    lines_of,
    list_documents,
    read_document,
    set_done,
    update_document,
)
from kontor.core.masterdata.articles.models import Article, ArticleFollowUp
from kontor.core.masterdata.parties.models import Customer, CustomerAddress
from kontor.core.masterdata.texts.models import TextBlock
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.queries import on_hand
from kontor.errors import Conflict, Invalid

D = Decimal


@pytest.fixture
def data(company):
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH",
                            street="Hauptstr. 1", postal_code="80331", city="München")
        boiler = Article(tenant_id=ctx.tenant_id, number="K-1", description="Gasbrennwertkessel", sales_price_1=D("2400"))
        flue = Article(tenant_id=ctx.tenant_id, number="A-1", description="Abgasset", sales_price_1=D("180.50"))
        session.add_all([customer, boiler, flue])
        session.flush()
        session.add(ArticleFollowUp(tenant_id=ctx.tenant_id, article_id=boiler.id, follow_up_id=flue.id, quantity=D("1")))
        site = CustomerAddress(tenant_id=ctx.tenant_id, customer_id=customer.id, label="Baustelle", name1="Neubau Müller",
                               street="Am Hang 3", postal_code="82008", city="Unterhaching")
        session.add(site)
        session.add(TextBlock(tenant_id=ctx.tenant_id, code="KOPF", usage="header",
                              body="Sehr geehrte Damen und Herren der {customer_name}, zu Ihrer Bestellung "
                                   "{customer_order_number} bestätigen wir mit {document_number}:"))
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=boiler.id, quantity=D("4"), moved_on=date(2026, 1, 1), symbol="AB"),
                                  MoveSpec(article_id=flue.id, quantity=D("4"), moved_on=date(2026, 1, 1), symbol="AB")])
        return {"customer": customer.id, "boiler": boiler.id, "flue": flue.id, "site": site.id}


def test_a_boiler_brings_its_flue_kit_and_the_header_text_is_filled(company, data):
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=data["customer"], customer_order_number="B-4711", header_text_code="KOPF",
            delivery_address_id=data["site"], packages=[Package(count=2, kind="Palette", weight_kg=D("85.5"))],
            lines=[LineInput(article_id=data["boiler"], quantity=D("2"))]))
        lines = lines_of(session, order.id)
    assert [(l.article_number, l.quantity, l.position) for l in lines] == [("K-1", D("2"), 1), ("A-1", D("2"), 2)]
    assert order.header_text == ("Sehr geehrte Damen und Herren der Bau GmbH, zu Ihrer Bestellung B-4711 "
                                 "bestätigen wir mit AB000001:")
    assert (order.bill_name1, order.ship_name1, order.ship_city) == ("Bau GmbH", "Neubau Müller", "Unterhaching")
    assert order.packages == [{"count": 2, "kind": "Palette", "length_cm": "0", "width_cm": "0", "height_cm": "0",
                               "volume_m3": "0", "weight_kg": "85.5", "label": ""}]


def test_a_foreign_delivery_address_or_unknown_text_block_is_refused(company, other_company, data):
    with pytest.raises(Invalid, match="no text block 'NIX'"):
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(kind="quote", customer_id=data["customer"], header_text_code="NIX"))
    with pytest.raises(Invalid, match="not one of this customer's"):
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(kind="quote", customer_id=data["customer"],
                                                         delivery_address_id=data["site"] + 1000))


def test_a_picking_slip_moves_no_stock_until_its_lines_are_confirmed(company, data):
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=data["customer"],
                                                             lines=[LineInput(article_id=data["boiler"], quantity=D("2"))]))
        slip = convert(session, ctx, "picking_slip", source_document_ids=[order.id])
        assert slip.number == "KS000001"
        assert on_hand(session, ctx, data["boiler"]) == D("4")
        boiler_line, flue_line = lines_of(session, slip.id)
        note = convert(session, ctx, "delivery_note", [Take(source_line_id=boiler_line.id)])
        assert on_hand(session, ctx, data["boiler"]) == D("2") and on_hand(session, ctx, data["flue"]) == D("4")
        assert read_document(session, ctx, slip.id)["state"] == "partly_confirmed"
        convert(session, ctx, "delivery_note", [Take(source_line_id=flue_line.id)])
        assert read_document(session, ctx, slip.id)["state"] == "confirmed"
        assert read_document(session, ctx, order.id)["state"] == "delivered"
        assert [l.order_line_id for l in lines_of(session, note.id)] == [lines_of(session, order.id)[0].id]


def test_done_documents_leave_the_working_list_and_come_back(company, data):
    with company.write() as (session, ctx):
        quote = create_document(session, ctx, DocumentCreate(kind="quote", customer_id=data["customer"],
                                                             lines=[LineInput(article_id=data["flue"], quantity=D("1"))]))
        set_done(session, ctx, quote.id, True)
        assert [d.id for d in list_documents(session, ctx)[0]] == []
        assert [d.id for d in list_documents(session, ctx, include_done=True)[0]] == [quote.id]
        with pytest.raises(Conflict, match="is done"):
            update_document(session, ctx, quote.id, DocumentUpdate(footer_text="x"))
        set_done(session, ctx, quote.id, False)
        update_document(session, ctx, quote.id, DocumentUpdate(footer_text="Gültig 30 Tage"))
        assert read_document(session, ctx, quote.id)["footer_text"] == "Gültig 30 Tage"


def test_an_order_with_a_number_is_not_deleted_but_a_quote_is(company, data):
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=data["customer"]))
        quote = create_document(session, ctx, DocumentCreate(kind="quote", customer_id=data["customer"]))
        with pytest.raises(Conflict, match="has a number and stays"):
            delete_document(session, ctx, order.id)
        delete_document(session, ctx, quote.id)
        assert [d.kind for d in list_documents(session, ctx)[0]] == ["order"]


def test_lines_of_another_customer_cannot_go_into_one_delivery_note(company, data):
    with company.write() as (session, ctx):
        other = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="ANDERE", name1="Andere KG")
        session.add(other)
        session.flush()
        first = create_document(session, ctx, DocumentCreate(kind="order", customer_id=data["customer"],
                                                             lines=[LineInput(article_id=data["flue"], quantity=D("1"))]))
        second = create_document(session, ctx, DocumentCreate(kind="order", customer_id=other.id,
                                                              lines=[LineInput(article_id=data["flue"], quantity=D("1"))]))
        first_id, second_id = first.id, second.id
    with pytest.raises(Conflict, match="different customers"):
        with company.write() as (session, ctx):
            convert(session, ctx, "delivery_note", source_document_ids=[first_id, second_id])


def test_two_orders_of_one_customer_go_into_one_delivery_note(company, data):
    with company.write() as (session, ctx):
        orders = [create_document(session, ctx, DocumentCreate(kind="order", customer_id=data["customer"],
                                                               lines=[LineInput(article_id=data["flue"], quantity=D(q))]))
                  for q in ("1", "2")]
        note = convert(session, ctx, "delivery_note", source_document_ids=[o.id for o in orders])
        assert [l.quantity for l in lines_of(session, note.id)] == [D("1"), D("2")]
        assert {read_document(session, ctx, o.id)["state"] for o in orders} == {"delivered"}
