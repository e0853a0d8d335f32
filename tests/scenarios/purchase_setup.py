"""Demo data the purchase scenarios share: a wholesaler buying heating parts.

Sanitär Huber KG supplies copper pipes (net price 4.20 per metre, 5 days lead time) and
radiator valves (net price 12.50, 10 days); Metallbau Kurz is a second supplier; the branch
in Graz is entered as a supplier of its own for internal orders. Pipes and valves are
material articles at 19 %, installation hours are labour.
"""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.stock.queries import verify_ledger

D = Decimal


def purchase_world(company) -> dict[str, int]:
    with company.write() as (session, ctx):
        codes = {t.code: t.id for t in session.exec(select(TaxCode).where(TaxCode.tenant_id == ctx.tenant_id))}
        huber = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="HUBER", name1="Sanitär Huber KG",
                         street="Lindenweg 3", postal_code="80331", city="München")
        kurz = Supplier(tenant_id=ctx.tenant_id, number="70002", short_name="KURZ", name1="Metallbau Kurz",
                        rating="B")
        graz = Supplier(tenant_id=ctx.tenant_id, number="79001", short_name="FILIALE-GRAZ",
                        name1="Filiale Graz (intern)")
        pipe = Article(tenant_id=ctx.tenant_id, number="CU-15", description="Kupferrohr 15 mm", article_type="M",
                       purchase_price=D("4.50"), average_cost=D("4.00"), sales_price_1=D("7.90"),
                       tax_code_id=codes["U19"])
        valve = Article(tenant_id=ctx.tenant_id, number="HV-12", description="Heizkörperventil", article_type="M",
                        purchase_price=D("13.00"), sales_price_1=D("24.90"), tax_code_id=codes["U19"])
        hours = Article(tenant_id=ctx.tenant_id, number="MON", description="Montagestunde", article_type="L",
                        sales_price_1=D("58.00"), tax_code_id=codes["U19"])
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        session.add_all([huber, kurz, graz, pipe, valve, hours, customer])
        session.flush()
        session.add_all([
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=pipe.id, supplier_id=huber.id, net_price=D("4.20"),
                            lead_time_days=5, is_main=True),
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=valve.id, supplier_id=huber.id,
                            net_price=D("12.50"), lead_time_days=10, is_main=True),
            ArticleSupplier(tenant_id=ctx.tenant_id, article_id=valve.id, supplier_id=kurz.id,
                            gross_price=D("15.00"), discount_percent=D("10"), lead_time_days=3),
        ])
        return {"huber": huber.id, "kurz": kurz.id, "graz": graz.id, "pipe": pipe.id, "valve": valve.id,
                "hours": hours.id, "customer": customer.id, "u19": codes["U19"], "u7": codes["U7"]}


def assert_ledger_holds(company) -> None:
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == []
