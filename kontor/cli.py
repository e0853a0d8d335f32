"""The `kontor` command line.

    kontor init                 data folder, database, migrations, first tenant and admin
    kontor demo                 the same with the demo company (tenant "demo")
    kontor serve                the web API on 127.0.0.1:8000
    kontor db upgrade           core and every installed plugin to the newest revision
    kontor plugins list|enable|disable|bundles
    kontor users list|add|passwd|grant|revoke|token
    kontor tenants list|add
    kontor runs deliver|invoice  batch runs: delivery notes, invoices (single or collective)

Commands that act in a tenant take `--tenant CODE` (or KONTOR_TENANT); with a single
tenant in the database it is chosen without asking. Plugins add commands through the
`kontor_register_commands` hook; those run only for tenants that enabled the plugin.
"""

from __future__ import annotations

import contextvars
import copy
import os
import secrets
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlmodel import Session

from kontor.core.context import Context
from kontor.errors import KontorError
from kontor.plugins import PluginError
from kontor.runtime import Kontor

_CURRENT: contextvars.ContextVar[tuple[Session, Context]] = contextvars.ContextVar("kontor_cli_unit")


def current_context() -> Context:
    """The tenant's Context inside a plugin command."""
    return _CURRENT.get()[1]


def current_session() -> Session:
    """The open write session inside a plugin command (committed when the command ends)."""
    return _CURRENT.get()[0]


class State:
    """What the commands share: the tenant asked for and the system, built when first needed
    (so `kontor --help` touches no database). Tests pass a prebuilt one as `obj`."""

    def __init__(self, tenant: str | None = None, kontor: Kontor | None = None):
        self.tenant = tenant
        self._kontor = kontor
        self._host = kontor.host if kontor else None

    @property
    def host(self):
        if self._host is None:
            from kontor.plugins import build_plugin_host

            self._host = build_plugin_host()
        return self._host

    @property
    def kontor(self) -> Kontor:
        if self._kontor is None:
            self._kontor = Kontor.build(host=self.host)
        return self._kontor

    def tenant_code(self, session: Session) -> str:
        from kontor.core.tenancy.services import list_tenants

        if self.tenant:
            return self.tenant
        tenants = list_tenants(session)
        if len(tenants) == 1:
            return tenants[0].code
        if not tenants:
            raise click.ClickException("no tenant yet: run `kontor init` or `kontor demo` first")
        codes = ", ".join(t.code for t in tenants)
        raise click.ClickException(f"several tenants ({codes}): choose one with --tenant CODE")

    @contextmanager
    def unit(self) -> Iterator[tuple[Session, Context]]:
        """One write transaction in the chosen tenant, as the system user."""
        with self.kontor.db.write() as session:
            ctx = self.kontor.system_context(session, self.tenant_code(session))
            yield session, ctx


pass_state = click.make_pass_decorator(State)


@contextmanager
def clear_errors() -> Iterator[None]:
    """Domain errors end the command with their message instead of a traceback."""
    try:
        yield
    except (KontorError, PluginError) as exc:
        raise click.ClickException(exc.message if isinstance(exc, KontorError) else str(exc)) from None


class KontorGroup(click.Group):
    """The root group: adds the commands of installed plugins when asked for a command."""

    def _plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        cached = ctx.meta.get("kontor.plugin_commands")
        if cached is None:
            cached = {}
            if ctx.obj is None:
                ctx.obj = State()
            try:
                for plugin, commands in ctx.obj.host.results_by_plugin("kontor_register_commands"):
                    for command in commands:
                        cached[command.name] = guarded(plugin, command)
            except PluginError as exc:
                click.echo(f"warning: plugins not loaded: {exc}", err=True)
            ctx.meta["kontor.plugin_commands"] = cached
        return cached

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._plugin_commands(ctx)))

    def get_command(self, ctx, name):
        return super().get_command(ctx, name) or self._plugin_commands(ctx).get(name)


def guarded(plugin: str, command: click.Command) -> click.Command:
    """Run a plugin's command only for a tenant that enabled the plugin, inside a unit.
    (A copy is wrapped: the plugin's own command object stays as the plugin made it.)"""
    command = copy.copy(command)
    original = command.invoke

    def invoke(click_ctx: click.Context):
        state = click_ctx.find_object(State)
        with clear_errors(), state.unit() as (session, ctx):
            if plugin not in ctx.enabled_plugins:
                raise click.ClickException(
                    f"plugin '{plugin}' is not enabled for tenant '{ctx.tenant_code}': "
                    f"`kontor --tenant {ctx.tenant_code} plugins enable {plugin}`"
                )
            token = _CURRENT.set((session, ctx))
            try:
                return original(click_ctx)
            finally:
                _CURRENT.reset(token)

    command.invoke = invoke
    return command


