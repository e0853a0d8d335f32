"""Test plugin: a listener that fails after the commit for documents marked LISTENER-FAILS,
and a hook of its own (`kontor_test_loud_noted`), an after-commit event it announces itself."""

from kontor.api import Document, PluginMeta, after_commit, after_commit_event, hookimpl, hookspec


class Hookspecs:
    @after_commit_event
    @hookspec
    def kontor_test_loud_noted(ctx, document_id: int, note: str) -> None:
        """The plugin noted a document (test of a plugin's own event)."""


PLUGIN = PluginMeta(name="test_loud", title="Test failing listener", version="1.0", hookspecs=Hookspecs)

NOTED: list[tuple] = []


@hookimpl
def kontor_document_created(ctx, document_id, kind):
    with ctx.db.read() as session:
        document = session.get(Document, document_id)
    if document.customer_order_number == "LISTENER-FAILS":
        raise RuntimeError(f"the export of {kind} {document_id} failed")


@hookimpl
def kontor_validate(ctx, session, subject, action, record):
    """Announces its own event for every order it sees created."""
    if subject == "documents" and action == "create" and record.kind == "order":
        after_commit(session, ctx, ctx.hooks.kontor_test_loud_noted, document_id=record.id, note="seen")


@hookimpl
def kontor_test_loud_noted(ctx, document_id, note):
    NOTED.append((ctx.tenant_code, document_id, note))
