"""Tenant administration over HTTP: plugins, users, roles and company parameters."""

from litestar import Request, get, post, put
from pydantic import BaseModel, Field

from kontor.core.masterdata.basics.parameters import CompanyParameters, get_parameters, set_parameters
from kontor.core.tenancy.plugin_switch import disable_plugin, enable_plugins
from kontor.core.users import services as users
from kontor.core.users.models import Membership, Role, RoleGrant, User, UserRole
from kontor.core.users.permissions import Level
from kontor.web.units import kontor_of, unit
from sqlmodel import select


class PluginState(BaseModel):
    name: str
    title: str
    version: str
    requires: list[str]
    description: str
    enabled: bool


@get("/api/plugins", sync_to_thread=True, tags=["plugins"], summary="Installed plugins and whether this tenant enabled them")
def list_plugins(request: Request) -> list[PluginState]:
    host = kontor_of(request).host
    with unit(request) as (session, ctx):
        ctx.require("settings", Level.READ)
        return [
            PluginState(**info.as_dict(), enabled=name in ctx.enabled_plugins)
            for name, info in sorted(host.plugins.items())
        ]


@post("/api/plugins/{name:str}/enable", sync_to_thread=True, tags=["plugins"], status_code=200)
def enable(request: Request, name: str) -> list[str]:
    with unit(request, write=True) as (session, ctx):
        return enable_plugins(session, ctx, kontor_of(request).host, [name])


@post("/api/plugins/{name:str}/disable", sync_to_thread=True, tags=["plugins"], status_code=200)
def disable(request: Request, name: str) -> list[str]:
    with unit(request, write=True) as (session, ctx):
        return disable_plugin(session, ctx, kontor_of(request).host, name)


class UserCreate(BaseModel):
    username: str
    password: str = Field(min_length=8)
    full_name: str = ""
    roles: list[str] = []


class UserRead(BaseModel):
    id: int
    username: str
    full_name: str
    active: bool
    roles: list[str]


class PasswordChange(BaseModel):
    password: str = Field(min_length=8)


class RoleGrants(BaseModel):
    description: str = ""
    grants: dict[str, str] = Field(description="program part -> read, write, post or admin")


class RoleRead(BaseModel):
    name: str
    description: str
    grants: dict[str, str]


def _user_read(session, tenant_id: int, user: User) -> UserRead:
    roles = session.exec(
        select(Role.name).join(UserRole, UserRole.role_id == Role.id)
        .where(UserRole.user_id == user.id, UserRole.tenant_id == tenant_id).order_by(Role.name)
    ).all()
    return UserRead(id=user.id, username=user.username, full_name=user.full_name, active=user.active, roles=list(roles))


@get("/api/users", sync_to_thread=True, tags=["users"], summary="Users of this tenant")
def list_users(request: Request) -> list[UserRead]:
    with unit(request) as (session, ctx):
        ctx.require("users", Level.READ)
        members = session.exec(
            select(User).join(Membership, Membership.user_id == User.id)
            .where(Membership.tenant_id == ctx.tenant_id).order_by(User.username)
        ).all()
        return [_user_read(session, ctx.tenant_id, user) for user in members]


@post("/api/users", sync_to_thread=True, tags=["users"], summary="Create a user in this tenant")
def create_user(request: Request, data: UserCreate) -> UserRead:
    with unit(request, write=True) as (session, ctx):
        user = users.create_user(session, ctx, data.username, data.password, full_name=data.full_name, roles=data.roles)
        return _user_read(session, ctx.tenant_id, user)


@post("/api/users/{username:str}/roles/{role:str}", sync_to_thread=True, tags=["users"], status_code=200)
def grant(request: Request, username: str, role: str) -> UserRead:
    with unit(request, write=True) as (session, ctx):
        users.grant_role(session, ctx, username, role)
        return _user_read(session, ctx.tenant_id, users.user_by_name(session, username))


@put("/api/users/{username:str}/password", sync_to_thread=True, tags=["users"], status_code=204)
def change_password(request: Request, username: str, data: PasswordChange) -> None:
    with unit(request, write=True) as (session, ctx):
        users.set_password(session, ctx, username, data.password)


def _role_read(session, role: Role) -> RoleRead:
    grants = session.exec(select(RoleGrant).where(RoleGrant.role_id == role.id).order_by(RoleGrant.part)).all()
    return RoleRead(name=role.name, description=role.description,
                    grants={g.part: Level(g.level).name.lower() for g in grants})


@get("/api/roles", sync_to_thread=True, tags=["users"], summary="Roles and their permissions per program part")
def list_roles(request: Request) -> list[RoleRead]:
    with unit(request) as (session, ctx):
        ctx.require("users", Level.READ)
        roles = session.exec(select(Role).where(Role.tenant_id == ctx.tenant_id).order_by(Role.name)).all()
        return [_role_read(session, role) for role in roles]


@put("/api/roles/{name:str}", sync_to_thread=True, tags=["users"], summary="Create or change a role")
def put_role(request: Request, name: str, data: RoleGrants) -> RoleRead:
    from kontor.errors import Invalid

    try:
        grants = {part: Level.parse(level) for part, level in data.grants.items()}
    except ValueError as exc:
        raise Invalid.field("grants", "level", str(exc)) from None
    with unit(request, write=True) as (session, ctx):
        role = users.set_role_grants(session, ctx, name, grants, kontor_of(request).part_names)
        role.description = data.description or role.description
        session.add(role)
        return _role_read(session, role)


@get("/api/parameters", sync_to_thread=True, tags=["basics"], summary="Company parameters of this tenant")
def read_parameters(request: Request) -> CompanyParameters:
    with unit(request) as (session, ctx):
        return get_parameters(session, ctx)


@put("/api/parameters", sync_to_thread=True, tags=["basics"], summary="Change the company parameters")
def write_parameters(request: Request, data: CompanyParameters) -> CompanyParameters:
    with unit(request, write=True) as (session, ctx):
        return set_parameters(session, ctx, data)


HANDLERS = [list_plugins, enable, disable, list_users, create_user, grant, change_password,
            list_roles, put_role, read_parameters, write_parameters]
