"""Generating a benchmark company fast: master data and history are written with set-based
inserts (SQLAlchemy Core, executemany in chunks), because the benchmark measures the
operations, not the loading. What is generated is what a wholesaler has: customers with
payment terms and price classes, articles of all five types with supplier prices, quantity
breaks and a discount matrix, opening stock for every material article, and (for the large
figures) a ledger of past movements.

Random numbers come from a seeded generator, so two runs at one scale hold the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from kontor.core.masterdata.articles.models import Article, ArticleQuantityBreak, ArticleSupplier
from kontor.core.masterdata.basics.models import PaymentTerm, TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.stock.models import StockLevel, StockMove, Warehouse
from kontor.db.base import utcnow

CHUNK = 5000
ARTICLE_TYPES = ("M", "M", "M", "M", "M", "M", "L", "F", "D", "P")  # mostly material, every type present
OPENING_DAY = date(2025, 1, 2)


@dataclass
class Scale:
    customers: int
    articles: int
    opening_stock: Decimal = Decimal("1000000")  # plenty: the flow figures never run out of stock


@dataclass
class Generated:
    customer_ids: list[int] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)
    material_ids: list[int] = field(default_factory=list)
    supplier_ids: list[int] = field(default_factory=list)
    warehouse_id: int = 0


def chunks(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk_insert(session, table, rows: Iterable[dict], progress: Callable[[int], None] | None = None) -> None:
    for batch in chunks(rows):
        session.execute(insert(table), batch)
        if progress:
            progress(len(batch))


def _ids(session, model, tenant_id: int, **where) -> list[int]:
    statement = select(model.id).where(model.tenant_id == tenant_id)
    for name, value in where.items():
        statement = statement.where(getattr(model, name) == value)
    return list(session.execute(statement.order_by(model.id)).scalars())


def generate_company(session, tenant_id: int, scale: Scale, progress: Callable[[int], None] | None = None,
                     seed: int = 4711) -> Generated:
    rng = random.Random(seed)
    now = utcnow()
    stamp = {"tenant_id": tenant_id, "created_at": now, "updated_at": now}
    tax_ids = {code: id_ for code, id_ in session.execute(
        select(TaxCode.code, TaxCode.id).where(TaxCode.tenant_id == tenant_id))}
    term = PaymentTerm(tenant_id=tenant_id, code="B14", name="14 Tage 2 %, 30 netto", net_days=30, discount1_days=14,
                       discount1_percent=Decimal("2"))
    session.add(term)
    session.flush()
    out = Generated()
    out.warehouse_id = session.execute(select(Warehouse.id).where(Warehouse.tenant_id == tenant_id,
                                                                  Warehouse.is_default.is_(True))).scalar_one()

    suppliers = [{**stamp, "number": f"L{n:05d}", "short_name": f"LIEF{n}", "name1": f"Lieferant {n} GmbH",
                  "city": "Nürnberg", "postal_code": "90402", "street": f"Hafenstr. {n}"} for n in range(1, 21)]
    bulk_insert(session, Supplier.__table__, _complete(Supplier, suppliers))
    out.supplier_ids = _ids(session, Supplier, tenant_id)

    def customers():
        for n in range(1, scale.customers + 1):
            yield {**stamp, "number": f"K{n:07d}", "short_name": f"KUNDE{n}", "name1": f"Kunde {n} GmbH",
                   "street": f"Hauptstr. {n % 200 + 1}", "postal_code": f"{10000 + n % 89999:05d}", "city": "Musterstadt",
                   "price_class": 1 + n % 3, "payment_term_id": term.id,
                   "credit_limit": Decimal("100000000")}  # the flows measure speed, not the credit check's refusals
    bulk_insert(session, Customer.__table__, _complete(Customer, customers()), progress)
    out.customer_ids = _ids(session, Customer, tenant_id)

    def articles():
        for n in range(1, scale.articles + 1):
            kind = ARTICLE_TYPES[n % len(ARTICLE_TYPES)]
            purchase = Decimal(rng.randint(50, 50000)) / 100
            yield {**stamp, "number": f"A{n:07d}", "short_name": f"ART{n}", "description": f"Artikel {n}",
                   "article_type": kind, "purchase_price": purchase, "average_cost": purchase,
                   "sales_price_1": (purchase * Decimal("1.45")).quantize(Decimal("0.01")),
                   "sales_price_2": (purchase * Decimal("1.35")).quantize(Decimal("0.01")),
                   "sales_price_3": (purchase * Decimal("1.25")).quantize(Decimal("0.01")),
                   "tax_code_id": tax_ids.get("U7" if n % 17 == 0 else "U19"),
                   "min_stock": Decimal(10), "reorder_stock": Decimal(20)}
    bulk_insert(session, Article.__table__, _complete(Article, articles()), progress)
    out.article_ids = _ids(session, Article, tenant_id)
    out.material_ids = _ids(session, Article, tenant_id, article_type="M")

    supplier_rows = ({"tenant_id": tenant_id, "article_id": a, "supplier_id": out.supplier_ids[i % len(out.supplier_ids)],
                      "net_price": Decimal("10.00"), "is_main": True} for i, a in enumerate(out.material_ids))
    bulk_insert(session, ArticleSupplier.__table__, _complete(ArticleSupplier, supplier_rows))
    breaks = ({"tenant_id": tenant_id, "article_id": a, "min_quantity": Decimal(q), "discount_percent": Decimal(d)}
              for a in out.material_ids[::10] for q, d in ((10, 3), (50, 5)))
    bulk_insert(session, ArticleQuantityBreak.__table__, _complete(ArticleQuantityBreak, breaks))

    opening = ({"tenant_id": tenant_id, "article_id": a, "warehouse_id": out.warehouse_id, "location": "",
                "quantity": scale.opening_stock, "moved_on": OPENING_DAY, "symbol": "AB",
                "document_number": "Anfangsbestand", "serial": "", "unit_cost": Decimal("10"), "blocked": False,
                "created_at": now} for a in out.material_ids)
    bulk_insert(session, StockMove.__table__, opening, progress)
    levels = ({"tenant_id": tenant_id, "article_id": a, "warehouse_id": out.warehouse_id,
               "on_hand": scale.opening_stock, "blocked": Decimal(0), "reserved": Decimal(0)} for a in out.material_ids)
    bulk_insert(session, StockLevel.__table__, levels)
    return out


def generate_ledger(session, tenant_id: int, data: Generated, movements: int, articles: list[int] | None = None,
                    progress: Callable[[int], None] | None = None, seed: int = 815) -> None:
    """Past movements in pairs (a receipt and a delivery of the same quantity on the same day),
    so levels stay what they are and the ledger verification still holds."""
    rng = random.Random(seed)
    now = utcnow()
    pool = articles or data.material_ids

    def rows():
        for n in range(movements // 2):
            article = pool[n % len(pool)] if n % 3 else rng.choice(pool)
            quantity = Decimal(rng.randint(1, 40))
            day = OPENING_DAY + timedelta(days=1 + n % 600)
            for symbol, signed in (("WE", quantity), ("LS", -quantity)):
                yield {"tenant_id": tenant_id, "article_id": article, "warehouse_id": data.warehouse_id, "location": "",
                       "quantity": signed, "moved_on": day, "symbol": symbol, "document_number": f"H{n:08d}",
                       "serial": "", "unit_cost": Decimal("10"), "blocked": False, "created_at": now}
    bulk_insert(session, StockMove.__table__, rows(), progress)


def _complete(model, rows: Iterable[dict]) -> Iterator[dict]:
    """Fill the columns a Core insert would otherwise leave NULL with the model's defaults."""
    defaults = {}
    for column in model.__table__.columns:
        if column.primary_key:
            continue
        default = model.model_fields.get(column.name)
        if default is not None and not default.is_required() and default.default is not None:
            defaults[column.name] = default.default
    for row in rows:
        yield {**defaults, **row}
