"""Plugins hear the document lifecycle after commit and steer stock postings."""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.documents.conversion import convert
from kontor.core.documents.posting import post_document
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockLevel, Warehouse
from kontor.errors import Conflict
from tests.plugins.document_events_plugin import HEARD

D = Decimal


@pytest.fixture
def setup(company):
    company.enable("test_events")
    with company.write() as (session, ctx):
        customer = Customer(tenant_id=ctx.tenant_id, number="1", short_name="K", name1="K GmbH")
        second = Warehouse(tenant_id=ctx.tenant_id, code="ZWEI", name="Außenlager")
        article = Article(tenant_id=ctx.tenant_id, number="Z-1", description="Ventil", sales_price_1=D("10"))
        session.add_all([customer, second, article])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=article.id, quantity=D("500"), moved_on=date(2026, 1, 1), symbol="AB")])
        HEARD.clear()
        return customer.id, article.id, second.id


@pytest.mark.hook("kontor_document_created", "kontor_document_converted", "kontor_document_posted")
def test_events_follow_the_flow_after_each_commit(company, setup):
    customer, article, _ = setup
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                             lines=[LineInput(article_id=article, quantity=D("2"))]))
        assert HEARD == []  # nothing is announced before the commit
    with company.write() as (session, ctx):
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id])
    with company.write() as (session, ctx):
        invoice = convert(session, ctx, "invoice", source_document_ids=[note.id])
        post_document(session, ctx, invoice.id)
    code = company.code
    assert HEARD == [
        ("created", code, "order", "AB000001"),
        ("moves", code, 1),
        ("created", code, "delivery_note", "LS000001"),
        ("converted", code, "delivery_note", 1),
        ("created", code, "invoice", None),
        ("converted", code, "invoice", 1),
        ("posted", code, "invoice", "RE000001"),
    ]


def test_a_rolled_back_document_is_never_announced(company, setup):
    customer, article, _ = setup
    with pytest.raises(RuntimeError):
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                         lines=[LineInput(article_id=article, quantity=D("1"))]))
            raise RuntimeError("the clerk's connection dropped")
    assert HEARD == []


@pytest.mark.hook("kontor_select_warehouse")
def test_the_warehouse_hook_decides_where_stock_goes(company, setup):
    customer, article, second = setup
    with company.read() as (session, ctx):
        levels = session.exec(__import__("sqlmodel").select(StockLevel).where(StockLevel.article_id == article)).all()
    assert [(level.warehouse_id, level.on_hand) for level in levels] == [(second, D("500"))]


def test_the_warehouse_hook_of_a_disabled_plugin_is_not_asked(other_company):
    with other_company.write() as (session, ctx):
        article = Article(tenant_id=ctx.tenant_id, number="Z-1", description="Ventil")
        session.add(article)
        session.flush()
        moves = post_moves(session, ctx, [MoveSpec(article_id=article.id, quantity=D("1"), moved_on=date(2026, 1, 1), symbol="AB")])
        default = session.exec(__import__("sqlmodel").select(Warehouse).where(Warehouse.tenant_id == ctx.tenant_id)).one()
    assert moves[0].warehouse_id == default.id and default.code == "HL"


@pytest.mark.hook("kontor_stock_moves_posted")
def test_a_plugin_can_veto_stock_moves_and_nothing_is_written(company, setup):
    customer, article, _ = setup
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                             lines=[LineInput(article_id=article, quantity=D("101"))]))
    HEARD.clear()
    with pytest.raises(Conflict, match="no delivery of more than 100"):
        with company.write() as (session, ctx):
            convert(session, ctx, "delivery_note", source_document_ids=[order.id])
    with company.read() as (session, ctx):
        level = session.exec(__import__("sqlmodel").select(StockLevel).where(StockLevel.article_id == article)).one()
    assert level.on_hand == D("500") and HEARD == []


# -- events are hook calls, checked when queued; a failing listener is named and recorded ----------


