"""Tables of the parties. Customers, suppliers, agents and banks share the general data
(`PartyFields`); each adds its own, and owns collections such as contacts."""

from datetime import date
from decimal import Decimal

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from kontor.core.masterdata.validators import (
    Bic,
    CountryCode,
    CurrencyCode,
    Iban,
    LanguageCode,
    OptionalIban,
    VatId,
)
from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact, long_text, reference

EMAIL_PATTERN = r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"
INVOICING_CYCLES = ("per_delivery", "weekly", "semi_monthly", "monthly")
SUPPLIER_RATINGS = ("", "A", "B", "C", "D")
COMMISSION_BASES = ("", "revenue", "contribution_margin", "operating_result", "fixed")
EMPLOYMENT_TYPES = ("employee", "apprentice", "freelancer", "temporary", "former")


def _unique_number():
    return (UniqueConstraint("tenant_id", "number"),)


class PartyFields(SQLModel):
    """The general data of every party."""

    number: str = Field(default="", max_length=20, description="empty: the next number of the number range")
    short_name: str = Field(min_length=1, max_length=40, description="match code for searching")
    name1: str = Field(min_length=1, max_length=120)
    name2: str = Field(default="", max_length=120)
    name3: str = Field(default="", max_length=120)
    street: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=12)
    city: str = Field(default="", max_length=80)
    country_code: CountryCode = Field(default="DE", max_length=2)
    phone: str = Field(default="", max_length=40)
    mobile: str = Field(default="", max_length=40)
    fax: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200, schema_extra={"pattern": EMAIL_PATTERN})
    website: str = Field(default="", max_length=200)
    language_code: LanguageCode = Field(default="de", max_length=2)
    salutation_id: int | None = reference("salutation")
    notes: str = long_text()


class TradingFields(PartyFields):
    """General data of customers and suppliers: tax, currency and terms."""

    currency_code: CurrencyCode = Field(default="EUR", max_length=3)
    vat_id: VatId = Field(default="", max_length=20)
    tax_number: str = Field(default="", max_length=30)
    payment_term_id: int | None = reference("payment_term")
    delivery_term_id: int | None = reference("delivery_term")
    shipping_method_id: int | None = reference("shipping_method")
    blocked: bool = False
    blocked_reason: str = Field(default="", max_length=200)


class CustomerFields(TradingFields):
    eu_tax_exempt: bool = Field(default=False, description="intra-EU supply without VAT; needs a VAT ID")
    vat_liable: bool = True
    price_class: int = Field(default=1, ge=1, le=5, description="which of the five sales prices applies")
    discount_group_id: int | None = reference("customer_discount_group")
    category_id: int | None = reference("category")
    sales_territory_id: int | None = reference("sales_territory")
    sales_rep_id: int | None = reference("staff")
    agent_id: int | None = reference("agent")
    invoice_recipient_id: int | None = reference("customer")
    partial_delivery_blocked: bool = Field(default=False, description="deliver only complete orders")
    collective_invoice: bool = Field(default=False, description="delivery notes are invoiced together")
    invoicing_cycle: str = Field(default="per_delivery", max_length=20, sa_type=String(20))
    credit_limit: Decimal | None = exact(None, nullable=True, ge=0, description="empty: default from the basics")
    bonus_percent: Decimal = exact(0, ge=0, le=100)
    dual_price_display: bool = Field(default=False, description="show prices in a second currency too")
    buyer_reference: str = Field(default="", max_length=100,
                                 description="the customer's reference for e-invoices (Leitweg-ID of a public buyer)")
    einvoice_syntax: str = Field(default="", max_length=10, sa_type=String(10),
                                 description="e-invoice mailed with every invoice: '' (none), cii, ubl or facturx")
    order_info: str = long_text()


class Customer(CustomerFields, TenantOwned, Timestamped, table=True):
    __tablename__ = "customer"
    __table_args__ = _unique_number()
    id: int | None = Field(default=None, primary_key=True)


class SupplierFields(TradingFields):
    our_customer_number: str = Field(default="", max_length=30, description="our number at the supplier")
    minimum_order_value: Decimal = exact(0, ge=0)
    rating: str = Field(default="", max_length=1, sa_type=String(1), description="ISO 9000 class A to D")
    rating_note: str = Field(default="", max_length=200)
    approved: bool = Field(default=True, description="approved to supply articles")
    approval_note: str = Field(default="", max_length=200)


class Supplier(SupplierFields, TenantOwned, Timestamped, table=True):
    __tablename__ = "supplier"
    __table_args__ = _unique_number()
    id: int | None = Field(default=None, primary_key=True)


class AgentFields(PartyFields):
    commission_percent: Decimal = exact(0, ge=0, le=100)
    commission_amount: Decimal = exact(0, ge=0, description="fixed commission per order")
    blocked: bool = False


class Agent(AgentFields, TenantOwned, Timestamped, table=True):
    """Vermittler: introduces customers and earns commission on them."""

    __tablename__ = "agent"
    __table_args__ = _unique_number()
    id: int | None = Field(default=None, primary_key=True)


class BankFields(PartyFields):
    bic: Bic = Field(default="", max_length=11)
    bank_code: str = Field(default="", max_length=12, description="national bank code (BLZ)")


class Bank(BankFields, TenantOwned, Timestamped, table=True):
    __tablename__ = "bank"
    __table_args__ = _unique_number()
    id: int | None = Field(default=None, primary_key=True)


