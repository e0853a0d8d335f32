"""Test plugin: registers a route, a command, a program part and settings; requires test_rules."""

from typing import Literal

import click
from litestar import Request, get
from pydantic import BaseModel, Field

from kontor.api import Level, PluginMeta, ProgramPart, current_context, hookimpl, plugin_settings, unit

PLUGIN = PluginMeta(name="test_extras", title="Test extras", version="1.0", requires=("test_rules",))


@get("/hello", sync_to_thread=True)
def hello(request: Request) -> dict[str, str]:
    with unit(request) as (session, ctx):
        ctx.require("test_part", Level.READ)
        return {"hello": ctx.tenant_code}


class ExtrasSettings(BaseModel):
    """How the plugin greets: the word, how often, and in which case."""

    greeting: str = Field(default="hello", min_length=1, max_length=20)
    repeat: int = Field(default=1, ge=1, le=5, description="how often the word is said")
    case: Literal["lower", "upper"] = "lower"


@get("/greeting", sync_to_thread=True)
def greeting(request: Request) -> dict[str, str]:
    with unit(request) as (session, ctx):
        chosen = plugin_settings(session, ctx, "test_extras")
        word = " ".join([chosen.greeting] * chosen.repeat)
        return {"greeting": word.upper() if chosen.case == "upper" else word}


@click.command("hello")
def hello_command():
    """Greets the tenant."""
    click.echo(f"hello {current_context().tenant_code}")


@hookimpl
def kontor_register_routes():
    return [hello, greeting]


@hookimpl
def kontor_register_commands():
    return [hello_command]


@hookimpl
def kontor_register_permissions():
    return [ProgramPart("test_part", "A program part added by a plugin")]


@hookimpl
def kontor_register_settings():
    return ExtrasSettings
