"""Setting up: the database, init, demo and serve."""

from __future__ import annotations

import os
import secrets
import sys

import click

from kontor.cli.base import State, clear_errors, main, pass_state


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
    from kontor.tenant_setup import setup_tenant
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


def check_workers(kontor, workers: int) -> None:
    """Several web processes need PostgreSQL, and connections enough for all their pools."""
    if workers < 1:
        raise click.BadParameter("at least 1", param_hint="--workers")
    if workers == 1:
        return
    if kontor.db.dialect == "sqlite":
        raise click.ClickException(
            "SQLite lets one process write at a time, so kontor serves it from one process (its threads take "
            "turns at the write lock); for several web processes set KONTOR_DATABASE_URL to a PostgreSQL database")
    from sqlalchemy import text

    with kontor.db.engine.connect() as connection:
        limit = int(connection.execute(text("SHOW max_connections")).scalar())
    wanted = workers * (kontor.settings.db_pool_size + kontor.settings.db_max_overflow)
    if wanted > limit - 10:
        raise click.ClickException(
            f"{workers} processes may open {wanted} connections (db_pool_size + db_max_overflow each), but the "
            f"server allows {limit}: lower db_pool_size / db_max_overflow or --workers, or raise max_connections")


@main.command()
@click.option("--host", default=None, help="default from settings (127.0.0.1)")
@click.option("--port", default=None, type=int, help="default from settings (8000)")
@click.option("--workers", default=1, show_default=True, type=int,
              help="web processes (PostgreSQL only: they keep no state of their own)")
@pass_state
def serve(state: State, host: str | None, port: int | None, workers: int) -> None:
    """Serve the web API (OpenAPI at /schema)."""
    import uvicorn

    from kontor.db.migrate import is_up_to_date

    kontor = state.kontor
    if not is_up_to_date(kontor.db, kontor.host):
        raise click.ClickException("the database is not up to date: run `kontor db upgrade` (or `kontor init`)")
    check_workers(kontor, workers)
    host = host or kontor.settings.host
    port = port or kontor.settings.port
    click.echo(f"kontor on http://{host}:{port}  (API docs: http://{host}:{port}/schema)"
               + (f", {workers} processes" if workers > 1 else ""))
    uvicorn.run("kontor.web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")
