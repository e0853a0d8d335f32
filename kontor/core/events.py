"""Events that plugins hear after the commit (`kontor_document_posted`, ...).

Services call `after_commit(session, ctx, hook, **kwargs)` inside their transaction; the
hook is called once the transaction has committed, and never if it rolls back, so a plugin
never announces a document that does not exist.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger("kontor.events")
_KEY = "kontor.after_commit"


def after_commit(session: Session, ctx, hook: str, **kwargs) -> None:
    session.info.setdefault(_KEY, []).append((ctx, hook, kwargs))


@event.listens_for(Session, "after_commit")
def _fire(session: Session) -> None:
    pending = session.info.pop(_KEY, [])
    for ctx, hook, kwargs in pending:
        try:
            getattr(ctx.hooks, hook)(ctx=ctx, **kwargs)
        except Exception:  # the data is committed; a listener's failure must not hide that
            log.exception("after-commit hook %s failed", hook)


@event.listens_for(Session, "after_rollback")
def _drop(session: Session) -> None:
    session.info.pop(_KEY, None)
