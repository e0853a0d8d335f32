"""Company parameters of a tenant (the general defaults of the basics)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.masterdata.validators import Bic, CountryCode, CurrencyCode, NonNegativeMoney, OptionalIban, VatId
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level

PARAMETERS_KEY = "basics.parameters"
# Lock rules (see kontor.core.documents.locking): when a sales document stops being changeable.
LockRule = Literal["invoice_posted", "order_delivered", "order_invoiced", "delivery_note_invoiced", "quote_accepted"]


class CompanyParameters(BaseModel):
    company_name: str = Field(default="", max_length=120)
    street: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=12)
    city: str = Field(default="", max_length=80)
    country_code: CountryCode = "DE"
    vat_id: VatId = ""
    home_currency: CurrencyCode = "EUR"
    fiscal_year_start_month: int = Field(default=1, ge=1, le=12)
    default_credit_limit: NonNegativeMoney = Decimal("10000")
    footer_text: str = Field(default="", max_length=2000)
    # the letterhead and footer of printed documents and the seller of e-invoices
    tax_number: str = Field(default="", max_length=30, description="Steuernummer; printed when there is no VAT ID")
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    website: str = Field(default="", max_length=200)
    managing_directors: str = Field(default="", max_length=200)
    commercial_register: str = Field(default="", max_length=120, description="register court and number, e.g. 'AG Nürnberg HRB 1234'")
    bank_name: str = Field(default="", max_length=120)
    iban: OptionalIban = Field(default="", max_length=34)
    bic: Bic = Field(default="", max_length=11)
    logo: str = Field(default="", max_length=400_000,
                      pattern=r"^$|^data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=\s]+$",
                      description="the logo printed top right: a data URL (PNG, JPEG or SVG, base64)")
    allow_negative_stock: bool = False
    orders_done_when: str = Field(default="never", pattern="^(never|delivered|invoiced)$",
                                  description="set orders done automatically once fully delivered or invoiced")
    lock_rules: list[LockRule] = Field(
        default_factory=lambda: ["invoice_posted", "order_delivered"],
        description="when sales documents lock: invoice_posted (always on: posted invoices never change), "
                    "order_delivered, order_invoiced, delivery_note_invoiced, quote_accepted")
    quantity_breaks: Literal["additive", "alternative"] = Field(
        default="alternative",
        description="how an article's quantity-break discount meets the group discount: additive "
                    "(added, at most 100 %) or alternative (the larger of the two)")

    overhead_percent: dict[Literal["M", "L", "F", "D", "P"], Decimal] = Field(
        default_factory=lambda: {"M": Decimal(15), "L": Decimal(25), "F": Decimal(10), "D": Decimal(0), "P": Decimal(0)},
        description="pre-calculation (kontor.core.calc.precalc): overhead surcharge in % on the prime cost per "
                    "article type (M, L, F, D, P; 0 to 1000); full cost = prime cost + surcharge; a type left "
                    "out has none")

    @field_validator("overhead_percent")
    @classmethod
    def _overhead_in_range(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        for key, percent in value.items():
            if not Decimal(0) <= percent <= Decimal(1000):
                raise ValueError(f"the overhead of article type {key} must be between 0 and 1000 %")
        return value


def get_parameters(session: Session, ctx: Context) -> CompanyParameters:
    ctx.require("basics", Level.READ)
    return CompanyParameters.model_validate(get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {})


def set_parameters(session: Session, ctx: Context, parameters: CompanyParameters) -> CompanyParameters:
    """Replace the company parameters (fields not given take their defaults), audited."""
    ctx.require("basics", Level.ADMIN)
    before = get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}
    after = parameters.model_dump(mode="json")
    set_setting(session, ctx.tenant_id, PARAMETERS_KEY, after)
    record_change(session, ctx, "parameters", ctx.tenant_id, "update", before, after)
    return parameters
