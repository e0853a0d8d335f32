"""Tables of dunning: the levels a tenant defines, the runs, the letters, the history, the blocks.

A run (`DunningRun`) is unique per tenant and batch key (by default its key date), so a
repeated run finds the stored one instead of dunning twice. Each run writes one letter
(`DunningLetter`) per customer and currency, with the address and the level's text copied
at run time, so a letter prints the same later however master data changes. Every dunned
open item gets one history row (`DunningEntry`) per run: level, days overdue, the amount
open then, and its interest. The item itself carries its current level (`OpenItem`).
A customer's dunning block lives in `DunningBlock` (the customer table stays untouched);
an item's block is the flag on `OpenItem`.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact, long_text


class DunningLevel(TenantOwned, Timestamped, table=True):
    """One step of the tenant's dunning: reminder, first letter, last letter, ..."""

    __tablename__ = "dunning_level"
    __table_args__ = (UniqueConstraint("tenant_id", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    level: int = Field(description="1, 2, 3, ...: an item climbs one level per run")
    name: str = Field(max_length=60, description="e.g. 'Zahlungserinnerung', '1. Mahnung'")
    days_overdue: int = Field(default=0, description="at least this many days past the due date")
    days_after_previous: int = Field(default=0, description="and at least this many days after the previous letter")
    fee: Decimal = exact(0, description="fee per letter whose highest level is this one")
    interest_percent: Decimal = exact(0, description="default interest per year on the open amount")
    pay_within_days: int = Field(default=7, description="the letter asks for payment within these days")
    letter_text: str = long_text(description="the letter's body, with placeholders such as {customer_name}")
    template: str = Field(default="", max_length=200, description="print template of this level; empty: the default")


class DunningRun(TenantOwned, Timestamped, table=True):
    __tablename__ = "dunning_run"
    __table_args__ = (UniqueConstraint("tenant_id", "batch_key"),)

    id: int | None = Field(default=None, primary_key=True)
    key_date: date
    batch_key: str = Field(max_length=80, description="a repeated run with this key finds this run")
    username: str = Field(default="", max_length=60)
    letters: int = 0
    items: int = 0
    fees: Decimal = exact(0)
    interest: Decimal = exact(0)


class DunningLetter(TenantOwned, Timestamped, table=True):
    """One letter of a run to one customer, in one currency."""

    __tablename__ = "dunning_letter"
    __table_args__ = (
        UniqueConstraint("tenant_id", "run_id", "customer_id", "currency_code"),
        Index("ix_dunning_letter_customer", "tenant_id", "customer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="dunning_run.id")
    customer_id: int = Field(foreign_key="customer.id")
    letter_date: date
    level: int = Field(description="the highest level of its items")
    level_name: str = Field(default="", max_length=60)
    currency_code: str = Field(default="EUR", max_length=3)
    customer_number: str = Field(default="", max_length=20)
    name1: str = Field(default="", max_length=120)
    name2: str = Field(default="", max_length=120)
    street: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=12)
    city: str = Field(default="", max_length=80)
    country_code: str = Field(default="DE", max_length=2)
    open_total: Decimal = exact(0, description="sum of the open amounts of its items")
    interest: Decimal = exact(0, description="sum of the items' interest")
    fee: Decimal = exact(0, description="the fee of its highest level")
    total: Decimal = exact(0, description="open total + interest + fee")
    pay_by: date
    text: str = long_text(description="the level's letter text with its placeholders filled")
    template: str = Field(default="", max_length=200)


class DunningEntry(TenantOwned, table=True):
    """The dunning history of an open item: one row per run that dunned it."""

    __tablename__ = "dunning_entry"
    __table_args__ = (
        UniqueConstraint("tenant_id", "open_item_id", "run_id"),
        Index("ix_dunning_entry_item", "tenant_id", "open_item_id"),
        Index("ix_dunning_entry_letter", "letter_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    open_item_id: int = Field(foreign_key="open_item.id")
    run_id: int = Field(foreign_key="dunning_run.id")
    letter_id: int = Field(foreign_key="dunning_letter.id")
    level: int
    dunned_on: date
    days_overdue: int
    open_amount: Decimal = exact(0)
    interest_percent: Decimal = exact(0)
    interest: Decimal = exact(0)


class DunningBlock(TenantOwned, Timestamped, table=True):
    """A customer who is not dunned (until a day, or until the block is lifted)."""

    __tablename__ = "dunning_block"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    reason: str = Field(default="", max_length=200)
    until: date | None = Field(default=None, description="empty: until lifted")
    username: str = Field(default="", max_length=60)
