"""Logging in (bearer tokens) and who am I."""

from litestar import Request, get, post
from pydantic import BaseModel

from kontor.core.users.services import login, tenants_of
from kontor.web.units import kontor_of, unit


class TokenRequest(BaseModel):
    username: str
    password: str


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeResponse(BaseModel):
    username: str
    tenant: str
    tenants: list[str]
    grants: dict[str, str]
    enabled_plugins: list[str]


@post("/api/auth/token", sync_to_thread=True, tags=["auth"], summary="Log in and get a bearer token")
def create_token(request: Request, data: TokenRequest) -> TokenResponse:
    kontor = kontor_of(request)
    with kontor.db.write() as session:
        token = login(session, kontor.settings, data.username, data.password)
    return TokenResponse(access_token=token, expires_in=kontor.settings.token_lifetime_hours * 3600)


@get("/api/me", sync_to_thread=True, tags=["auth"], summary="The logged-in user, tenant and permissions")
def me(request: Request) -> MeResponse:
    with unit(request) as (session, ctx):
        tenants = [tenant.code for tenant, _ in tenants_of(session, ctx.user_id)]
        return MeResponse(
            username=ctx.username,
            tenant=ctx.tenant_code,
            tenants=tenants,
            grants={part: level.name.lower() for part, level in sorted(ctx.grants.items())},
            enabled_plugins=sorted(ctx.enabled_plugins),
        )
