"""The letterhead: the company's name, address and VAT ID from its parameters.

Read without the `basics` permission on purpose: whoever may print a record needs the
sender on it, and nothing here is secret.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.tenancy.models import Tenant
from kontor.core.tenancy.services import get_setting


def company_context(session: Session, ctx: Context) -> dict[str, Any]:
    parameters = CompanyParameters.model_validate(get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {})
    tenant = session.get(Tenant, ctx.tenant_id)
    return {
        "name": parameters.company_name or (tenant.name if tenant else ctx.tenant_code),
        "street": parameters.street,
        "postal_code": parameters.postal_code,
        "city": parameters.city,
        "country_code": parameters.country_code,
        "vat_id": parameters.vat_id,
        "tax_number": parameters.tax_number,
        "currency": parameters.home_currency,
        "footer_text": parameters.footer_text,
        "phone": parameters.phone,
        "email": parameters.email,
        "website": parameters.website,
        "managing_directors": parameters.managing_directors,
        "commercial_register": parameters.commercial_register,
        "bank_name": parameters.bank_name,
        "iban": parameters.iban,
        "bic": parameters.bic,
        "logo": parameters.logo,
    }
