"""Returns to the supplier (Rücklieferschein, symbol RS): goods leave stock back to the supplier.

A return is made from goods-receipt lines (never more than the line received less what went
back already) or entered freely. Goods refused at the technical check still sit in blocked
stock and go back from there (`from_blocked`), never more than is still blocked for that
receipt line; released goods go back from free stock, out of the warehouse they came into.
A later goods receipt can take the return's lines when the supplier sends the goods again.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.purchasing.common import (
    PURCHASING,
    Lines,
    label,
    load_supplier,
    new_document,
    save,
)
from kontor.core.purchasing.quantities import (
    blocked_by_warehouse,
    receipt_warehouses,
    taken_into,
)
from kontor.core.purchasing.release import refresh_receipt_states
from kontor.core.purchasing.schemas import SupplierReturnCreate
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

ZERO = Decimal("0")


def return_to_supplier(session: Session, ctx: Context, data: SupplierReturnCreate) -> Document:
    ctx.require(PURCHASING, Level.WRITE)
    ids = [item.receipt_line_id for item in data.lines if item.receipt_line_id is not None]
    sources = {line.id: line for line in session.exec(
        select(DocumentLine).where(DocumentLine.tenant_id == ctx.tenant_id, DocumentLine.id.in_(ids or [0])))}
    receipts = {d.id: d for d in session.exec(select(Document).where(
        Document.id.in_({line.document_id for line in sources.values()} or {0})).with_for_update())}
    for index, item in enumerate(data.lines):
        line = sources.get(item.receipt_line_id) if item.receipt_line_id is not None else None
        if item.receipt_line_id is not None and (line is None or receipts[line.document_id].kind != "goods_receipt"):
            raise Invalid.field(f"lines.{index}.receipt_line_id", "exists",
                                f"no goods-receipt line with id {item.receipt_line_id}")
        if item.receipt_line_id is None and item.article_id is None:
            raise Invalid.field(f"lines.{index}.article_id", "required", "name the receipt line or the article")
        if item.receipt_line_id is None and item.from_blocked:
            raise Invalid.field(f"lines.{index}.from_blocked", "receipt_line",
                                "only goods of a receipt line can go back from blocked stock")
    suppliers = {d.supplier_id for d in receipts.values()}
    if len(suppliers) > 1:
        raise Conflict("the lines come from receipts of different suppliers; one return goes to one supplier")
    if suppliers and data.supplier_id is not None and data.supplier_id not in suppliers:
        raise Invalid.field("supplier_id", "matches_sources", "the supplier differs from the one of the receipts")
    supplier = load_supplier(session, ctx, next(iter(suppliers)) if suppliers else data.supplier_id)

    returned = taken_into(session, list(sources), "supplier_return")
    blocked = blocked_by_warehouse(session, list(sources))
    warehouses = receipt_warehouses(session, list(sources))
    asked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    asked_blocked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    currencies = {d.currency_code for d in receipts.values()}
    if len(currencies) > 1:
        raise Conflict("the lines come from receipts in different currencies; one return is in one currency")
    document = new_document(session, ctx, "supplier_return", supplier, data.doc_date,
                            currency=next(iter(currencies)) if currencies else None)
    document.agreements = data.reason
    builder = Lines.load(session, ctx, document)
    made = []
    for index, item in enumerate(data.lines):
        path = f"lines.{index}"
        source = sources.get(item.receipt_line_id) if item.receipt_line_id is not None else None
        if source is not None:
            asked[source.id] += item.quantity
            left = source.quantity - returned[source.id]
            if asked[source.id] > left:
                raise Invalid.field(f"{path}.quantity", "not_above_received",
                                    f"line {source.position} of {label(receipts[source.document_id])} received "
                                    f"{left.normalize():f} not yet returned, {asked[source.id].normalize():f} asked for")
            if item.from_blocked:
                asked_blocked[source.id] += item.quantity
                still = sum(blocked[source.id].values(), ZERO)
                if asked_blocked[source.id] > still:
                    raise Invalid.field(f"{path}.quantity", "not_above_blocked",
                                        f"only {still.normalize():f} of line {source.position} are still blocked")
            line = builder.build(path, article_id=None, quantity=item.quantity, unit_price=item.unit_price,
                                 source=source, source_kind="goods_receipt")
        else:
            line = builder.build(path, article_id=item.article_id, quantity=item.quantity,
                                 unit_price=item.unit_price, description=item.description)
        made.append((line, item, source))
    session.flush()
    moves = []
    for line, item, source in made:
        if line.article_id is None or line.article_type != "M":
            continue
        if item.from_blocked:
            rest = item.quantity
            for warehouse_id, there in sorted(blocked[source.id].items()):
                take = min(rest, there)
                if take > 0:
                    moves.append(_move(document, line, -take, warehouse_id, blocked=True))
                    blocked[source.id][warehouse_id] -= take
                    rest -= take
        else:
            warehouse_id = warehouses.get(source.id) if source is not None else None
            moves.append(_move(document, line, -line.quantity, warehouse_id, blocked=False))
    post_moves(session, ctx, moves)
    save(session, ctx, document, "return")
    if any(item.from_blocked for item in data.lines):
        refresh_receipt_states(session, set(receipts))
    return document


def _move(document: Document, line: DocumentLine, quantity: Decimal, warehouse_id: int | None, *,
          blocked: bool) -> MoveSpec:
    return MoveSpec(article_id=line.article_id, quantity=quantity, moved_on=document.doc_date, symbol="RS",
                    warehouse_id=warehouse_id, document_id=document.id, document_line_id=line.id,
                    document_number=document.number or "", unit_cost=line.unit_price, blocked=blocked)
