"""The wholesaler the multi_warehouse scenarios share.

Haustechnik Muster keeps its main warehouse HL (the core's default) and a second warehouse
NORD with two locations, A-01 (the default) and A-02. It sells circulation pumps and valves
(material) and fitter hours (labour) to Bau GmbH (customer 10001) and Holz KG (10002). The
pumps start with 20 in HL, the valves with 8.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from kontor.api import (
    Article, Customer, StockLevel, StockMove, TaxCode, book_opening_stock, create_record, default_warehouse,
    verify_ledger,
)

D = Decimal
DAY = date(2026, 3, 2)


def make_world(company, *, enable: bool = True) -> dict[str, int]:
    if enable:
        company.enable("multi_warehouse")
    with company.write() as (session, ctx):
        u19 = session.exec(select(TaxCode.id).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        bau = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        holz = Customer(tenant_id=ctx.tenant_id, number="10002", short_name="HOLZ", name1="Holz KG")
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Umwälzpumpe", article_type="M",
                       sales_price_1=D("120.00"), purchase_price=D("60"), tax_code_id=u19)
        valve = Article(tenant_id=ctx.tenant_id, number="V-1", description="Ventil", article_type="M",
                        sales_price_1=D("20.00"), purchase_price=D("8"), tax_code_id=u19)
        hours = Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L",
                        sales_price_1=D("58.50"), tax_code_id=u19)
        session.add_all([bau, holz, pump, valve, hours])
        session.flush()
        book_opening_stock(session, ctx, pump.id, D("20"), DAY)
        book_opening_stock(session, ctx, valve.id, D("8"), DAY)
        ids = {"bau": bau.id, "holz": holz.id, "pump": pump.id, "valve": valve.id, "hours": hours.id,
               "hl": default_warehouse(session, ctx.tenant_id).id}
    if enable:
        with company.write() as (session, ctx):
            from kontor_multi_warehouse.resources import LOCATIONS, WAREHOUSES

            nord = create_record(session, ctx, WAREHOUSES, WAREHOUSES.create_schema(code="NORD", name="Lager Nord"))
            for code, default in (("A-01", True), ("A-02", False)):
                create_record(session, ctx, LOCATIONS, LOCATIONS.create_schema(
                    warehouse_id=nord.id, code=code, name=f"Regal {code}", is_default=default))
            ids["nord"] = nord.id
    return ids


def levels(company, article_id: int) -> dict[int, Decimal]:
    """Free stock of an article per warehouse id (levels without stock left out)."""
    with company.read() as (session, ctx):
        rows = session.exec(select(StockLevel.warehouse_id, StockLevel.on_hand).where(
            StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id == article_id)).all()
    return {w: q for w, q in rows if q != 0}


def moves_of(company, document_id: int) -> list[tuple[int, str, Decimal, str]]:
    """(warehouse, location, quantity, symbol) of a document's movements, in posting order."""
    with company.read() as (session, ctx):
        rows = session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id,
                                                    StockMove.document_id == document_id).order_by(StockMove.id))
        return [(m.warehouse_id, m.location, m.quantity, m.symbol) for m in rows]


def assert_ledger_holds(company) -> None:
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == []
