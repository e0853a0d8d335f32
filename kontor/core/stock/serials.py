"""Serial and batch numbers: assignment to stock-bearing lines, reservation, trail, exchange.

Articles with `tracking` "serial" or "batch" carry numbers. The numbers of a line are
assigned after the line exists (its stock movement is posted by the document, as always):
a line that takes goods in (goods receipt, return from a customer) creates or takes back
its numbers, a line that gives goods out (delivery note, return to a supplier) takes them
from stock. A serial-tracked line needs exactly one serial per unit, a batch-tracked line
batches adding up to its quantity. A serial not in stock (delivered already, unknown) is
refused, and a batch never goes below zero: the state change is one conditional UPDATE, so
two clerks cannot deliver the same serial at once. A line's numbers are set once;
sending the same numbers again (a retry) changes nothing, different ones are a conflict.
`kontor serials missing` lists the stock-bearing lines whose numbers are still incomplete.

A supplier exchange sends a serial back and takes a replacement in (linked by
`replaces_id`), booked in the ledger as RS -1 and WE +1 of the same warehouse.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field
from sqlalchemy import case, delete, func, select, update
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document, DocumentLine
from kontor.core.masterdata.articles.models import Article
from kontor.core.stock.ledger import MoveSpec, default_warehouse, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.stock.serial_models import IN_HOUSE, SerialMovement, SerialNumber, SerialReservation
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound, Problem

ZERO = Decimal("0.0000")
ONE = Decimal("1.0000")
PLACES = Decimal("0.0001")
TRACKED_KINDS = ("delivery_note", "return_delivery_note", "goods_receipt", "supplier_return")


class BatchInput(BaseModel):
    number: str = Field(min_length=1, max_length=60)
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)


class TrailRow(BaseModel):
    moved_on: date
    symbol: str
    quantity: Decimal
    document_id: int | None
    document_kind: str | None
    document_number: str
    document_line_id: int | None
    warehouse_id: int | None
    note: str


class MissingRow(BaseModel):
    document_id: int
    document_kind: str
    document_number: str | None
    doc_date: date
    line_id: int
    position: int
    article_id: int
    article_number: str
    tracking: str
    quantity: Decimal
    assigned: Decimal


def _line(session: Session, ctx: Context, line_id: int) -> tuple[DocumentLine, Document, Article]:
    line = session.get(DocumentLine, line_id)
    if line is None or line.tenant_id != ctx.tenant_id:
        raise NotFound(f"no document line with id {line_id}")
    document = session.get(Document, line.document_id)
    article = session.get(Article, line.article_id) if line.article_id else None
    if article is None:
        raise Invalid.field("line_id", "article", f"line {line.position} has no article of the master data")
    return line, document, article


def _tracking(article: Article, serials: list[str], batches: list[BatchInput]) -> str:
    if article.tracking == "serial":
        if batches:
            raise Invalid.field("batches", "tracking", f"article {article.number} is tracked by serial numbers")
        return "serial"
    if article.tracking == "batch":
        if serials:
            raise Invalid.field("serials", "tracking", f"article {article.number} is tracked by batch numbers")
        return "batch"
    raise Invalid.field("serials", "tracking", f"article {article.number} is tracked by neither serial nor batch")


def _wanted(tracking: str, serials: list[str], batches: list[BatchInput]) -> dict[str, Decimal]:
    """The numbers asked for with their quantities; blanks and doubles are refused."""
    problems = []
    wanted: dict[str, Decimal] = {}
    items = [(s.strip(), ONE) for s in serials] if tracking == "serial" else [(b.number.strip(), b.quantity)
                                                                               for b in batches]
    field = "serials" if tracking == "serial" else "batches"
    for i, (number, quantity) in enumerate(items):
        if not number:
            problems.append(Problem(f"{field}.{i}", "required", "a number is not empty"))
        elif number in wanted:
            problems.append(Problem(f"{field}.{i}", "unique", f"number {number} is given twice"))
        wanted[number] = quantity.quantize(PLACES)
    if problems:
        raise Invalid(problems)
    return wanted


def _check_count(tracking: str, wanted: dict[str, Decimal], needed: Decimal, article: Article) -> None:
    given = sum(wanted.values(), ZERO)
    if given == needed:
        return
    if tracking == "serial":
        raise Invalid.field("serials", "count", f"article {article.number}: the line holds {needed.normalize():f} "
                                                f"units and needs as many serial numbers, {len(wanted)} given")
    raise Invalid.field("batches", "sum", f"article {article.number}: the batches add up to {given.normalize():f}, "
                                          f"the line holds {needed.normalize():f}")


def assign_numbers(session: Session, ctx: Context, line_id: int, *, serials: list[str] | None = None,
                   batches: list[BatchInput] | None = None, generate: bool = False) -> list[SerialMovement]:
    """Give a stock-bearing line its serial or batch numbers (see the module docstring);
    `generate` gives an incoming serial-tracked line our own serials from the number range."""
    ctx.require("stock", Level.WRITE)
    serials, batches = serials or [], batches or []
    line, document, article = _line(session, ctx, line_id)
    kind = kind_of(document.kind)
    if not kind.stock:
        raise Invalid.field("line_id", "stock_bearing", f"a {kind.title} moves no stock; reserve numbers on an "
                                                        "order line instead")
    if generate:
        serials = _generated(session, ctx, line, kind.stock, article, serials, batches)
    tracking = _tracking(article, serials, batches)
    wanted = _wanted(tracking, serials, batches)
    _check_count(tracking, wanted, abs(line.quantity), article)
    done = _assigned(session, ctx, line.id)
    if done:
        if done == wanted:
            return _movements_of_line(session, ctx, line.id)
        raise Conflict(f"line {line.position} of {document.number or document.kind} has its numbers already: "
                       f"{', '.join(sorted(done))}")
    incoming = kind.stock * (1 if line.quantity > 0 else -1) > 0
    warehouse_id = session.execute(select(StockMove.warehouse_id).where(
        StockMove.tenant_id == ctx.tenant_id, StockMove.document_line_id == line.id)).scalars().first() \
        or default_warehouse(session, ctx.tenant_id).id
    trail = []
    for number, quantity in wanted.items():
        if incoming:
            serial = _take_in(session, ctx, article, tracking, number, quantity, warehouse_id, document)
        else:
            serial = _give_out(session, ctx, article, tracking, number, quantity, line)
        trail.append(SerialMovement(
            tenant_id=ctx.tenant_id, serial_id=serial.id, moved_on=document.doc_date, symbol=kind.symbol,
            quantity=quantity if incoming else -quantity, document_id=document.id, document_line_id=line.id,
            document_number=document.number or "", warehouse_id=warehouse_id))
    session.add_all(trail)
    session.flush()
    record_change(session, ctx, "documents", document.id, "assign_numbers", None,
                  {"line_id": line.id, tracking: {n: str(q) for n, q in wanted.items()}})
    return trail


def _generated(session: Session, ctx: Context, line: DocumentLine, direction: int, article: Article,
               serials: list[str], batches: list[BatchInput]) -> list[str]:
    """Our own serial numbers (number range `serial_number`, SN00000001, ... set up on first
    use) for the units of an incoming line; a retry of a line that has its numbers keeps them."""
    from kontor.core.masterdata.basics.models import NumberRange
    from kontor.core.masterdata.basics.numbering import next_number

    if serials or batches:
        raise Invalid.field("serials", "generate", "either give the numbers or let them be generated")
    if article.tracking != "serial" or direction * line.quantity < 0:
        raise Invalid.field("generate", "incoming_serial", "own serial numbers are given to incoming lines of "
                                                           "serial-tracked articles")
    done = _assigned(session, ctx, line.id)
    if done:
        return list(done)
    if abs(line.quantity) != abs(line.quantity).to_integral_value():
        raise Invalid.field("serials", "count", "a serial-tracked line holds whole units")
    exists = session.execute(select(NumberRange.id).where(NumberRange.tenant_id == ctx.tenant_id,
                                                          NumberRange.kind == "serial_number")).first()
    if exists is None:
        session.add(NumberRange(tenant_id=ctx.tenant_id, kind="serial_number", prefix="SN", next_number=1, width=8,
                                description="own serial numbers"))
        session.flush()
    return [next_number(session, ctx.tenant_id, "serial_number") for _ in range(int(abs(line.quantity)))]


def _assigned(session: Session, ctx: Context, line_id: int) -> dict[str, Decimal]:
    rows = session.execute(
        select(SerialNumber.number, func.sum(SerialMovement.quantity))
        .join(SerialNumber, SerialNumber.id == SerialMovement.serial_id)
        .where(SerialMovement.tenant_id == ctx.tenant_id, SerialMovement.document_line_id == line_id)
        .group_by(SerialNumber.number)).all()
    return {number: abs(quantity) for number, quantity in rows}


def _movements_of_line(session: Session, ctx: Context, line_id: int) -> list[SerialMovement]:
    return list(session.execute(select(SerialMovement).where(
        SerialMovement.tenant_id == ctx.tenant_id, SerialMovement.document_line_id == line_id)
        .order_by(SerialMovement.id)).scalars())


def _find(session: Session, ctx: Context, article_id: int, number: str, *, for_update: bool = False
          ) -> SerialNumber | None:
    statement = select(SerialNumber).where(SerialNumber.tenant_id == ctx.tenant_id,
                                           SerialNumber.article_id == article_id, SerialNumber.number == number)
    if for_update:
        statement = statement.with_for_update()
    return session.execute(statement).scalars().first()


def _take_in(session: Session, ctx: Context, article: Article, tracking: str, number: str, quantity: Decimal,
             warehouse_id: int, document: Document) -> SerialNumber:
    serial = _find(session, ctx, article.id, number, for_update=True)
    if serial is None:
        serial = SerialNumber(tenant_id=ctx.tenant_id, article_id=article.id, number=number, kind=tracking,
                              state="in_stock", warehouse_id=warehouse_id, quantity=quantity,
                              received_on=document.doc_date, supplier_id=document.supplier_id)
        session.add(serial)
        session.flush()
        return serial
    if tracking == "serial":
        if serial.state in IN_HOUSE:
            raise Conflict(f"serial number {number} of article {article.number} is in stock already")
        if serial.state == "exchanged":
            raise Conflict(f"serial number {number} of article {article.number} went back to the supplier "
                           "in an exchange")
        serial.state = "returned" if document.kind == "return_delivery_note" else "in_stock"
        serial.quantity = ONE
    else:
        serial.quantity += quantity
        serial.state = "in_stock"
    serial.warehouse_id = warehouse_id
    session.add(serial)
    session.flush()
    return serial


def _give_out(session: Session, ctx: Context, article: Article, tracking: str, number: str, quantity: Decimal,
              line: DocumentLine) -> SerialNumber:
    serial = _find(session, ctx, article.id, number, for_update=True)
    field = "serials" if tracking == "serial" else "batches"
    if serial is None:
        raise Invalid.field(field, "in_stock", f"number {number} of article {article.number} is not known")
    reservations = session.execute(select(SerialReservation).where(
        SerialReservation.tenant_id == ctx.tenant_id, SerialReservation.serial_id == serial.id)).scalars().all()
    own = [r for r in reservations if line.order_line_id is not None and r.order_line_id == line.order_line_id]
    for_others = sum((r.quantity for r in reservations if r not in own), ZERO)
    table = SerialNumber.__table__.c
    remaining = table.quantity - quantity
    changed = session.execute(
        update(SerialNumber.__table__)
        .where(table.id == serial.id, table.state.in_(IN_HOUSE), remaining >= for_others)
        .values(quantity=remaining, state=case((remaining == 0, "delivered"), else_=table.state)))
    if changed.rowcount != 1:
        session.refresh(serial)
        if tracking == "serial" and serial.state not in IN_HOUSE:
            raise Conflict(f"serial number {number} of article {article.number} is not in stock "
                           f"({serial.state.replace('_', ' ')})")
        if for_others:
            raise Conflict(f"number {number} of article {article.number} is reserved for another order "
                           f"({for_others.normalize():f} of {serial.quantity.normalize():f})")
        raise Conflict(f"batch {number} of article {article.number} holds only {serial.quantity.normalize():f}, "
                       f"{quantity.normalize():f} asked for; a batch cannot go below zero")
    for reservation in own:  # the delivery uses up the reservation of its order line
        left = reservation.quantity - quantity
        if left > 0:
            reservation.quantity = left
            session.add(reservation)
        else:
            session.delete(reservation)
    session.flush()
    session.refresh(serial)
    return serial


def reserve_numbers(session: Session, ctx: Context, order_line_id: int, *, serials: list[str] | None = None,
                    batches: list[BatchInput] | None = None) -> list[SerialReservation]:
    """Promise serials (or parts of batches) in stock to an order line; its delivery then
    takes them, and no other order's delivery may. A batch named again gets the quantity
    named now, so a repeated request changes nothing."""
    ctx.require("stock", Level.WRITE)
    serials, batches = serials or [], batches or []
    line, document, article = _line(session, ctx, order_line_id)
    if document.kind != "order":
        raise Invalid.field("line_id", "order", "numbers are reserved on order lines")
    tracking = _tracking(article, serials, batches)
    wanted = _wanted(tracking, serials, batches)
    already = dict(session.execute(
        select(SerialNumber.number, SerialReservation.quantity)
        .join(SerialNumber, SerialNumber.id == SerialReservation.serial_id)
        .where(SerialReservation.tenant_id == ctx.tenant_id, SerialReservation.order_line_id == line.id)).all())
    combined = {**already, **wanted}  # a number named again gets the quantity named now (a retry doubles nothing)
    if sum(combined.values(), ZERO) > abs(line.quantity):
        raise Invalid.field("serials" if tracking == "serial" else "batches", "count",
                            f"the order line holds {abs(line.quantity).normalize():f} units; no more can be reserved")
    for number, quantity in wanted.items():
        if tracking == "serial" and number in already:
            continue  # reserved for this line already: nothing doubles
        serial = _find(session, ctx, article.id, number, for_update=True)
        if serial is None or serial.state not in IN_HOUSE:
            raise Conflict(f"number {number} of article {article.number} is not in stock")
        reserved = session.execute(select(func.sum(SerialReservation.quantity)).where(
            SerialReservation.serial_id == serial.id, SerialReservation.order_line_id != line.id)).scalar() or ZERO
        if reserved + quantity > serial.quantity:
            raise Conflict(f"number {number} of article {article.number}: {serial.quantity.normalize():f} in stock, "
                           f"{reserved.normalize():f} reserved already")
        existing = session.execute(select(SerialReservation).where(
            SerialReservation.serial_id == serial.id, SerialReservation.order_line_id == line.id)).scalars().first()
        if existing is not None:
            existing.quantity = quantity
            session.add(existing)
        else:
            session.add(SerialReservation(tenant_id=ctx.tenant_id, serial_id=serial.id, order_line_id=line.id,
                                          quantity=quantity))
    session.flush()
    record_change(session, ctx, "documents", document.id, "reserve_numbers", None,
                  {"line_id": line.id, tracking: {n: str(q) for n, q in wanted.items()}})
    return list(session.execute(select(SerialReservation).where(
        SerialReservation.tenant_id == ctx.tenant_id, SerialReservation.order_line_id == line.id)
        .order_by(SerialReservation.id)).scalars())


def release_reservations(session: Session, ctx: Context, order_line_id: int) -> int:
    ctx.require("stock", Level.WRITE)
    result = session.execute(delete(SerialReservation).where(SerialReservation.tenant_id == ctx.tenant_id,
                                                             SerialReservation.order_line_id == order_line_id))
    return result.rowcount


def get_number(session: Session, ctx: Context, article_id: int, number: str) -> SerialNumber:
    ctx.require("stock", Level.READ)
    serial = _find(session, ctx, article_id, number)
    if serial is None:
        raise NotFound(f"no serial or batch number {number} of article {article_id}")
    return serial


def trail_of(session: Session, ctx: Context, article_id: int, number: str) -> tuple[SerialNumber, list[TrailRow]]:
    """A number and every movement it made, oldest first, with the documents."""
    serial = get_number(session, ctx, article_id, number)
    rows = session.execute(
        select(SerialMovement, Document.kind).outerjoin(Document, Document.id == SerialMovement.document_id)
        .where(SerialMovement.tenant_id == ctx.tenant_id, SerialMovement.serial_id == serial.id)
        .order_by(SerialMovement.moved_on, SerialMovement.id)).all()
    return serial, [TrailRow(moved_on=m.moved_on, symbol=m.symbol, quantity=m.quantity, document_id=m.document_id,
                             document_kind=kind, document_number=m.document_number,
                             document_line_id=m.document_line_id, warehouse_id=m.warehouse_id, note=m.note)
                    for m, kind in rows]


def list_numbers(session: Session, ctx: Context, article_id: int, *, state: str | None = None, limit: int = 1000,
                 offset: int = 0) -> list[SerialNumber]:
    ctx.require("stock", Level.READ)
    statement = select(SerialNumber).where(SerialNumber.tenant_id == ctx.tenant_id,
                                           SerialNumber.article_id == article_id)
    if state:
        statement = statement.where(SerialNumber.state == state)
    return list(session.execute(statement.order_by(SerialNumber.number).offset(offset).limit(limit)).scalars())


def exchange_serial(session: Session, ctx: Context, article_id: int, old_number: str, new_number: str, on: date, *,
                    supplier_id: int | None = None, note: str = "") -> SerialNumber:
    """The supplier takes a serial back and sends a replacement: the old one leaves (RS), the
    new one comes in (WE) in the same warehouse, linked to the old; reservations move over."""
    ctx.require("stock", Level.WRITE)
    new_number = new_number.strip()
    if not new_number:
        raise Invalid.field("new_number", "required", "the replacement serial number is not empty")
    old = _find(session, ctx, article_id, old_number, for_update=True)
    if old is None:
        raise Invalid.field("old_number", "exists", f"serial number {old_number} of article {article_id} is not known")
    if old.kind != "serial":
        raise Invalid.field("old_number", "serial", f"{old_number} is a batch; batches are not exchanged one by one")
    if old.state not in IN_HOUSE:
        raise Conflict(f"serial number {old_number} is not in stock ({old.state.replace('_', ' ')}); only serials we "
                       "hold go back to the supplier")
    if _find(session, ctx, article_id, new_number) is not None:
        raise Conflict(f"serial number {new_number} of this article exists already")
    warehouse_id = old.warehouse_id or default_warehouse(session, ctx.tenant_id).id
    reference = f"Tausch {old_number}"[:30]
    post_moves(session, ctx, [
        MoveSpec(article_id=article_id, quantity=ONE, moved_on=on, symbol="WE", warehouse_id=warehouse_id,
                 document_number=reference, serial=new_number),
        MoveSpec(article_id=article_id, quantity=-ONE, moved_on=on, symbol="RS", warehouse_id=warehouse_id,
                 document_number=reference, serial=old_number),
    ])
    new = SerialNumber(tenant_id=ctx.tenant_id, article_id=article_id, number=new_number, kind="serial",
                       state="in_stock", warehouse_id=warehouse_id, quantity=ONE, received_on=on,
                       supplier_id=supplier_id or old.supplier_id, replaces_id=old.id)
    old.state, old.quantity = "exchanged", ZERO
    session.add_all([new, old])
    session.flush()
    session.add_all([
        SerialMovement(tenant_id=ctx.tenant_id, serial_id=old.id, moved_on=on, symbol="RS", quantity=-ONE,
                       document_number=reference, warehouse_id=warehouse_id,
                       note=(f"exchanged for {new_number} " + note).strip()[:120]),
        SerialMovement(tenant_id=ctx.tenant_id, serial_id=new.id, moved_on=on, symbol="WE", quantity=ONE,
                       document_number=reference, warehouse_id=warehouse_id,
                       note=(f"replaces {old_number} " + note).strip()[:120]),
    ])
    session.execute(update(SerialReservation.__table__).where(SerialReservation.__table__.c.serial_id == old.id)
                    .values(serial_id=new.id))
    session.flush()
    record_change(session, ctx, "serial_number", old.id, "exchange", {"number": old_number, "state": "in_stock"},
                  {"state": "exchanged", "replacement": new_number})
    return new


def missing_numbers(session: Session, ctx: Context, *, limit: int = 1000, offset: int = 0) -> list[MissingRow]:
    """Stock-bearing lines of tracked articles whose numbers do not cover their quantity:
    one query over lines, documents, articles and the grouped trail."""
    ctx.require("stock", Level.READ)
    assigned = (
        select(SerialMovement.document_line_id.label("line_id"),
               func.sum(case((SerialMovement.quantity < 0, -SerialMovement.quantity),
                             else_=SerialMovement.quantity)).label("assigned"))
        .where(SerialMovement.tenant_id == ctx.tenant_id, SerialMovement.document_line_id.is_not(None))
        .group_by(SerialMovement.document_line_id).subquery()
    )
    statement = (
        select(Document.id, Document.kind, Document.number, Document.doc_date, DocumentLine.id, DocumentLine.position,
               Article.id, Article.number, Article.tracking, DocumentLine.quantity, assigned.c.assigned)
        .join(Document, Document.id == DocumentLine.document_id)
        .join(Article, Article.id == DocumentLine.article_id)
        .outerjoin(assigned, assigned.c.line_id == DocumentLine.id)
        .where(DocumentLine.tenant_id == ctx.tenant_id, Document.kind.in_(TRACKED_KINDS),
               Article.tracking.in_(("serial", "batch")), Article.article_type == "M",
               DocumentLine.optional.is_(False), DocumentLine.restock.is_(True), DocumentLine.quantity != 0,
               func.coalesce(assigned.c.assigned, 0) != func.abs(DocumentLine.quantity))
        .order_by(Document.doc_date, Document.id, DocumentLine.position).offset(offset).limit(limit)
    )
    return [MissingRow(document_id=r[0], document_kind=r[1], document_number=r[2], doc_date=r[3], line_id=r[4],
                       position=r[5], article_id=r[6], article_number=r[7], tracking=r[8], quantity=r[9],
                       assigned=r[10] or ZERO)
            for r in session.execute(statement)]


def numbers_by_line(session: Session, ctx: Context, line_ids: list[int]) -> dict[int, list[str]]:
    """The numbers assigned to each of the given lines (one query)."""
    ctx.require("stock", Level.READ)
    found: dict[int, list[str]] = defaultdict(list)
    if not line_ids:
        return found
    for line_id, number in session.execute(
            select(SerialMovement.document_line_id, SerialNumber.number)
            .join(SerialNumber, SerialNumber.id == SerialMovement.serial_id)
            .where(SerialMovement.tenant_id == ctx.tenant_id, SerialMovement.document_line_id.in_(line_ids))
            .order_by(SerialMovement.id)):
        found[line_id].append(number)
    return found
