"""Test plugin: registers a route, a command and a program part; requires test_rules."""

import click
from litestar import Request, get

from kontor.api import Level, PluginMeta, ProgramPart, hookimpl, unit

PLUGIN = PluginMeta(name="test_extras", title="Test extras", version="1.0", requires=("test_rules",))


@get("/hello", sync_to_thread=True)
def hello(request: Request) -> dict[str, str]:
    with unit(request) as (session, ctx):
        ctx.require("test_part", Level.READ)
        return {"hello": ctx.tenant_code}


@click.command("hello")
def hello_command():
    """Greets the tenant."""
    from kontor.api import current_context

    click.echo(f"hello {current_context().tenant_code}")


@hookimpl
def kontor_register_routes():
    return [hello]


@hookimpl
def kontor_register_commands():
    return [hello_command]


@hookimpl
def kontor_register_permissions():
    return [ProgramPart("test_part", "A program part added by a plugin")]
