"""The root `kontor` command, its shared state, and the guard around plugin commands."""

from __future__ import annotations

import contextvars
import copy
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
