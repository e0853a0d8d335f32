"""Commercial check (kaufmännische Prüfung) of a goods receipt: the real prices, the moving
average purchase price, the supplier rating, and the release for the supplier invoice.

Moving average purchase price, per material line, in line order:

    new average = (stock before x old average + received quantity x checked price)
                  / (stock before + received quantity)

rounded half up to 4 places (the places of every stored price). The average is in home
currency: a receipt in a foreign currency enters its price converted at the receipt's rate. "Stock before" is the free
and blocked stock of the article over all warehouses without what this receipt brought (its
received quantity less what already went back to the supplier), never below zero: goods
sold before the check do not make the old average count negatively. Several lines of one
article in a receipt are taken one after the other. Each line's price, stock before and
average before and after are kept (`ReceiptCheckLine`), so every average can be traced.

Supplier rating: the clerk grades quality, delivery date and quantity from A (best) to D.
The receipt's grade is the mean of the three (A=1 ... D=4) rounded half up; the supplier's
rating (`Supplier.rating`) is the mean of all its receipt grades, rounded the same way.
A receipt is checked once; the check releases it for the supplier invoice.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.currency import price_to_home
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of, update_totals
from kontor.core.documents.totals import line_net
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.purchasing.common import PURCHASING, get_purchase_document, label
from kontor.core.purchasing.models import GRADES, ReceiptCheck, ReceiptCheckLine
from kontor.core.purchasing.quantities import taken_into
from kontor.core.purchasing.schemas import CommercialCheck
from kontor.core.stock.models import StockLevel
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

PLACES = Decimal("0.0001")
ZERO = Decimal("0")


def moving_average(stock_before: Decimal, old_average: Decimal, quantity: Decimal, price: Decimal) -> Decimal:
    """The new moving average purchase price (see the module docstring), 4 places, half up."""
    stock_before = max(stock_before, ZERO)
    total = stock_before + quantity
    if total <= 0:
        return old_average
    return ((stock_before * old_average + quantity * price) / total).quantize(PLACES, rounding=ROUND_HALF_UP)


def mean_grade(counts: dict[str, int]) -> str:
    """The mean of grades given as {grade: how often} (A=1 ... D=4), rounded half up."""
    score = Decimal(sum((GRADES.index(g) + 1) * n for g, n in counts.items())) / sum(counts.values())
    return GRADES[int(score.quantize(Decimal(1), rounding=ROUND_HALF_UP)) - 1]


def check_receipt(session: Session, ctx: Context, receipt_id: int, data: CommercialCheck) -> ReceiptCheck:
    """Check a goods receipt commercially: set the real prices, compute the moving averages,
    record the supplier rating and release the receipt for invoicing; once per receipt."""
    ctx.require(PURCHASING, Level.POST)
    receipt = get_purchase_document(session, ctx, receipt_id, ("goods_receipt",), for_update=True)
    if session.exec(select(ReceiptCheck.id).where(ReceiptCheck.document_id == receipt.id)).first() is not None:
        raise Conflict(f"{label(receipt)} is checked already; its averages stand")
    lines = lines_of(session, receipt.id)
    by_id = {line.id: line for line in lines}
    prices: dict[int, Decimal] = {}
    for index, item in enumerate(data.lines):
        if item.line_id not in by_id:
            raise Invalid.field(f"lines.{index}.line_id", "exists", f"line {item.line_id} is not a line of {label(receipt)}")
        prices[item.line_id] = item.unit_price

    grades: dict[str, int] = defaultdict(int)
    for given in (data.quality_grade, data.delivery_date_grade, data.quantity_grade):
        grades[given] += 1
    grade = mean_grade(grades)
    check = ReceiptCheck(tenant_id=ctx.tenant_id, document_id=receipt.id, supplier_id=receipt.supplier_id,
                         checked_on=data.on or date.today(), checked_by=ctx.username, quality_grade=data.quality_grade,
                         delivery_date_grade=data.delivery_date_grade, quantity_grade=data.quantity_grade,
                         grade=grade, note=data.note)
    session.add(check)
    session.flush()
    _price_lines(session, ctx, check, lines, prices)
    update_totals(session, receipt)
    _rate_supplier(session, ctx, receipt.supplier_id)
    record_change(session, ctx, "documents", receipt.id, "check", None,
                  {"grade": grade, "prices": {str(k): str(v) for k, v in prices.items()}})
    return check


def _price_lines(session: Session, ctx: Context, check: ReceiptCheck, lines: list[DocumentLine],
                 prices: dict[int, Decimal]) -> None:
    returned = taken_into(session, [line.id for line in lines], "supplier_return")
    material = [l for l in lines if l.article_id is not None and l.article_type == "M"]
    kept = {line.id: line.quantity - returned[line.id] for line in material}
    articles = {a.id: a for a in session.exec(select(Article).where(
        Article.id.in_({line.article_id for line in material} or {0})).with_for_update())}
    stock = {article_id: free + blocked for article_id, free, blocked in session.exec(
        select(StockLevel.article_id, func.sum(StockLevel.on_hand), func.sum(StockLevel.blocked))
        .where(StockLevel.tenant_id == ctx.tenant_id, StockLevel.article_id.in_(list(articles) or [0]))
        .group_by(StockLevel.article_id)).all()}
    before: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for article_id in articles:
        mine = sum((kept[line.id] for line in material if line.article_id == article_id), ZERO)
        before[article_id] = max(Decimal(stock.get(article_id) or 0) - mine, ZERO)
    rate = session.get(Document, check.document_id).exchange_rate
    for line in lines:
        ordered = line.unit_price
        price = prices.get(line.id, ordered)
        if price != ordered:
            line.unit_price = price
            line.cost_price = price
            line.net_amount = line_net(line.quantity, price, line.discount_percent)
            line.price_source = "checked"
            session.add(line)
        row = ReceiptCheckLine(tenant_id=ctx.tenant_id, check_id=check.id, document_line_id=line.id,
                               article_id=line.article_id, quantity=line.quantity, ordered_price=ordered,
                               checked_price=price)
        if line.id in kept and kept[line.id] > 0:
            article = articles[line.article_id]
            row.quantity = kept[line.id]
            row.stock_before = before[article.id]
            row.average_before = article.average_cost
            # the average is in home currency: the receipt's price converted at the receipt's rate
            article.average_cost = moving_average(before[article.id], article.average_cost, kept[line.id],
                                                  price_to_home(price, rate))
            row.average_after = article.average_cost
            before[article.id] += kept[line.id]
            session.add(article)
        session.add(row)
    session.flush()


def _rate_supplier(session: Session, ctx: Context, supplier_id: int) -> None:
    counts = session.exec(select(ReceiptCheck.grade, func.count()).where(
        ReceiptCheck.tenant_id == ctx.tenant_id, ReceiptCheck.supplier_id == supplier_id).group_by(ReceiptCheck.grade)).all()
    supplier = session.get(Supplier, supplier_id)
    before = supplier.rating
    supplier.rating = mean_grade(dict(counts))
    session.add(supplier)
    session.flush()
    if before != supplier.rating:
        record_change(session, ctx, "suppliers", supplier.id, "rating", {"rating": before}, {"rating": supplier.rating})


def check_of(session: Session, receipt_id: int) -> ReceiptCheck | None:
    return session.exec(select(ReceiptCheck).where(ReceiptCheck.document_id == receipt_id)).first()


def checked_receipts(session: Session, receipt_ids: list[int]) -> set[int]:
    return set(session.exec(select(ReceiptCheck.document_id).where(ReceiptCheck.document_id.in_(receipt_ids or [0]))))
