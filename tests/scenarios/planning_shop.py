"""Demo data shared by the availability, reservation and reorder-proposal scenarios: a
heating wholesaler with a customer, two suppliers and articles with stock limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.stock.ledger import MoveSpec, post_moves

D = Decimal


def build_shop(company) -> dict[str, int]:
    """Customer Sanitär Huber; suppliers Heizungsgroßhandel Nord (main for the pump) and
    Pumpen Süd (cheaper); pump (20 on hand, reorder at 15, max 40), valve (5 on hand),
    radiator (none on hand)."""
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        customer = Customer(tenant_id=ctx.tenant_id, number="20001", short_name="HUBER", name1="Sanitär Huber KG",
                            city="Augsburg", price_class=1)
        nord = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="NORD", name1="Heizungsgroßhandel Nord")
        sued = Supplier(tenant_id=ctx.tenant_id, number="70002", short_name="SUED", name1="Pumpen Süd GmbH")
        pump = Article(tenant_id=ctx.tenant_id, number="UP-25", description="Umwälzpumpe 25-60", sales_price_1=D("189.00"),
                       purchase_price=D("95.00"), tax_code_id=tax.id, min_stock=D("5"), reorder_stock=D("15"),
                       max_stock=D("40"), safety_stock=D("4"))
        valve = Article(tenant_id=ctx.tenant_id, number="TV-12", description="Thermostatventil", sales_price_1=D("24.50"),
                        purchase_price=D("9.80"), tax_code_id=tax.id, min_stock=D("10"), reorder_stock=D("10"))
        radiator = Article(tenant_id=ctx.tenant_id, number="HK-600", description="Heizkörper 600x1000",
                           sales_price_1=D("240.00"), purchase_price=D("130.00"), tax_code_id=tax.id)
        session.add_all([customer, nord, sued, pump, valve, radiator])
        session.flush()
        session.add_all([
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=pump.id, supplier_id=nord.id, net_price=D("95.00"),
                            is_main=True, lead_time_days=5, minimum_quantity=D("2")),
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=pump.id, supplier_id=sued.id, net_price=D("91.50"),
                            lead_time_days=12),
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=valve.id, supplier_id=nord.id, net_price=D("9.80"),
                            is_main=True, lead_time_days=3, minimum_quantity=D("25")),
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=radiator.id, supplier_id=sued.id, net_price=D("130.00"),
                            is_main=True, lead_time_days=10),
        ])
        post_moves(session, ctx, [
            MoveSpec(article_id=pump.id, quantity=D("20"), moved_on=date(2026, 1, 2), symbol="AB"),
            MoveSpec(article_id=valve.id, quantity=D("5"), moved_on=date(2026, 1, 2), symbol="AB"),
        ])
        return {"customer": customer.id, "nord": nord.id, "sued": sued.id, "pump": pump.id, "valve": valve.id,
                "radiator": radiator.id}


def order_for(company, shop, lines, delivery_date=None) -> tuple[int, list[int]]:
    """A customer order of Sanitär Huber with (article key, quantity) lines; returns ids."""
    from kontor.core.documents.schemas import DocumentCreate, LineInput
    from kontor.core.documents.services import create_document, lines_of

    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(
            kind="order", customer_id=shop["customer"], customer_delivery_date=delivery_date,
            lines=[LineInput(article_id=shop[key], quantity=D(qty)) for key, qty in lines]))
        return order.id, [line.id for line in lines_of(session, order.id)]


def purchase_order(company, shop, supplier, lines, delivery_date) -> tuple[int, list[int]]:
    from kontor.core.documents.services import lines_of
    from kontor.core.purchasing.orders import create_purchase_order
    from kontor.core.purchasing.schemas import PurchaseLineInput, PurchaseOrderCreate

    with company.write() as (session, ctx):
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=shop[supplier], delivery_date=delivery_date,
            lines=[PurchaseLineInput(article_id=shop[key], quantity=D(qty)) for key, qty in lines]))
        return order.id, [line.id for line in lines_of(session, order.id)]
