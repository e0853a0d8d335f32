"""Administration: tenants, plugins and users."""

from __future__ import annotations

import sys
import tomllib

import click

from kontor.cli.base import State, clear_errors, main, pass_state
from kontor.runtime import Kontor


# -- tenants --------------------------------------------------------------------------------


@main.group()
def tenants() -> None:
    """Tenants (companies) in this database."""


@tenants.command("list")
@pass_state
def tenants_list(state: State) -> None:
    from kontor.core.tenancy.services import list_tenants

    with state.kontor.db.read() as session:
        for tenant in list_tenants(session):
            enabled = ", ".join(sorted(state.kontor.enabled_plugins(session, tenant.id))) or "-"
            click.echo(f"{tenant.code:<20} {tenant.name:<40} plugins: {enabled}")


@tenants.command("add")
@click.argument("code")
@click.argument("name")
@click.option("--admin", "admin_username", help="an existing or new user who becomes admin")
@click.option("--admin-password")
@pass_state
def tenants_add(state: State, code: str, name: str, admin_username: str | None, admin_password: str | None) -> None:
    from kontor.tenant_setup import setup_tenant

    with clear_errors(), state.kontor.db.write() as session:
        setup_tenant(session, state.kontor, code, name, admin_username=admin_username, admin_password=admin_password)
    click.echo(f"tenant '{code}' created")


# -- plugins --------------------------------------------------------------------------------


@main.group()
def plugins() -> None:
    """Installed plugins and which are enabled for the tenant."""


@plugins.command("list")
@pass_state
def plugins_list(state: State) -> None:
    """Installed plugins, their version and requirements, and their state per tenant."""
    from kontor.core.tenancy.services import list_tenants

    kontor = state.kontor
    with kontor.db.read() as session:
        tenants_ = [t for t in list_tenants(session) if not state.tenant or t.code == state.tenant]
        enabled = {t.code: kontor.enabled_plugins(session, t.id) for t in tenants_}
    if not kontor.host.plugins:
        click.echo("no plugins installed")
    for name, info in sorted(kontor.host.plugins.items()):
        on = [code for code, names in enabled.items() if name in names]
        requires = ", ".join(info.requires) or "-"
        state_text = f"enabled for: {', '.join(on)}" if on else "not enabled"
        click.echo(f"{name:<18} {info.version:<8} {info.title:<34} requires: {requires:<16} {state_text}")


@plugins.command("enable")
@click.argument("names", nargs=-1)
@click.option("--bundle", help="enable the plugins of a bundle from config/bundles")
@pass_state
def plugins_enable(state: State, names: tuple[str, ...], bundle: str | None) -> None:
    """Enable plugins for the tenant (refused if a required plugin is missing or off)."""
    from kontor.core.tenancy.plugin_switch import enable_bundle, enable_plugins

    if not names and not bundle:
        raise click.UsageError("name a plugin or a --bundle")
    with clear_errors(), state.unit() as (session, ctx):
        if bundle:
            enabled = enable_bundle(session, ctx, state.kontor.host, load_bundle(state.kontor, bundle)["plugins"])
        if names:
            enabled = enable_plugins(session, ctx, state.kontor.host, list(names))
        click.echo(f"enabled for tenant '{ctx.tenant_code}': {', '.join(enabled)}")


@plugins.command("disable")
@click.argument("name")
@pass_state
def plugins_disable(state: State, name: str) -> None:
    """Disable a plugin for the tenant (refused while an enabled plugin requires it)."""
    from kontor.core.tenancy.plugin_switch import disable_plugin

    with clear_errors(), state.unit() as (session, ctx):
        enabled = disable_plugin(session, ctx, state.kontor.host, name)
        click.echo(f"enabled for tenant '{ctx.tenant_code}': {', '.join(enabled) or 'none'}")