@click.group(cls=KontorGroup)
@click.option("--tenant", envvar="KONTOR_TENANT", help="tenant code to act in")
@click.version_option(package_name="kontor-erp")
@click.pass_context
def main(ctx: click.Context, tenant: str | None) -> None:
    """kontor: order and materials management."""
    if ctx.obj is None:
        ctx.obj = State()
    ctx.obj.tenant = tenant or ctx.obj.tenant


# -- database -------------------------------------------------------------------------------


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--target", default="heads", show_default=True, help="e.g. core@head or special_prices@head")
@pass_state
def db_upgrade(state: State, target: str) -> None:
    """Bring the core and every installed plugin to its newest revision (idempotent)."""
    from kontor.db.migrate import current_heads, upgrade

    upgrade(state.kontor.db, state.kontor.host, target)
    click.echo(f"database at {', '.join(sorted(current_heads(state.kontor.db)))}")


@db.command("current")
@pass_state
def db_current(state: State) -> None:
    """Show the revisions the database is at and whether it is up to date."""
    from kontor.db.migrate import current_heads, is_up_to_date, known_heads

    kontor = state.kontor
    click.echo(f"current: {', '.join(sorted(current_heads(kontor.db))) or 'empty'}")
    up_to_date = is_up_to_date(kontor.db, kontor.host)
    click.echo("up to date" if up_to_date else f"behind; newest: {', '.join(sorted(known_heads(kontor.host)))}")


# -- setting up -----------------------------------------------------------------------------


def _admin_password(given: str | None) -> tuple[str, bool]:
    if given:
        return given, False
    if os.environ.get("KONTOR_ADMIN_PASSWORD"):
        return os.environ["KONTOR_ADMIN_PASSWORD"], False
    if sys.stdin.isatty():
        return click.prompt("password for the admin", hide_input=True, confirmation_prompt=True), False
    return secrets.token_urlsafe(12), True


@main.command()
@click.option("--tenant-code", default="main", show_default=True)
@click.option("--name", "company_name", default="Meine Firma GmbH", show_default=True)
@click.option("--admin", "admin_username", default="admin", show_default=True)
@click.option("--admin-password", help="default: $KONTOR_ADMIN_PASSWORD, a prompt, or a generated one")
@pass_state
def init(state: State, tenant_code: str, company_name: str, admin_username: str, admin_password: str | None) -> None:
    """Create the data folder and database, run migrations, create the first tenant and admin."""
    from sqlmodel import select

    from kontor.core.tenancy.models import Tenant
    from kontor.core.tenancy.setup import setup_tenant
    from kontor.db.migrate import upgrade

    kontor = state.kontor
    upgrade(kontor.db, kontor.host)
    with clear_errors(), kontor.db.write() as session:
        if session.exec(select(Tenant).where(Tenant.code == tenant_code)).first() is not None:
            click.echo(f"tenant '{tenant_code}' exists already; database is up to date")
            return
        password, generated = _admin_password(admin_password)
        setup_tenant(session, kontor, tenant_code, company_name, admin_username=admin_username, admin_password=password)
    click.echo(f"database: {kontor.settings.resolved_database_url}")
    click.echo(f"tenant '{tenant_code}' ({company_name}) with user '{admin_username}'")
    if generated:
        click.echo(f"generated password for '{admin_username}': {password}")


@main.command()
@click.option("--admin-password", default="demo-admin", show_default=True)
@pass_state
def demo(state: State, admin_password: str) -> None:
    """Set up the demo company (tenant "demo", user admin) if it is not there yet."""
    from kontor.db.migrate import upgrade
    from kontor.demo import ensure_demo

    from sqlmodel import select

    from kontor.core.users.models import User

    kontor = state.kontor
    upgrade(kontor.db, kontor.host)
    with kontor.db.read() as session:
        admin_existed = session.exec(select(User.id).where(User.username == "admin")).first() is not None
    with clear_errors():
        created, summary = ensure_demo(kontor, admin_password=admin_password)
    if created:
        click.echo(f"demo company created: {summary}")
    else:
        click.echo("demo company exists already")
    if created and not admin_existed:
        click.echo(f"log in as admin / {admin_password} (tenant demo); start the API with `kontor serve`")
    else:
        click.echo("log in as admin with the password it has (tenant demo); start the API with `kontor serve`")


