"""Technical release (technische Freigabe, ISO 9000): received goods pass inspection and move
from blocked to free stock.

A release of a receipt line books two movements in one transaction through the ledger's one
writer: the quantity leaves the blocked stock and enters the free stock of the same
warehouse, both naming the receipt line (symbol WE). Nobody releases more than still sits
blocked for that line; the receipt's state follows: blocked, partly released, released.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.documents.services import lines_of
from kontor.core.purchasing.common import PURCHASING, get_purchase_document, label
from kontor.core.purchasing.quantities import (
    blocked_by_warehouse,
    blocked_left,
    released,
)
from kontor.core.purchasing.schemas import ReleaseLine, ReleaseRequest
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid

ZERO = Decimal("0")


def release_receipt(session: Session, ctx: Context, receipt_id: int, data: ReleaseRequest) -> Document:
    """Release lines of a goods receipt (all that is still blocked when no lines are named)."""
    ctx.require(PURCHASING, Level.WRITE)
    receipt = get_purchase_document(session, ctx, receipt_id, ("goods_receipt",), for_update=True)
    lines = {line.id: line for line in lines_of(session, receipt.id)}
    blocked = blocked_by_warehouse(session, list(lines))
    wanted = data.lines or [ReleaseLine(line_id=line_id, quantity=sum(per.values(), ZERO))
                            for line_id, per in blocked.items() if sum(per.values(), ZERO) > 0]
    if not wanted:
        raise Conflict(f"nothing of {label(receipt)} is blocked any more")
    on = data.on or date.today()
    moves, asked = [], {}
    for index, item in enumerate(wanted):
        line = lines.get(item.line_id)
        if line is None:
            raise Invalid.field(f"lines.{index}.line_id", "exists", f"line {item.line_id} is not a line of {label(receipt)}")
        asked[line.id] = asked.get(line.id, ZERO) + item.quantity
        left = sum(blocked[line.id].values(), ZERO)
        if asked[line.id] > left:
            raise Invalid.field(f"lines.{index}.quantity", "not_above_blocked",
                                f"line {line.position} ({line.description}) has only {left.normalize():f} blocked, "
                                f"{asked[line.id].normalize():f} asked to release")
        moves += _moves(receipt, line, item.quantity, blocked[line.id], on)
    post_moves(session, ctx, moves)
    before = {"state": receipt.state}
    receipt.state = receipt_state(session, list(lines.values()))
    session.add(receipt)
    session.flush()
    record_change(session, ctx, "documents", receipt.id, "release", before,
                  {"state": receipt.state, "released": {str(k): str(v) for k, v in asked.items()}})
    return receipt


def _moves(receipt: Document, line: DocumentLine, quantity: Decimal, per_warehouse: dict[int, Decimal],
           on: date) -> list[MoveSpec]:
    """Out of blocked, into free stock, warehouse by warehouse where the line's goods sit."""
    moves, rest = [], quantity
    for warehouse_id, there in sorted(per_warehouse.items()):
        take = min(rest, there)
        if take <= 0:
            continue
        for amount, blocked in ((-take, True), (take, False)):
            moves.append(MoveSpec(article_id=line.article_id, quantity=amount, moved_on=on, symbol="WE",
                                  warehouse_id=warehouse_id, document_id=receipt.id, document_line_id=line.id,
                                  document_number=receipt.number or "", unit_cost=line.unit_price, blocked=blocked))
        rest -= take
    return moves


def receipt_state(session: Session, lines: list[DocumentLine]) -> str:
    """released: nothing of it is blocked any more; blocked: nothing released yet; else partly."""
    material = [line.id for line in lines if line.article_id is not None and line.article_type == "M"]
    left = blocked_left(session, material)
    if all(left[line_id] <= 0 for line_id in material):
        return "released"
    freed = released(session, material)
    return "partly_released" if any(freed[line_id] > 0 for line_id in material) else "blocked"


def refresh_receipt_states(session: Session, receipt_ids: set[int]) -> None:
    for receipt_id in receipt_ids:
        receipt = session.get(Document, receipt_id)
        receipt.state = receipt_state(session, lines_of(session, receipt_id))
        session.add(receipt)
    session.flush()
