"""`kontor documents check`: the document-consistency check (see kontor.core.documents.consistency)."""

from __future__ import annotations

import click

from kontor.cli.base import State, clear_errors, main, pass_state


@main.group()
def documents() -> None:
    """Checks over the documents."""


@documents.command("check")
@pass_state
def documents_check(state: State) -> None:
    """Prove the documents are consistent: posted ones numbered without gaps, each with its
    open item, nothing billed twice (all tenants, or --tenant)."""
    from kontor.core.documents.consistency import check_documents
    from kontor.core.tenancy.services import tenant_by_code

    with clear_errors(), state.kontor.db.read() as session:
        tenant_id = tenant_by_code(session, state.tenant).id if state.tenant else None
        problems = check_documents(session, tenant_id)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{len(problems)} document problem(s)")
    click.echo("documents are consistent")