@pytest.mark.hook("kontor_document_cancelled")
def test_an_invoice_corrected_in_full_and_a_cancelled_purchase_order_are_announced(company, setup):
    from kontor.core.documents.returns import correct_invoice
    from kontor.core.masterdata.parties.models import Supplier
    from kontor.core.purchasing.orders import cancel_order, create_purchase_order
    from kontor.core.purchasing.schemas import PurchaseLineInput, PurchaseOrderCreate

    customer, article, _ = setup
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                             lines=[LineInput(article_id=article, quantity=D("2"))]))
        note = convert(session, ctx, "delivery_note", source_document_ids=[order.id])
        invoice = post_document(session, ctx, convert(session, ctx, "invoice", source_document_ids=[note.id]).id)
    HEARD.clear()
    with company.write() as (session, ctx):
        credit = correct_invoice(session, ctx, invoice.id)
    code = company.code
    assert HEARD[-1] == ("cancelled", code, "invoice", invoice.number, True)
    assert ("posted", code, "credit_note", credit.number) in HEARD

    with company.write() as (session, ctx):
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="HUBER", name1="Huber KG")
        session.add(supplier)
        session.flush()
        purchase = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=supplier.id, lines=[PurchaseLineInput(article_id=article, quantity=D("5"))]))
    HEARD.clear()
    with company.write() as (session, ctx):
        cancel_order(session, ctx, purchase.id)
    assert HEARD == [("cancelled", code, "purchase_order", purchase.number, False)]


def test_an_event_is_checked_when_it_is_queued(company):
    from kontor.core.events import EventError, after_commit, pending_events

    with company.write() as (session, ctx):
        with pytest.raises(AttributeError):
            after_commit(session, ctx, ctx.hooks.kontor_document_creatd, document_id=1, kind="order", number="A")
        with pytest.raises(EventError, match="kontor_unit_price is not an after-commit event"):
            after_commit(session, ctx, ctx.hooks.kontor_unit_price, request=None)
        with pytest.raises(EventError, match="kontor_document_created takes document_id, kind, number; missing number"):
            after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=1, kind="order")
        with pytest.raises(EventError, match="unknown nummer"):
            after_commit(session, ctx, ctx.hooks.kontor_document_posted, document_id=1, kind="invoice", number="R",
                         nummer="R")
        with pytest.raises(EventError, match="is not an after-commit event"):
            after_commit(session, ctx, "kontor_document_created", document_id=1, kind="order", number="A")
        assert pending_events(session) == []


def test_a_failing_listener_is_named_and_recorded_and_the_others_still_hear(company, setup, api):
    """The export plugin fails on the order marked LISTENER-FAILS: the order is committed, the
    other plugin still hears it, and the failure is listed with the plugin's name."""
    customer, article, _ = setup
    company.enable("test_loud")
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                             customer_order_number="LISTENER-FAILS",
                                                             lines=[LineInput(article_id=article, quantity=D("1"))]))
    assert ("created", company.code, "order", order.number) in HEARD
    with company.read() as (session, ctx):
        assert session.get(type(order), order.id) is not None
    answer = api.get("/api/events/failures").json()
    assert answer["total"] == 1
    failure = answer["items"][0]
    assert (failure["plugin"], failure["hook"]) == ("test_loud", "kontor_document_created")
    assert failure["error"] == f"RuntimeError: the export of order {order.id} failed"
    assert f'"document_id": {order.id}' in failure["arguments"]
    assert api.get("/api/events/failures", params={"plugin": "test_events"}).json()["total"] == 0


def test_a_plugin_announces_its_own_event_after_the_commit(company, setup):
    from tests.plugins.listener_failure_plugin import NOTED

    customer, article, _ = setup
    company.enable("test_loud")
    NOTED.clear()
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=customer,
                                                             lines=[LineInput(article_id=article, quantity=D("1"))]))
        assert NOTED == []
    assert NOTED == [(company.code, order.id, "seen")]


def test_a_plugin_hook_without_the_plugin_prefix_is_refused():
    from kontor.plugins import PluginError, PluginMeta, build_plugin_host, hookimpl

    class Specs:
        def kontor_other_thing(ctx) -> None:
            """Named for another plugin."""

    module = type("module", (), {"PLUGIN": PluginMeta(name="test_prefix", title="x", hookspecs=Specs),
                                 "hook": hookimpl(lambda: None)})
    with pytest.raises(PluginError, match="without its prefix kontor_test_prefix_: kontor_other_thing"):
        build_plugin_host(discover=False, extra=[module])