def bundles(kontor: Kontor) -> dict[str, dict]:
    folder = kontor.settings.resolved_bundles_dir
    found = {}
    if folder and folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            with path.open("rb") as handle:
                bundle = tomllib.load(handle)["bundle"]
            found[bundle["name"]] = bundle
    return found


def load_bundle(kontor: Kontor, name: str) -> dict:
    found = bundles(kontor)
    if name not in found:
        raise click.ClickException(f"no bundle '{name}' (known: {', '.join(found) or 'none'})")
    return found[name]


@plugins.command("bundles")
@pass_state
def plugins_bundles(state: State) -> None:
    """Module bundles resellers ship (config/bundles/*.toml)."""
    for name, bundle in bundles(state.kontor).items():
        click.echo(f"{name:<16} {bundle.get('title', ''):<24} {', '.join(bundle['plugins'])}")


# -- users ----------------------------------------------------------------------------------


@main.group()
def users() -> None:
    """Users, their passwords and roles in the tenant."""


def _password(given: str | None) -> str:
    if given:
        return given
    if sys.stdin.isatty():
        return click.prompt("password", hide_input=True, confirmation_prompt=True)
    raise click.UsageError("give --password (no terminal to ask on)")


@users.command("list")
@pass_state
def users_list(state: State) -> None:
    from sqlmodel import select

    from kontor.core.users.models import Membership, Role, User, UserRole

    with state.unit() as (session, ctx):
        members = session.exec(
            select(User).join(Membership, Membership.user_id == User.id).where(Membership.tenant_id == ctx.tenant_id)
        ).all()
        for user in members:
            roles = session.exec(
                select(Role.name).join(UserRole, UserRole.role_id == Role.id)
                .where(UserRole.user_id == user.id, UserRole.tenant_id == ctx.tenant_id)
            ).all()
            click.echo(f"{user.username:<20} {user.full_name:<30} roles: {', '.join(roles) or '-'}")


@users.command("add")
@click.argument("username")
@click.option("--password")
@click.option("--full-name", default="")
@click.option("--role", "roles", multiple=True, help="admin, clerk, accountant, viewer or a role of the tenant")
@pass_state
def users_add(state: State, username: str, password: str | None, full_name: str, roles: tuple[str, ...]) -> None:
    from kontor.core.users.services import create_user

    with clear_errors(), state.unit() as (session, ctx):
        create_user(session, ctx, username, _password(password), full_name=full_name, roles=list(roles))
    click.echo(f"user '{username}' added with roles: {', '.join(roles) or '-'}")


@users.command("passwd")
@click.argument("username")
@click.option("--password")
@pass_state
def users_passwd(state: State, username: str, password: str | None) -> None:
    from kontor.core.users.services import set_password

    with clear_errors(), state.unit() as (session, ctx):
        set_password(session, ctx, username, _password(password))
    click.echo(f"password of '{username}' changed")


@users.command("grant")
@click.argument("username")
@click.argument("role")
@pass_state
def users_grant(state: State, username: str, role: str) -> None:
    from kontor.core.users.services import grant_role

    with clear_errors(), state.unit() as (session, ctx):
        grant_role(session, ctx, username, role)
        click.echo(f"'{username}' has role '{role}' in tenant '{ctx.tenant_code}'")


@users.command("revoke")
@click.argument("username")
@click.argument("role")
@pass_state
def users_revoke(state: State, username: str, role: str) -> None:
    from kontor.core.users.services import revoke_role

    with clear_errors(), state.unit() as (session, ctx):
        revoke_role(session, ctx, username, role)
        click.echo(f"'{username}' no longer has role '{role}'")


@users.command("token")
@click.argument("username")
@pass_state
def users_token(state: State, username: str) -> None:
    """Print a bearer token for scripts (valid for token_lifetime_hours)."""
    from kontor.core.users.services import issue_token, user_by_name

    with clear_errors(), state.kontor.db.write() as session:
        click.echo(issue_token(session, state.kontor.settings, user_by_name(session, username), label="cli"))
