"""Marking what a unit of work touched, so the customers' exposure rows follow their sources.

Nothing in the document, open-item or payment code has to remember the exposure: the session
tells. After each flush the documents, lines, open items and payments it wrote are marked
(a line marks its own document and the documents it was taken from); statements that write
such rows in bulk (`update`, `delete`, multi-row `insert` through the session) are marked
from their WHERE clause or their rows before they run. Just before the transaction commits,
everything marked is settled into the rows (kontor.core.finance.exposure.settle), inside the
same transaction; a rollback forgets the marks.

Imported once by kontor.runtime, which every process (web, CLI, worker, tests) builds.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, select
from sqlmodel import Session

from kontor.core.documents.models import Document, DocumentLine
from kontor.core.finance import exposure
from kontor.core.finance.models import OpenItem
from kontor.core.finance.payment_models import Payment

_BULK_TABLES = {"document", "document_line", "open_item", "payment"}


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, _flush_context) -> None:
    documents, lines, customers = set(), set(), set()
    for record in chain(session.new, session.dirty, session.deleted):
        if isinstance(record, Document):
            documents.add(record.id)
            if record.kind in exposure.ORDER_BILLING_KINDS:
                documents.add(record.order_id)
        elif isinstance(record, DocumentLine):
            documents.add(record.document_id)
            lines.update((record.source_line_id, record.order_line_id))
        elif isinstance(record, (OpenItem, Payment)):
            customers.add(record.customer_id)
    if documents:
        exposure.touch_documents(session, documents)
    if lines:
        exposure.touch_lines(session, lines)
    if customers:
        exposure.touch_customers(session, customers)


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk(state) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name not in _BULK_TABLES:
        return
    session = state.session
    if state.is_insert:
        _mark_inserted(session, name, state.parameters)
        return
    where = state.statement.whereclause
    if where is None:
        return
    columns = table.c
    # A statement run with many parameter sets (executemany) is asked once per set: correct, if
    # slow for large ones (bulk writers mark what they change themselves and use IN lists).
    parameter_sets = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    for parameters in parameter_sets:
        if name == "document":
            for doc_id, order_id in session.execute(select(columns.id, columns.order_id).where(where), parameters):
                exposure.touch_documents(session, (doc_id, order_id))
        elif name == "document_line":
            for doc_id, source, order_line in session.execute(
                    select(columns.document_id, columns.source_line_id, columns.order_line_id).where(where),
                    parameters):
                exposure.touch_documents(session, (doc_id,))
                exposure.touch_lines(session, (source, order_line))
        else:
            exposure.touch_customers(session, session.execute(select(columns.customer_id).where(where),
                                                              parameters).scalars())


def _mark_inserted(session: Session, name: str, parameters) -> None:
    rows = parameters if isinstance(parameters, list) else [parameters] if isinstance(parameters, dict) else []
    for row in rows:
        if name == "document":
            exposure.touch_documents(session, (row.get("id"), row.get("order_id")))
        elif name == "document_line":
            exposure.touch_documents(session, (row.get("document_id"),))
            exposure.touch_lines(session, (row.get("source_line_id"), row.get("order_line_id")))
        else:
            exposure.touch_customers(session, (row.get("customer_id"),))


@event.listens_for(Session, "before_commit")
def _settle_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint ends: the transaction around it settles everything once
    session.flush()
    if exposure.pending(session):
        exposure.settle(session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    # A savepoint rolled back leaves the transaction around it, with its marks (a mark of
    # something rolled back only makes a share be worked out again and found unchanged).
    if not session.in_transaction():
        exposure.forget(session)


@event.listens_for(Session, "after_commit")
def _forget_after_commit(session: Session) -> None:
    if not session.in_transaction():
        exposure.forget(session)