class StaffFields(SQLModel):
    number: str = Field(default="", max_length=20, description="personnel number")
    short_name: str = Field(min_length=1, max_length=40)
    first_name: str = Field(default="", max_length=60)
    last_name: str = Field(min_length=1, max_length=60)
    academic_title: str = Field(default="", max_length=30)
    org_unit_id: int | None = reference("org_unit")
    employment_type: str = Field(default="employee", max_length=20, sa_type=String(20))
    work_area: str = Field(default="", max_length=60)
    job_title: str = Field(default="", max_length=80)
    job_description: str = long_text()
    street: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=12)
    city: str = Field(default="", max_length=80)
    country_code: CountryCode = Field(default="DE", max_length=2)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200, schema_extra={"pattern": EMAIL_PATTERN})
    iban: OptionalIban = Field(default="", max_length=34)
    birth_date: date | None = None
    marital_status: str = Field(default="", max_length=20)
    children_count: int = Field(default=0, ge=0, le=30)
    entry_date: date | None = None
    exit_date: date | None = None
    health_insurance: str = Field(default="", max_length=80)
    social_security_number: str = Field(default="", max_length=20)
    hourly_wage: Decimal = exact(0, ge=0, description="gross hourly wage")
    monthly_salary: Decimal = exact(0, ge=0, description="gross monthly salary")
    hourly_cost: Decimal = exact(0, ge=0, description="wage plus wage overheads per hour")
    annual_salary: Decimal = exact(0, ge=0)
    allowances: Decimal = exact(0, ge=0, description="bonuses and allowances per year")
    is_sales_rep: bool = False
    commission_basis: str = Field(default="", max_length=20, sa_type=String(20))
    commission_percent: Decimal = exact(0, ge=0, le=100)
    commission_amount: Decimal = exact(0, ge=0)


class Staff(StaffFields, TenantOwned, Timestamped, table=True):
    """Personalstamm: employees, with the sales-representative flag and commission."""

    __tablename__ = "staff"
    __table_args__ = _unique_number()
    id: int | None = Field(default=None, primary_key=True)


# -- collections owned by a party ------------------------------------------------------------


class ContactFields(SQLModel):
    salutation_id: int | None = reference("salutation")
    title: str = Field(default="", max_length=30)
    first_name: str = Field(default="", max_length=60)
    last_name: str = Field(min_length=1, max_length=60)
    position: str = Field(default="", max_length=80)
    department: str = Field(default="", max_length=80)
    phone: str = Field(default="", max_length=40)
    mobile: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200, schema_extra={"pattern": EMAIL_PATTERN})
    birthday: date | None = None
    is_primary: bool = False
    document_kinds: str = Field(default="", max_length=300,
                                description="document kinds mailed to this contact, e.g. 'invoice credit_note'")
    notes: str = long_text()


class AddressFields(SQLModel):
    label: str = Field(default="", max_length=60)
    name1: str = Field(min_length=1, max_length=120)
    name2: str = Field(default="", max_length=120)
    street: str = Field(min_length=1, max_length=120)
    postal_code: str = Field(min_length=1, max_length=12)
    city: str = Field(min_length=1, max_length=80)
    country_code: CountryCode = Field(default="DE", max_length=2)
    is_default: bool = False


class BankAccountFields(SQLModel):
    iban: Iban = Field(max_length=34)
    bic: Bic = Field(default="", max_length=11)
    bank_id: int | None = reference("bank")
    bank_name: str = Field(default="", max_length=120)
    account_holder: str = Field(default="", max_length=120)
    sepa_mandate_reference: str = Field(default="", max_length=35)
    sepa_mandate_date: date | None = None
    is_default: bool = False


class CustomerContact(ContactFields, TenantOwned, table=True):
    __tablename__ = "customer_contact"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)


class CustomerAddress(AddressFields, TenantOwned, table=True):
    """A delivery address differing from the customer's main address."""

    __tablename__ = "customer_address"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)


class CustomerBankAccount(BankAccountFields, TenantOwned, table=True):
    __tablename__ = "customer_bank_account"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)


class MailingFeatureLink(SQLModel):
    mailing_feature_id: int = Field(foreign_key="mailing_feature.id")


class CustomerMailingFeature(MailingFeatureLink, TenantOwned, table=True):
    __tablename__ = "customer_mailing_feature"
    __table_args__ = (UniqueConstraint("customer_id", "mailing_feature_id"),)
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)


class SupplierContact(ContactFields, TenantOwned, table=True):
    __tablename__ = "supplier_contact"
    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)


class SupplierBankAccount(BankAccountFields, TenantOwned, table=True):
    __tablename__ = "supplier_bank_account"
    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)


class DiscountAgreementFields(SQLModel):
    description: str = Field(min_length=1, max_length=120)
    article_group_id: int | None = reference("article_group")
    discount_percent: Decimal = exact(0, ge=0, le=100)
    minimum_order_value: Decimal = exact(0, ge=0)
    valid_from: date | None = None
    valid_until: date | None = None


class SupplierDiscountAgreement(DiscountAgreementFields, TenantOwned, table=True):
    __tablename__ = "supplier_discount_agreement"
    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id", index=True)


class AgentContact(ContactFields, TenantOwned, table=True):
    __tablename__ = "agent_contact"
    id: int | None = Field(default=None, primary_key=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)


class BankNoteFields(SQLModel):
    noted_on: date
    person: str = Field(default="", max_length=80, description="staff member or contact")
    text: str = long_text(min_length=1)


class BankNote(BankNoteFields, TenantOwned, table=True):
    __tablename__ = "bank_note"
    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="bank.id", index=True)
