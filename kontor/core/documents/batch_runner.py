"""The machinery both batch runs share: stream candidates in chunks, one unit of work per item.

Candidates are read in chunks by keyset pagination on the document id (`id > last seen`),
each chunk in a short read unit, so a run over a million documents never holds them all.
Each item (an order, a group of delivery notes) is done in a write unit of its own: a
domain error rolls back that item only, is written into the result, and the run goes on.
Items that committed stay; a run stopped half-way is simply run again (see `kontor.core.
documents.batch`: what is done no longer matches the selection, and batch keys refuse doubles).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.batch_shapes import CreatedDocument, RunItem, RunResult
from kontor.core.documents.models import Document
from kontor.db.engine import Database
from kontor.errors import KontorError

ContextFactory = Callable[[Session], Context]


class Progress(Protocol):
    def __call__(self, done: int, total: int | None, result: RunResult) -> None:
        """Called once before the first item (done=0) and after every candidate visited.
        An exception raised here stops the run; what committed before stays."""


@dataclass
class Outcome:
    """What one unit of work did; written into the result only after its commit."""

    created: CreatedDocument | None = None
    skipped: RunItem | None = None
    extra: list[Any] = field(default_factory=list)  # backorders


def stream(db: Database, query: Callable[[int], Any], chunk_size: int) -> Iterator[Any]:
    """Rows of `query(last_id)` (ordered by id, first column the id), chunk by chunk."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    last = 0
    while True:
        with db.read() as session:
            rows = session.exec(query(last).limit(chunk_size)).all()
        if not rows:
            return
        yield from rows
        if len(rows) < chunk_size:
            return
        last = rows[-1][0]


@dataclass
class Runner:
    db: Database
    context_for: ContextFactory
    result: RunResult
    progress: Progress | None = None
    stop_after: int | None = None
    total: int | None = None
    visited: int = 0
    attempts: int = 0

    def start(self, total: int) -> None:
        self.total = total
        if self.progress:
            self.progress(0, total, self.result)

    def visit(self) -> None:
        self.visited += 1
        if self.progress:
            self.progress(self.visited, self.total, self.result)

    @property
    def must_stop(self) -> bool:
        if self.stop_after is not None and self.attempts >= self.stop_after:
            self.result.stopped = True
            return True
        return False

    def attempt(self, item: str, source_ids: list[int], work: Callable[[Session, Context], Outcome | None]) -> None:
        """Run `work` in a write unit of its own; a domain error fails this item only."""
        self.attempts += 1
        try:
            outcome = self.db.run(lambda session: work(session, self.context_for(session)))
        except KontorError as exc:
            self.result.failures.append(RunItem(item=item, source_ids=source_ids, message=exc.message))
            return
        except (IntegrityError, OperationalError) as exc:
            # A unique key taken by a concurrent run, or a deadlock or serialization failure that
            # persisted through the retries (SQLSTATE class 40): this item only, a re-run does it.
            # Anything else stops the run.
            if isinstance(exc, OperationalError) and not str(getattr(exc.orig, "sqlstate", "") or "").startswith("40"):
                raise
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            self.result.failures.append(RunItem(
                item=item, source_ids=source_ids,
                message=f"the database refused it ({reason}); nothing of it was written, run again"))
            return
        if outcome is None:
            return
        if outcome.created is not None:
            self.result.created.append(outcome.created)
        if outcome.skipped is not None:
            self.result.skipped.append(outcome.skipped)
        self.result.backorders.extend(outcome.extra)


def made_already(session: Session, ctx: Context, batch_key: str) -> Document | None:
    return session.exec(select(Document).where(Document.tenant_id == ctx.tenant_id,
                                               Document.batch_key == batch_key)).first()


def mark_batch(session: Session, ctx: Context, document: Document, variant: str, batch_key: str) -> None:
    """Name the run item that made the document (a re-run finds it), with an audit entry."""
    before = {"variant": document.variant, "batch_key": document.batch_key}
    document.variant, document.batch_key = variant, batch_key
    session.add(document)
    session.flush()
    record_change(session, ctx, "documents", document.id, "batch", before,
                  {"variant": variant, "batch_key": batch_key})


def created(document: Document, source_ids: list[int]) -> CreatedDocument:
    return CreatedDocument(id=document.id, kind=document.kind, number=document.number, state=document.state,
                           batch_key=document.batch_key, source_ids=source_ids, gross_total=document.gross_total)
