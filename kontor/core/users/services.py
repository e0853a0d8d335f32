"""Users, memberships, roles, grants and API tokens.

Changing users and roles needs admin permission on the program part `users`; the checks
are here, in the service layer, so the CLI and the API obey the same rules.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session, select

from kontor.core.context import Context
from kontor.core.tenancy.models import Tenant
from kontor.core.users.models import ApiToken, Membership, Role, RoleGrant, User, UserRole
from kontor.core.users.passwords import MIN_LENGTH, hash_password, verify_password
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, NotAuthenticated, NotFound, PermissionDenied
from kontor.settings import Settings

_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,59}$")

# Roles every new tenant starts with; admins adjust them or add their own.
STANDARD_ROLES: dict[str, tuple[str, dict[str, Level]]] = {
    "admin": ("Everything, including users, settings and plugins", {"*": Level.ADMIN}),
    "clerk": (
        "Order clerk: master data, sales, purchasing and stock; no users or settings",
        {
            "masterdata": Level.WRITE,
            "basics": Level.READ,
            "sales": Level.POST,
            "purchasing": Level.POST,
            "stock": Level.POST,
            "finance": Level.READ,
        },
    ),
    "accountant": (
        "Accounts receivable: payments, write-offs, dunning, credit limits and the transfer to accounting",
        {
            "*": Level.READ,
            "finance": Level.POST,
            "credit_limits": Level.WRITE,
        },
    ),
    "viewer": ("Reads everything, changes nothing", {"*": Level.READ}),
}


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid.field("password", "min_length", f"a password needs at least {MIN_LENGTH} characters")


def _hash(settings: Settings, password: str) -> str:
    return hash_password(password, time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib)


def user_by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user '{username}'")
    return user


def create_standard_roles(session: Session, tenant_id: int, parts: list[str]) -> dict[str, Role]:
    roles = {}
    for name, (description, grants) in STANDARD_ROLES.items():
        role = Role(tenant_id=tenant_id, name=name, description=description)
        session.add(role)
        session.flush()
        levels = {part: grants.get(part, grants.get("*", Level.NONE)) for part in parts}
        for part, level in levels.items():
            if level > Level.NONE:
                session.add(RoleGrant(tenant_id=role.tenant_id, role_id=role.id, part=part, level=int(level)))
        roles[name] = role
    session.flush()
    return roles


def create_user(
    session: Session, ctx: Context, username: str, password: str, *, full_name: str = "", roles: list[str] = ()
) -> User:
    """Create a user who is a member of the context's tenant, with the given roles there."""
    ctx.require("users", Level.ADMIN)
    if not _USERNAME.match(username):
        raise Invalid.field("username", "pattern", "use 2 to 60 letters, digits, '.', '_', '@' or '-'")
    _check_password(password)
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise Conflict(f"user '{username}' exists already")
    user = User(username=username, full_name=full_name, password_hash=_hash(ctx.settings, password))
    session.add(user)
    session.flush()
    session.add(Membership(tenant_id=ctx.tenant_id, user_id=user.id, is_default=True))
    for role in roles:
        grant_role(session, ctx, username, role)
    session.flush()
    return user


