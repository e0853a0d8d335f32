"""Tables of the basics. Most are code lists: a short code unique per tenant and a name."""

from decimal import Decimal

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.core.masterdata.validators import CountryCode, CurrencyCode
from kontor.db.base import TenantOwned
from kontor.db.fields import exact, reference

INCOTERMS = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
TAX_KINDS = ("standard", "reduced", "zero", "exempt", "reverse_charge", "intra_eu_supply", "export")


class CodeFields(SQLModel):
    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=120)


def _unique_code():
    return (UniqueConstraint("tenant_id", "code"),)


class ArticleMainGroup(CodeFields, TenantOwned, table=True):
    """Top level of the article hierarchy (Artikelhauptgruppe)."""

    __tablename__ = "article_main_group"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class ArticleAssortment(CodeFields, TenantOwned, table=True):
    """Artikelsortiment."""

    __tablename__ = "article_assortment"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class ArticleGroup(CodeFields, TenantOwned, table=True):
    """Artikelgruppe."""

    __tablename__ = "article_group"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class ArticleSeries(CodeFields, TenantOwned, table=True):
    """Artikelreihe; supplier inquiries are sent per series."""

    __tablename__ = "article_series"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class Category(CodeFields, TenantOwned, table=True):
    """Order category (Auftragskategorie) for analyses, planning and batch runs."""

    __tablename__ = "category"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class ShippingMethod(CodeFields, TenantOwned, table=True):
    __tablename__ = "shipping_method"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class CustomerDiscountGroup(CodeFields, TenantOwned, table=True):
    __tablename__ = "customer_discount_group"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class ArticleDiscountGroup(CodeFields, TenantOwned, table=True):
    __tablename__ = "article_discount_group"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class CommissionGroup(CodeFields, TenantOwned, table=True):
    __tablename__ = "commission_group"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class SalesTerritory(CodeFields, TenantOwned, table=True):
    """Reisegebiet of the sales representatives."""

    __tablename__ = "sales_territory"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class MailingFeature(CodeFields, TenantOwned, table=True):
    """Mailing-Merkmal: a selectable feature of a customer for mailings."""

    __tablename__ = "mailing_feature"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class OrgUnit(CodeFields, TenantOwned, table=True):
    """Organisational unit (head office, branch); documents of its staff belong to it."""

    __tablename__ = "org_unit"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class SalutationFields(CodeFields):
    letter_greeting: str = Field(default="", max_length=120)


class Salutation(SalutationFields, TenantOwned, table=True):
    """Anrede, with the greeting line for letters ("Sehr geehrte Frau")."""

    __tablename__ = "salutation"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class UnitFields(CodeFields):
    decimals: int = Field(default=0, ge=0, le=4, description="places allowed in quantities")
    un_ece_code: str = Field(default="", max_length=3, description="UN/ECE Rec 20 code, e.g. H87, KGM")


class Unit(UnitFields, TenantOwned, table=True):
    __tablename__ = "unit"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class CountryFields(SQLModel):
    code: CountryCode = Field(max_length=2)
    name: str = Field(min_length=1, max_length=120)
    eu_member: bool = False


class Country(CountryFields, TenantOwned, table=True):
    __tablename__ = "country"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class CurrencyFields(SQLModel):
    code: CurrencyCode = Field(max_length=3)
    name: str = Field(min_length=1, max_length=120)
    decimals: int = Field(default=2, ge=0, le=4)


class Currency(CurrencyFields, TenantOwned, table=True):
    __tablename__ = "currency"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class PaymentTermFields(CodeFields):
    net_days: int = Field(default=30, ge=0, le=365)
    discount1_days: int = Field(default=0, ge=0, le=365)
    discount1_percent: Decimal = exact(0, ge=0, le=100)
    discount2_days: int = Field(default=0, ge=0, le=365)
    discount2_percent: Decimal = exact(0, ge=0, le=100)
    text: str = Field(default="", max_length=250, description="printed on documents")


class PaymentTerm(PaymentTermFields, TenantOwned, table=True):
    """Zahlungsbedingung with up to two cash-discount (Skonto) steps."""

    __tablename__ = "payment_term"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class DeliveryTermFields(CodeFields):
    incoterm: str = Field(default="", max_length=3, sa_type=String(3))
    text: str = Field(default="", max_length=250)


class DeliveryTerm(DeliveryTermFields, TenantOwned, table=True):
    __tablename__ = "delivery_term"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class TaxCodeFields(CodeFields):
    rate: Decimal = exact(0, ge=0, le=100)
    kind: str = Field(default="standard", max_length=20, sa_type=String(20))
    datev_key: str = Field(default="", max_length=4, description="BU key for the DATEV export")


class TaxCode(TaxCodeFields, TenantOwned, table=True):
    """Umsatzsteuercode: a VAT rate and how it is treated."""

    __tablename__ = "tax_code"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


class RevenueCodeFields(CodeFields):
    account: str = Field(min_length=1, max_length=12, description="revenue account in the ledger")
    tax_code_id: int | None = reference("tax_code")


class RevenueCode(RevenueCodeFields, TenantOwned, table=True):
    """Erlöscode: which revenue account an article's sales go to."""

    __tablename__ = "revenue_code"
    __table_args__ = _unique_code()
    id: int | None = Field(default=None, primary_key=True)


NUMBER_RANGE_KINDS = (
    "customer", "supplier", "agent", "bank", "staff", "article",
    "inquiry", "quote", "order", "picking_slip", "delivery_note", "return_delivery_note",
    "consignment_delivery_note", "invoice", "partial_invoice", "final_invoice", "credit_note",
    "work_report", "supplier_inquiry", "purchase_order", "blanket_order", "goods_receipt",
    "supplier_return", "supplier_invoice", "internal_order", "stocktaking", "dunning_run", "payment",
)


class NumberRangeFields(SQLModel):
    kind: str = Field(min_length=1, max_length=40)
    prefix: str = Field(default="", max_length=10)
    next_number: int = Field(default=1, ge=1, le=10**12)
    width: int = Field(default=5, ge=1, le=12, description="digits, zero-padded")
    description: str = Field(default="", max_length=120)


class NumberRange(NumberRangeFields, TenantOwned, table=True):
    """Nummernkreis: the next number of one kind of record or document."""

    __tablename__ = "number_range"
    __table_args__ = (UniqueConstraint("tenant_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)


class DiscountRuleFields(SQLModel):
    customer_discount_group_id: int = Field(foreign_key="customer_discount_group.id", index=True)
    article_discount_group_id: int = Field(foreign_key="article_discount_group.id", index=True)
    discount_percent: Decimal = exact(0, ge=0, le=100)


class DiscountRule(DiscountRuleFields, TenantOwned, table=True):
    """Rabattmatrix: the discount of a customer discount group on an article discount group."""

    __tablename__ = "discount_rule"
    __table_args__ = (UniqueConstraint("tenant_id", "customer_discount_group_id", "article_discount_group_id"),)
    id: int | None = Field(default=None, primary_key=True)
