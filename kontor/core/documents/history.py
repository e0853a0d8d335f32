"""The history (Historie): finished sales documents up to a date leave the working list.

`archive_documents(before=...)` moves every document dated before that day that is finished
(done, posted, or fully invoiced) into the history by setting `archived_at`. A document in
the history is still read (`services.read_document`) and found (`services.list_documents(...,
history=True)`), and never changes again (`services.refuse_change`). Running it twice
moves nothing twice; each moved document gets an audit entry.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, update
from sqlmodel import Session, select

from kontor.core.audit import jsonable, record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.documents.services import SALES
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow

CHUNK = 500
# States that mean "fully invoiced" (orders and delivery notes; see status.refresh_states).
INVOICED_STATES = ("invoiced",)


def archive_documents(session: Session, ctx: Context, before: date) -> int:
    """Move finished documents dated before `before` to the history; returns how many moved."""
    ctx.require(SALES, Level.ADMIN)
    finished = or_(Document.done.is_(True), Document.posted_at.is_not(None), Document.state.in_(INVOICED_STATES))
    ids = list(session.exec(select(Document.id).where(
        Document.tenant_id == ctx.tenant_id, Document.archived_at.is_(None), Document.doc_date < before, finished,
    ).order_by(Document.id)))
    now = utcnow()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        # Only archived_at changes: the one column (with done) that may change on a posted invoice.
        session.exec(update(Document).where(Document.id.in_(chunk)).values(archived_at=now)
                     .execution_options(synchronize_session="fetch"))
        for document_id in chunk:
            record_change(session, ctx, "documents", document_id, "archive", {"archived_at": None},
                          {"archived_at": jsonable(now)})
        session.flush()
    return len(ids)
