"""Documents in bulk for the large figures: open orders (for the delivery run), uninvoiced
delivery notes with their ledger movements (for the invoicing run), and posted invoices with
open items (for the ageing list). Written with set-based inserts in chunks, consistent with
what the services would have written: totals to the cent, movements beside the levels, one
open item per posted invoice, so `kontor stock verify` holds on the generated data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from kontor.bench.dataset import Generated, bulk_insert, _complete
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.stock.models import StockLevel, StockMove
from kontor.db.base import utcnow

PRICE = Decimal("10.00")
QUANTITY = Decimal("2")
LINES = 2
DAY = date(2026, 3, 2)


def _tax(session, tenant_id: int) -> tuple[int, Decimal]:
    code = session.execute(select(TaxCode).where(TaxCode.tenant_id == tenant_id, TaxCode.code == "U19")).scalar_one()
    return code.id, code.rate


def _next_ids(session, model) -> int:
    return (session.execute(select(model.id).order_by(model.id.desc()).limit(1)).scalar() or 0) + 1


def generate_documents(session, tenant_id: int, data: Generated, kind: str, count: int,
                       progress: Callable[[int], None] | None = None, prefix: str = "B") -> None:
    """`count` documents of kind order (state open) or delivery_note (state open, stock moved),
    each with LINES material lines of QUANTITY x PRICE, for customers in turn."""
    tax_id, rate = _tax(session, tenant_id)
    net = PRICE * QUANTITY * LINES
    tax = (net * rate / 100).quantize(Decimal("0.01"))
    now = utcnow()
    first_doc, first_line = _next_ids(session, Document), _next_ids(session, DocumentLine)
    customers, materials = data.customer_ids, data.material_ids
    chunk = 2000
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        docs, lines, moves = [], [], []
        for k in range(size):
            n = start + k
            doc_id = first_doc + n
            docs.append({"id": doc_id, "tenant_id": tenant_id, "kind": kind, "number": f"{prefix}{n:08d}",
                         "state": "open", "doc_date": DAY, "customer_id": customers[n % len(customers)],
                         "bill_name1": "Kunde", "ship_name1": "Kunde", "clerk": "bench", "lines_net": net, "packages": None,
                         "net_total": net, "tax_total": tax, "gross_total": net + tax, "home_net_total": net,
                         "home_tax_total": tax, "home_gross_total": net + tax, "created_at": now,
                         "updated_at": now})
            for position in range(1, LINES + 1):
                line_id = first_line + n * LINES + position - 1
                article = materials[(n * LINES + position) % len(materials)]
                lines.append({"id": line_id, "tenant_id": tenant_id, "document_id": doc_id, "position": position,
                              "article_id": article, "article_number": f"A{article}", "description": "Artikel",
                              "article_type": "M", "quantity": QUANTITY, "unit": "Stk", "unit_price": PRICE,
                              "net_amount": PRICE * QUANTITY, "tax_code_id": tax_id, "tax_rate": rate,
                              "price_source": "bench"})
                if kind == "delivery_note":
                    moves.append({"tenant_id": tenant_id, "article_id": article, "warehouse_id": data.warehouse_id,
                                  "location": "", "quantity": -QUANTITY, "moved_on": DAY, "symbol": "LS",
                                  "document_id": doc_id, "document_line_id": line_id,
                                  "document_number": f"{prefix}{n:08d}", "serial": "", "unit_cost": Decimal(0),
                                  "blocked": False, "created_at": now})
        bulk_insert(session, Document.__table__, _complete(Document, docs))
        bulk_insert(session, DocumentLine.__table__, _complete(DocumentLine, lines))
        if moves:
            bulk_insert(session, StockMove.__table__, moves)
        if progress:
            progress(size)
    if kind == "delivery_note":
        _levels_follow_ledger(session, tenant_id)
    sync_sequences(session)


def sync_sequences(session) -> None:
    """PostgreSQL: move the id sequences past the ids written explicitly above."""
    if session.get_bind().dialect.name != "postgresql":
        return
    from sqlalchemy import text

    for table in ("document", "document_line"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def _levels_follow_ledger(session, tenant_id: int) -> None:
    """Set every level to the sum of its movements (after bulk movements), in one statement."""
    from sqlalchemy import func

    moved = (select(func.sum(StockMove.quantity)).where(
        StockMove.tenant_id == tenant_id, StockMove.article_id == StockLevel.article_id,
        StockMove.warehouse_id == StockLevel.warehouse_id, StockMove.blocked.is_(False)).scalar_subquery())
    session.execute(update(StockLevel).where(StockLevel.tenant_id == tenant_id).values(on_hand=moved))


def generate_open_items(session, tenant_id: int, data: Generated, count: int, key_date: date,
                        progress: Callable[[int], None] | None = None) -> None:
    """`count` posted invoices (headers only) and their open items, due dates spread over the
    year before the key date so every ageing bucket fills; every fifth one partly paid."""
    now = utcnow()
    first_doc = _next_ids(session, Document)
    customers = data.customer_ids
    chunk = 5000
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        docs, items = [], []
        for k in range(size):
            n = start + k
            doc_id = first_doc + n
            doc_date = key_date - timedelta(days=n % 150)
            gross = Decimal(100 + n % 900) + Decimal(n % 100) / 100
            number = f"R{n:09d}"
            docs.append({"id": doc_id, "tenant_id": tenant_id, "kind": "invoice", "number": number, "state": "posted",
                         "doc_date": doc_date, "customer_id": customers[n % len(customers)], "bill_name1": "Kunde",
                         "ship_name1": "Kunde", "clerk": "bench", "gross_total": gross, "net_total": gross,
                         "home_gross_total": gross, "home_net_total": gross, "packages": None,
                         "locked": True, "posted_at": now, "created_at": now, "updated_at": now})
            open_amount = (gross / 2).quantize(Decimal("0.01")) if n % 5 == 0 else gross
            items.append({"tenant_id": tenant_id, "document_id": doc_id, "customer_id": customers[n % len(customers)],
                          "kind": "invoice", "number": number, "doc_date": doc_date,
                          "due_date": doc_date + timedelta(days=30), "currency_code": "EUR", "amount": gross,
                          "cash_discount_base": gross, "cash_discount1_percent": Decimal(0),
                          "cash_discount2_percent": Decimal(0), "open_amount": open_amount,
                          "home_amount": gross, "home_open_amount": open_amount,
                          "state": "partly_paid" if n % 5 == 0 else "open", "dunning_level": 0,
                          "dunning_block": False, "created_at": now, "updated_at": now})
        bulk_insert(session, Document.__table__, _complete(Document, docs))
        bulk_insert(session, OpenItem.__table__, _complete(OpenItem, items))
        if progress:
            progress(size)
    sync_sequences(session)
