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
