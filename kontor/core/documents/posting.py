"""Posting invoices and credit notes: the number is drawn inside the posting transaction
from the locked counter row of the number range, so numbers are unique, sequential and
without gaps; from then on the document never changes."""

from __future__ import annotations

from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.header import load_customer, refuse_blocked
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document
from kontor.core.documents.services import SALES, get_document, label, lines_of
from kontor.core.events import after_commit
from kontor.core.finance.open_items import open_item_for
from kontor.core.masterdata.basics.numbering import next_number
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, Invalid, Problem


def post_document(session: Session, ctx: Context, document_id: int) -> Document:
    ctx.require(SALES, Level.POST)
    document = get_document(session, ctx, document_id, for_update=True)
    kind = kind_of(document.kind)
    if not kind.postable:
        raise Conflict(f"a {kind.title} is not posted")
    if document.posted_at is not None:
        raise Conflict(f"{label(document)} is posted already")
    if document.done:
        raise Conflict(f"{label(document)} is done; bring it back to the working list first")
    if document.archived_at is not None:
        raise Conflict(f"{label(document)} is in the history and is not posted any more")
    if not lines_of(session, document.id):
        raise Invalid.field("lines", "required", f"{label(document)} has no lines to post")
    refuse_blocked(load_customer(session, ctx, document.customer_id), document.kind)
    problems: list[Problem] = []
    for answer in ctx.hooks.kontor_validate(ctx=ctx, session=session, subject="documents", action="post",
                                            record=document, before=None):
        problems += answer or []
    if problems:
        raise Invalid(problems)
    document.number = next_number(session, ctx.tenant_id, kind.number_range)
    document.posted_at = utcnow()
    document.state = "posted"
    document.locked = True  # lock rule invoice_posted, always on (kontor.core.documents.locking)
    session.add(document)
    session.flush()
    open_item_for(session, ctx, document)
    record_change(session, ctx, "documents", document.id, "post", {"state": "draft", "number": None},
                  {"state": "posted", "number": document.number})
    after_commit(session, ctx, ctx.hooks.kontor_document_posted, document_id=document.id, kind=document.kind,
                 number=document.number)
    return document
