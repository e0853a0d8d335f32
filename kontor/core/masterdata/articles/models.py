from decimal import Decimal

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.core.masterdata.validators import CurrencyCode, Ean
from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact, long_text, reference

# Article types fixed by the system: material carries stock; the others are services and
# costs that still count in calculations by type.
ARTICLE_TYPES = {
    "M": "material",
    "L": "labour",
    "F": "third-party service",
    "D": "direct cost",
    "P": "commission",
}
TRACKING = ("none", "serial", "batch")


class ArticleFields(SQLModel):
    number: str = Field(default="", max_length=30, description="empty: the next number of the number range")
    short_name: str = Field(default="", max_length=40, description="match code for searching")
    description: str = Field(min_length=1, max_length=120)
    description2: str = Field(default="", max_length=120)
    long_description: str = long_text()
    info_text: str = long_text(description="shown to the clerk while entering lines")
    article_type: str = Field(default="M", max_length=1, sa_type=String(1), description="M, L, F, D or P")
    main_group_id: int | None = reference("article_main_group")
    assortment_id: int | None = reference("article_assortment")
    group_id: int | None = reference("article_group")
    series_id: int | None = reference("article_series")
    unit_id: int | None = reference("unit")
    purchase_price: Decimal = exact(0, ge=0)
    landed_cost: Decimal = exact(0, ge=0, description="purchase price plus procurement costs")
    average_cost: Decimal = exact(0, ge=0, description="moving average purchase price, kept by the commercial "
                                                      "check of goods receipts")
    sales_price_1: Decimal = exact(0, ge=0)
    sales_price_2: Decimal = exact(0, ge=0)
    sales_price_3: Decimal = exact(0, ge=0)
    sales_price_4: Decimal = exact(0, ge=0)
    sales_price_5: Decimal = exact(0, ge=0)
    old_sales_price: Decimal = exact(0, ge=0, description="price class 1 before its last change")
    tax_code_id: int | None = reference("tax_code")
    revenue_code_id: int | None = reference("revenue_code")
    discount_group_id: int | None = reference("article_discount_group")
    commission_group_id: int | None = reference("commission_group")
    min_margin_percent: Decimal = exact(0, ge=0, le=100, description="minimum contribution margin")
    discountable: bool = True
    cash_discountable: bool = True
    bonus_eligible: bool = True
    tracking: str = Field(default="none", max_length=6, sa_type=String(6), description="none, serial or batch")
    barcode: Ean = Field(default="", max_length=14)
    intrastat_code: str = Field(default="", max_length=8, schema_extra={"pattern": r"^$|^\d{8}$"})
    warranty_months: int = Field(default=0, ge=0, le=600)
    gross_weight_kg: Decimal = exact(0, ge=0)
    net_weight_kg: Decimal = exact(0, ge=0)
    length_cm: Decimal = exact(0, ge=0)
    width_cm: Decimal = exact(0, ge=0)
    height_cm: Decimal = exact(0, ge=0)
    package_quantity: Decimal = exact(0, ge=0, description="units per package")
    min_stock: Decimal = exact(0, ge=0)
    max_stock: Decimal = exact(0, ge=0)
    safety_stock: Decimal = exact(0, ge=0)
    reorder_stock: Decimal = exact(0, ge=0)
    blocked: bool = False


class Article(ArticleFields, TenantOwned, Timestamped, table=True):
    __tablename__ = "article"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)


class ArticleSupplierFields(SQLModel):
    supplier_id: int = Field(foreign_key="supplier.id")
    order_number: str = Field(default="", max_length=40, description="the supplier's article number")
    order_barcode: Ean = Field(default="", max_length=14)
    gross_price: Decimal = exact(0, ge=0)
    discount_percent: Decimal = exact(0, ge=0, le=100)
    net_price: Decimal = exact(0, ge=0)
    currency_code: CurrencyCode = Field(default="EUR", max_length=3)
    lead_time_days: int = Field(default=0, ge=0, le=730)
    minimum_quantity: Decimal = exact(0, ge=0)
    is_main: bool = Field(default=False, description="the main supplier of the article")


class ArticleSupplier(ArticleSupplierFields, TenantOwned, table=True):
    __tablename__ = "article_supplier"
    __table_args__ = (UniqueConstraint("article_id", "supplier_id"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)


class FollowUpFields(SQLModel):
    follow_up_id: int = Field(foreign_key="article.id", description="article added with this one")
    quantity: Decimal = exact(1, gt=0, description="per unit of the main article")


class ArticleFollowUp(FollowUpFields, TenantOwned, table=True):
    __tablename__ = "article_follow_up"
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)


class QuantityBreakFields(SQLModel):
    min_quantity: Decimal = exact(gt=0)
    discount_percent: Decimal = exact(0, ge=0, le=100)


class ArticleQuantityBreak(QuantityBreakFields, TenantOwned, table=True):
    """Staffelrabatt of the article: from this quantity on, this discount."""

    __tablename__ = "article_quantity_break"
    __table_args__ = (UniqueConstraint("article_id", "min_quantity"),)
    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)


class CustomerArticleNumberFields(SQLModel):
    customer_id: int = Field(foreign_key="customer.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: str = Field(min_length=1, max_length=40, description="the customer's number for the article")
    text: str = Field(default="", max_length=120, description="the customer's name for the article")


class CustomerArticleNumber(CustomerArticleNumberFields, TenantOwned, table=True):
    __tablename__ = "customer_article_number"
    __table_args__ = (
        UniqueConstraint("tenant_id", "customer_id", "number"),
        UniqueConstraint("tenant_id", "customer_id", "article_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
