"""Tables of the special prices plugin (all prefixed `special_prices_`, all tenant-owned).

- `special_prices_group`: customer price groups (code, name) with an optional parent group,
  so groups form several levels;
- `special_prices_group_member`: which customer belongs to which price group (one group per
  customer; the group's parents apply through the group);
- `special_prices_price`: a special unit price of an article, general, for one customer or
  for one price group, with optional validity period and minimum quantity;
- `special_prices_discount`: a special discount percent, scoped the same way;
- `special_prices_retail_price`: the recommended retail price of an article from a date on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.api import TenantOwned, exact


class PriceGroupFields(SQLModel):
    code: str = Field(max_length=20)
    name: str = Field(default="", max_length=60)
    parent_id: int | None = Field(default=None, foreign_key="special_prices_group.id", index=True,
                                  description="the group one level up; its prices apply where this group has none")


class PriceGroup(PriceGroupFields, TenantOwned, table=True):
    """Kundenspezifische Preisgruppe (one or several levels)."""

    __tablename__ = "special_prices_group"
    __table_args__ = (UniqueConstraint("tenant_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)


class GroupMemberFields(SQLModel):
    group_id: int = Field(foreign_key="special_prices_group.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)


class GroupMember(GroupMemberFields, TenantOwned, table=True):
    __tablename__ = "special_prices_group_member"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_id"),)
    id: int | None = Field(default=None, primary_key=True)


class ScopeFields(SQLModel):
    """What a special price or discount applies to: an article, for everybody (neither
    customer nor group), one customer or one price group; from a minimum quantity on;
    within an optional validity period (both ends included)."""

    article_id: int = Field(foreign_key="article.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="special_prices_group.id", index=True)
    min_quantity: Decimal = exact(0)
    valid_from: date | None = None
    valid_until: date | None = None


class SpecialPriceFields(ScopeFields):
    unit_price: Decimal = exact(0)


class SpecialPrice(SpecialPriceFields, TenantOwned, table=True):
    """Sonderpreis je Mengeneinheit."""

    __tablename__ = "special_prices_price"
    id: int | None = Field(default=None, primary_key=True)


class SpecialDiscountFields(ScopeFields):
    discount_percent: Decimal = exact(0)


class SpecialDiscount(SpecialDiscountFields, TenantOwned, table=True):
    """Sonderrabatt (percent), replacing the core's discount."""

    __tablename__ = "special_prices_discount"
    id: int | None = Field(default=None, primary_key=True)


class RetailPriceFields(SQLModel):
    article_id: int = Field(foreign_key="article.id", index=True)
    price: Decimal = exact(0)
    valid_from: date


class RetailPrice(RetailPriceFields, TenantOwned, table=True):
    """Empfohlener Verkaufspreis (Ladenpreis) of an article from a date on."""

    __tablename__ = "special_prices_retail_price"
    __table_args__ = (UniqueConstraint("tenant_id", "article_id", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
