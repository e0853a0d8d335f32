"""Dunning blocks: an item that is never dunned while its flag is set (a disputed invoice),
and a customer who is not dunned until a day or until the block is lifted (an agreed
instalment plan). Both are audited with their reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kontor.core.audit import record_change, snapshot
from kontor.core.context import Context
from kontor.core.finance.dunning_levels import FINANCE
from kontor.core.finance.dunning_models import DunningBlock
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.errors import NotFound


def set_item_block(session: Session, ctx: Context, open_item_id: int, blocked: bool, reason: str = "") -> OpenItem:
    """Switch the dunning block of one open item on or off."""
    ctx.require(FINANCE, Level.WRITE)
    item = session.exec(select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.id == open_item_id)
                        .with_for_update()).first()
    if item is None:
        raise NotFound(f"no open item with id {open_item_id}")
    if item.dunning_block != blocked:
        before = item.dunning_block
        item.dunning_block = blocked
        session.add(item)
        session.flush()
        record_change(session, ctx, "open_items", item.id, "dunning_block", {"dunning_block": before},
                      {"dunning_block": blocked, "reason": reason})
    return item


def _customer(session: Session, ctx: Context, customer_id: int) -> Customer:
    customer = session.exec(select(Customer).where(Customer.tenant_id == ctx.tenant_id,
                                                   Customer.id == customer_id)).first()
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    return customer


def block_customer(session: Session, ctx: Context, customer_id: int, reason: str = "",
                   until: date | None = None) -> DunningBlock:
    """Stop dunning a customer (until the day given, or until lifted); a second call changes
    reason and day of the block in force."""
    ctx.require(FINANCE, Level.WRITE)
    _customer(session, ctx, customer_id)
    block = session.exec(select(DunningBlock).where(DunningBlock.tenant_id == ctx.tenant_id,
                                                    DunningBlock.customer_id == customer_id)).first()
    before = snapshot(block) if block else None
    block = block or DunningBlock(tenant_id=ctx.tenant_id, customer_id=customer_id)
    block.reason, block.until, block.username = reason, until, ctx.username
    session.add(block)
    session.flush()
    record_change(session, ctx, "dunning_blocks", customer_id, "update" if before else "create", before,
                  snapshot(block))
    return block


def unblock_customer(session: Session, ctx: Context, customer_id: int) -> bool:
    """Lift a customer's block; False when there was none."""
    ctx.require(FINANCE, Level.WRITE)
    _customer(session, ctx, customer_id)
    block = session.exec(select(DunningBlock).where(DunningBlock.tenant_id == ctx.tenant_id,
                                                    DunningBlock.customer_id == customer_id)).first()
    if block is None:
        return False
    record_change(session, ctx, "dunning_blocks", customer_id, "delete", snapshot(block), None)
    session.delete(block)
    session.flush()
    return True


@dataclass(frozen=True)
class Blocks:
    customers: list[tuple[DunningBlock, Customer]]
    items: list[OpenItem]


def list_blocks(session: Session, ctx: Context, on: date | None = None) -> Blocks:
    """Customer blocks (only those in force on `on` when given) and blocked open items still open."""
    ctx.require(FINANCE, Level.READ)
    customers = select(DunningBlock, Customer).join(Customer, Customer.id == DunningBlock.customer_id).where(
        DunningBlock.tenant_id == ctx.tenant_id)
    if on is not None:
        customers = customers.where((DunningBlock.until.is_(None)) | (DunningBlock.until >= on))
    items = select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.dunning_block.is_(True),
                                   OpenItem.state != "paid")
    return Blocks(customers=[tuple(row) for row in session.exec(customers.order_by(Customer.number))],
                  items=list(session.exec(items.order_by(OpenItem.due_date, OpenItem.id))))