@main.command()
@click.option("--host", default=None, help="default from settings (127.0.0.1)")
@click.option("--port", default=None, type=int, help="default from settings (8000)")
@click.option("--workers", default=1, show_default=True, type=int)
@pass_state
def serve(state: State, host: str | None, port: int | None, workers: int) -> None:
    """Serve the web API (OpenAPI at /schema)."""
    import uvicorn

    from kontor.db.migrate import is_up_to_date

    kontor = state.kontor
    if not is_up_to_date(kontor.db, kontor.host):
        raise click.ClickException("the database is not up to date: run `kontor db upgrade` (or `kontor init`)")
    host = host or kontor.settings.host
    port = port or kontor.settings.port
    click.echo(f"kontor on http://{host}:{port}  (API docs: http://{host}:{port}/schema)")
    uvicorn.run("kontor.web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


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
    from kontor.core.tenancy.setup import setup_tenant

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
@click.option("--role", "roles", multiple=True, help="admin, clerk, viewer or a role of the tenant")
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


# -- stock ----------------------------------------------------------------------------------


@main.group()
def stock() -> None:
    """The stock ledger."""


@stock.command("verify")
@pass_state
def stock_verify(state: State) -> None:
    """Prove that every stock level equals the sum of its movements (all tenants, or --tenant)."""
    from kontor.core.stock.queries import verify_ledger
    from kontor.core.tenancy.services import tenant_by_code

    with clear_errors(), state.kontor.db.read() as session:
        tenant_id = tenant_by_code(session, state.tenant).id if state.tenant else None
        mismatches = verify_ledger(session, tenant_id)
    for m in mismatches:
        click.echo(f"tenant {m.tenant_id} article {m.article_id} warehouse {m.warehouse_id}: "
                   f"level {m.level} but ledger {m.ledger}")
    if mismatches:
        raise click.ClickException(f"{len(mismatches)} stock level(s) differ from the ledger")
    click.echo("stock levels equal the ledger")


@stock.command("list")
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="key date YYYY-MM-DD")
@pass_state
def stock_list_command(state: State, on) -> None:
    """Stock and its value per article on a key date."""
    from kontor.core.stock.services import stock_list

    with clear_errors(), state.unit() as (session, ctx):
        rows, purchase, sales = stock_list(session, ctx, on.date(), limit=1_000_000)
    for row in rows:
        click.echo(f"{row.article_number:<16} {row.description[:40]:<40} {row.quantity:>14} "
                   f"{row.purchase_value:>14} {row.sales_value:>14}")
    click.echo(f"{len(rows)} articles, purchase value {purchase}, sales value {sales}")


# -- batch runs -----------------------------------------------------------------------------


@main.group()
def runs() -> None:
    """Batch runs: delivery notes for deliverable orders, invoices for delivery notes."""


_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _selection_options(command):
    """The selection both runs take."""
    for option in reversed((
        click.option("--customer", "customer_number", help="only this customer (number)"),
        click.option("--since", type=_DATE, help="document date from (YYYY-MM-DD)"),
        click.option("--until", type=_DATE, help="document date up to (YYYY-MM-DD)"),
        click.option("--category", "category_code", help="only customers of this category (code)"),
        click.option("--date", "doc_date", type=_DATE, help="date of the new documents (default: today)"),
    )):
        command = option(command)
    return command


@runs.command("deliver")
@_selection_options
@pass_state
def runs_deliver(state: State, **options) -> None:
    """Delivery notes for every deliverable open order; short stock leaves a backorder."""
    from kontor.core.documents.batch import DeliverySelection, run_delivery_notes

    _run_batch(state, run_delivery_notes, DeliverySelection, options)


@runs.command("invoice")
@_selection_options
@click.option("--cut-off", type=_DATE, help="collective periods ending before this date (default: today)")
@click.option("--include-open-periods", is_flag=True, help="invoice collective periods not ended yet, too")
@click.option("--post", is_flag=True, help="post the invoices (they get their numbers)")
@pass_state
def runs_invoice(state: State, **options) -> None:
    """Invoices for the delivery notes not yet invoiced: single, or collective per period."""
    from kontor.core.documents.batch import InvoicingSelection, run_invoicing

    _run_batch(state, run_invoicing, InvoicingSelection, options)


def show_progress() -> bool:
    """A progress bar only for a person at a terminal: not when piped, not under CI."""
    return sys.stderr.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")


def _run_batch(state: State, run, selection_type, options: dict) -> None:
    """Run in the tenant as the system user; a progress bar on a terminal (none under CI)."""
    from datetime import datetime

    from tqdm import tqdm

    from kontor.core.documents.batch import resolve_names

    kontor = state.kontor
    quiet = not show_progress()
    with clear_errors():
        with kontor.db.read() as session:
            code = state.tenant_code(session)
            names = resolve_names(session, kontor.system_context(session, code),
                                  options.pop("customer_number"), options.pop("category_code"))
        values = {k: v.date() if isinstance(v, datetime) else v for k, v in options.items()}
        with tqdm(disable=quiet, unit="item", file=sys.stderr) as bar:
            def progress(done: int, total: int | None, _result) -> None:
                if not quiet:
                    bar.total = total
                    bar.update(done - bar.n)

            result = run(kontor.db, lambda s: kontor.system_context(s, code), selection_type(**names, **values),
                         progress=progress)
        sys.stderr.flush()  # the bar's last line before the summary
    for backorder in result.backorders:
        for line in backorder.lines:
            click.echo(f"backorder: order {backorder.order_number} position {line.position} {line.article_number}: "
                       f"{line.backorder.normalize():f} open")
    for failure in result.failures:
        click.echo(f"failed: {failure.item}: {failure.message}", err=True)
    click.echo(f"{result.run.replace('_', ' ')}: {result.summary()}")
    if result.failures:
        raise click.exceptions.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
