"""Setting up a new tenant: the company, its standard roles, its basics, its first admin.

It sits beside kontor.runtime, not in the core: it needs the assembled system (the program
parts every plugin registers, the plugin host, the default bundle of the settings).
"""

from __future__ import annotations

from sqlmodel import Session

from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.masterdata.basics.seed import seed_basics
from kontor.core.stock.models import Warehouse
from kontor.core.tenancy.models import Tenant
from kontor.core.tenancy.plugin_switch import enable_bundle
from kontor.core.tenancy.services import create_tenant, set_setting
from kontor.core.users import services as users
from kontor.runtime import Kontor


def setup_tenant(
    session: Session,
    kontor: Kontor,
    code: str,
    name: str,
    *,
    admin_username: str | None = None,
    admin_password: str | None = None,
    plugins: list[str] | None = None,
) -> Tenant:
    tenant = create_tenant(session, code, name)
    users.create_standard_roles(session, tenant.id, sorted(kontor.part_names))
    seed_basics(session, tenant.id)
    session.add(Warehouse(tenant_id=tenant.id, code="HL", name="Hauptlager", is_default=True))
    set_setting(session, tenant.id, PARAMETERS_KEY, CompanyParameters(company_name=name).model_dump(mode="json"))
    ctx = kontor.context(session, tenant)
    wanted = list(kontor.settings.default_plugins) if plugins is None else plugins
    if wanted:
        enable_bundle(session, ctx, kontor.host, wanted)
    if admin_username:
        existing = session.exec(users.select(users.User).where(users.User.username == admin_username)).first()
        if existing is None:
            users.create_user(session, ctx, admin_username, admin_password or "", full_name="Administrator", roles=["admin"])
        else:
            users.grant_role(session, ctx, admin_username, "admin")
    return tenant
