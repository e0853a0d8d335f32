"""The tenant's DATEV settings: what the accountant's DATEV needs to accept our files.

Kept as one parameter row (tenant setting `accounting.datev`), read by the export and changed
by an administrator of finance (audited). Consultant and client number have no default:
an import into the wrong client is worse than an export refused until they are set.

Personal accounts: with the scheme `number` (default) a customer's number is its debtor
account and a supplier's number its creditor account (the seeded number ranges start at
10001 and 70001: debtor and creditor ranges of DATEV for account length 4); with
`collective` every customer goes to `collective_debtor_account` (every supplier to
`collective_creditor_account`). Automatic accounts of the chart carry their VAT themselves,
so a posting to them gets no BU key; when the list is not given, the usual automatic revenue
and purchase accounts of SKR03 or SKR04 apply.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.tenancy.services import get_setting, set_setting
from kontor.core.users.permissions import Level
from kontor.errors import Invalid

DATEV_KEY = "accounting.datev"
FINANCE = "finance"
ACCOUNT = r"^[1-9][0-9]{0,8}$"
KEY = r"^[0-9]{1,4}$"

CHART_AUTOMATIC_ACCOUNTS = {
    "03": ("8125", "8300", "8400", "3300", "3400"),
    "04": ("4125", "4300", "4400", "5300", "5400"),
}


class DatevSettings(BaseModel):
    consultant_number: int | None = Field(default=None, ge=1001, le=9999999, description="Beraternummer")
    client_number: int | None = Field(default=None, ge=1, le=99999, description="Mandantennummer")
    account_length: int = Field(default=4, ge=4, le=8, description="Sachkontenlänge; personal accounts have one digit more")
    chart: Literal["03", "04"] = Field(default="03", description="Sachkontenrahmen: SKR03 or SKR04")
    dictation_code: str = Field(default="", pattern=r"^([A-Z]{2})?$", description="Diktatkürzel, two capitals")
    lock_on_import: bool = Field(default=False, description="Festschreibung: DATEV fixes the batch on import")
    debtor_scheme: Literal["number", "collective"] = "number"
    collective_debtor_account: str = Field(default="10000", pattern=ACCOUNT)
    creditor_scheme: Literal["number", "collective"] = "number"
    collective_creditor_account: str = Field(default="70000", pattern=ACCOUNT)
    cash_account: str = Field(default="1000", pattern=ACCOUNT, description="cash invoices are debited here")
    automatic_accounts: list[str] | None = Field(default=None, description="accounts that carry their VAT "
                                                 "themselves (no BU key); empty: the chart's usual ones")
    expense_accounts: dict[str, str] = Field(
        default_factory=lambda: {"U19": "3400", "U7": "3300"},
        description="supplier invoices: tax code -> expense account")
    default_expense_account: str = Field(default="3200", pattern=ACCOUNT)
    input_tax_keys: dict[str, str] = Field(default_factory=lambda: {"U19": "9", "U7": "8"},
                                           description="supplier invoices: tax code -> BU key of the input tax")

    @model_validator(mode="after")
    def _accounts_are_digits(self) -> DatevSettings:
        checks = [("expense_accounts", code, value, ACCOUNT) for code, value in self.expense_accounts.items()]
        checks += [("input_tax_keys", code, value, KEY) for code, value in self.input_tax_keys.items()]
        checks += [("automatic_accounts", str(i), value, ACCOUNT) for i, value in enumerate(self.automatic_accounts or [])]
        for name, where, value, pattern in checks:
            if not re.match(pattern, value):
                what = "account" if pattern == ACCOUNT else "BU key"
                raise ValueError(f"{name}.{where}: '{value}' is not a DATEV {what}")
        return self

    def automatic(self) -> frozenset[str]:
        if self.automatic_accounts is not None:
            return frozenset(self.automatic_accounts)
        return frozenset(CHART_AUTOMATIC_ACCOUNTS[self.chart])


def read_datev_settings(session: Session, tenant_id: int) -> DatevSettings:
    return DatevSettings.model_validate(get_setting(session, tenant_id, DATEV_KEY, {}) or {})


def get_datev_settings(session: Session, ctx: Context) -> DatevSettings:
    ctx.require(FINANCE, Level.READ)
    return read_datev_settings(session, ctx.tenant_id)


def put_datev_settings(session: Session, ctx: Context, settings: DatevSettings) -> DatevSettings:
    """Replace the DATEV settings (fields not given take their defaults), audited."""
    ctx.require(FINANCE, Level.ADMIN)
    before = get_setting(session, ctx.tenant_id, DATEV_KEY, {}) or {}
    after = settings.model_dump(mode="json")
    set_setting(session, ctx.tenant_id, DATEV_KEY, after)
    record_change(session, ctx, "datev_settings", ctx.tenant_id, "update", before, after)
    return settings


def require_client(settings: DatevSettings) -> None:
    """The export needs consultant and client number (422 naming the missing one)."""
    if settings.consultant_number is None:
        raise Invalid.field("consultant_number", "required",
                            "set the DATEV consultant number (Beraternummer) in the DATEV settings first")
    if settings.client_number is None:
        raise Invalid.field("client_number", "required",
                            "set the DATEV client number (Mandantennummer) in the DATEV settings first")