def set_password(session: Session, ctx: Context, username: str, password: str) -> None:
    user = user_by_name(session, username)
    if user.id != ctx.user_id:
        ctx.require("users", Level.ADMIN)
    _check_password(password)
    user.password_hash = _hash(ctx.settings, password)
    user.updated_at = utcnow()
    session.add(user)
    # Tokens issued under the old password end with it.
    session.exec(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.flush()


def role_by_name(session: Session, tenant_id: int, name: str) -> Role:
    role = session.exec(select(Role).where(Role.tenant_id == tenant_id, Role.name == name)).first()
    if role is None:
        raise Invalid.field("role", "exists", f"no role '{name}' in this tenant")
    return role


def grant_role(session: Session, ctx: Context, username: str, role_name: str) -> None:
    """Give a user a role in the context's tenant (making them a member if needed)."""
    ctx.require("users", Level.ADMIN)
    user = user_by_name(session, username)
    role = role_by_name(session, ctx.tenant_id, role_name)
    member = session.exec(
        select(Membership).where(Membership.tenant_id == ctx.tenant_id, Membership.user_id == user.id)
    ).first()
    if member is None:
        session.add(Membership(tenant_id=ctx.tenant_id, user_id=user.id))
    exists = session.exec(
        select(UserRole).where(
            UserRole.tenant_id == ctx.tenant_id, UserRole.user_id == user.id, UserRole.role_id == role.id
        )
    ).first()
    if exists is None:
        session.add(UserRole(tenant_id=ctx.tenant_id, user_id=user.id, role_id=role.id))
    session.flush()


def revoke_role(session: Session, ctx: Context, username: str, role_name: str) -> None:
    ctx.require("users", Level.ADMIN)
    user = user_by_name(session, username)
    role = role_by_name(session, ctx.tenant_id, role_name)
    session.exec(
        delete(UserRole).where(
            UserRole.tenant_id == ctx.tenant_id, UserRole.user_id == user.id, UserRole.role_id == role.id
        )
    )
    session.flush()


def set_role_grants(session: Session, ctx: Context, role_name: str, grants: dict[str, Level], known_parts: set[str]) -> Role:
    """Replace a role's levels per program part (creating the role if it is new)."""
    ctx.require("users", Level.ADMIN)
    unknown = sorted(set(grants) - known_parts)
    if unknown:
        raise Invalid.field("grants", "known_part", f"unknown program part(s): {', '.join(unknown)}")
    role = session.exec(select(Role).where(Role.tenant_id == ctx.tenant_id, Role.name == role_name)).first()
    if role is None:
        role = Role(tenant_id=ctx.tenant_id, name=role_name)
        session.add(role)
        session.flush()
    session.exec(delete(RoleGrant).where(RoleGrant.role_id == role.id))
    for part, level in grants.items():
        if level > Level.NONE:
            session.add(RoleGrant(tenant_id=role.tenant_id, role_id=role.id, part=part, level=int(level)))
    session.flush()
    return role


def grants_for(session: Session, user_id: int, tenant_id: int) -> dict[str, Level]:
    """The user's highest level per program part over all their roles in the tenant."""
    rows = session.exec(
        select(RoleGrant.part, RoleGrant.level)
        .join(UserRole, UserRole.role_id == RoleGrant.role_id)
        .where(UserRole.user_id == user_id, UserRole.tenant_id == tenant_id)
    ).all()
    grants: dict[str, Level] = {}
    for part, level in rows:
        grants[part] = max(grants.get(part, Level.NONE), Level(level))
    return grants


def tenants_of(session: Session, user_id: int) -> list[tuple[Tenant, bool]]:
    rows = session.exec(
        select(Tenant, Membership.is_default)
        .join(Membership, Membership.tenant_id == Tenant.id)
        .where(Membership.user_id == user_id)
        .order_by(Tenant.code)
    ).all()
    return [(tenant, bool(is_default)) for tenant, is_default in rows]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, settings: Settings, user: User, *, label: str = "") -> str:
    """A new bearer token for the user; the plain token is returned once and never stored."""
    token = "kt_" + secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        ApiToken(
            token_hash=_token_hash(token),
            user_id=user.id,
            label=label,
            created_at=now,
            expires_at=now + timedelta(hours=settings.token_lifetime_hours),
        )
    )
    session.flush()
    return token


def login(session: Session, settings: Settings, username: str, password: str) -> str:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or not user.active or not verify_password(user.password_hash, password):
        raise NotAuthenticated("user name or password is wrong")
    return issue_token(session, settings, user, label="login")


def user_for_token(session: Session, token: str) -> User:
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == _token_hash(token))).first()
    if row is None or row.expires_at < utcnow():
        raise NotAuthenticated("the token is unknown or has expired; log in again")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticated("the user of this token is deactivated")
    return user


def membership_tenant(session: Session, user: User, tenant_code: str | None) -> Tenant:
    """The tenant the user acts for: the one asked for, else their default tenant."""
    memberships = tenants_of(session, user.id)
    if not memberships:
        raise PermissionDenied(f"user '{user.username}' is member of no tenant")
    if tenant_code:
        for tenant, _ in memberships:
            if tenant.code == tenant_code:
                return tenant
        raise PermissionDenied(f"user '{user.username}' is no member of tenant '{tenant_code}'")
    for tenant, is_default in memberships:
        if is_default:
            return tenant
    return memberships[0][0]
