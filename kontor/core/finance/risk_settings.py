"""The tenant's settings of the credit check: on or off, where the warning starts, which parts count.

Stored as one parameter row of the tenant (key `finance.credit_risk`), so a company that keeps
its open items elsewhere can count only orders and deliveries, and one that does not want the
check switches it off. Changing them needs finance admin and is audited.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.masterdata.validators import Percent
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level

RISK_SETTINGS_KEY = "finance.credit_risk"
FINANCE = "finance"


class RiskSettings(BaseModel):
    enabled: bool = Field(default=True, description="run the credit check on orders, delivery notes and invoices")
    warning_percent: Percent = Field(default=Decimal("90"),
                                     description="from this share of the limit on, a document passes with a warning")
    count_open_items: bool = Field(default=True, description="count the customer's open items")
    count_uninvoiced: bool = Field(default=True,
                                   description="count delivered-not-invoiced value and invoices not yet posted")
    count_open_orders: bool = Field(default=True, description="count order value not yet delivered or invoiced")


def load_risk_settings(session: Session, tenant_id: int) -> RiskSettings:
    """The settings without a permission check (the credit check itself reads them)."""
    return RiskSettings.model_validate(get_setting(session, tenant_id, RISK_SETTINGS_KEY, {}) or {})


def get_risk_settings(session: Session, ctx: Context) -> RiskSettings:
    ctx.require(FINANCE, Level.READ)
    return load_risk_settings(session, ctx.tenant_id)


def put_risk_settings(session: Session, ctx: Context, settings: RiskSettings) -> RiskSettings:
    """Replace the settings (fields not given take their defaults), audited."""
    ctx.require(FINANCE, Level.ADMIN)
    before = get_setting(session, ctx.tenant_id, RISK_SETTINGS_KEY, {}) or {}
    after = settings.model_dump(mode="json")
    set_setting(session, ctx.tenant_id, RISK_SETTINGS_KEY, after)
    record_change(session, ctx, "credit_risk_settings", ctx.tenant_id, "update", before, after)
    return settings
