"""What each kind of run is as a job: how it is split into chunks and what one chunk does.

A kind plans its run once, when it is submitted (`plan`: the items in chunks, each chunk a
list of JSON values), and does one chunk inside the transaction the chunk runner opens
(`work`). Every item of a chunk runs in a savepoint of its own, so one item that fails (a
blocked customer, stock gone elsewhere, a validation hook's veto) is written into the
chunk's result and the chunk goes on; the chunk commits as a whole.

- invoicing: the groups of delivery notes an invoice is made of (one note, or a collective
  customer's notes of one period), never split between chunks;
- delivery_notes: open orders, by id;
- dunning, reorder_proposals: one chunk each (each is one set-based transaction already).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, KontorError, Problem

Items = list[Any]


@dataclass
class ChunkResult:
    created: list[dict]
    skipped: list[dict]
    failures: list[dict]
    extra: list[dict]

    @classmethod
    def empty(cls) -> "ChunkResult":
        return cls([], [], [], [])

    def as_json(self) -> dict:
        return {"created": self.created, "skipped": self.skipped, "failures": self.failures, "extra": self.extra}


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    part: str
    level: Callable[[dict], Level]
    plan: Callable[[Session, Context, dict, int], tuple[list[Items], list[dict]]]
    work: Callable[[Session, Context, dict, Items], ChunkResult]
    check: Callable[[dict], dict]


def each_in_savepoint(session: Session, items: Items, label: Callable[[Any], str],
                      do: Callable[[Any], Any]) -> ChunkResult:
    """`do(item)` for every item in a savepoint of its own; `do` returns an Outcome of the
    batch runs (kontor.core.documents.batch_runner) or None."""
    from kontor.core import events

    result = ChunkResult.empty()
    for item in items:
        announced = len(session.info.get(events._KEY, []))
        try:
            with session.begin_nested():
                outcome = do(item)
        except (KontorError, IntegrityError) as exc:
            # Nothing of the item stays, nor may a plugin hear of a document it did not get.
            del session.info.setdefault(events._KEY, [])[announced:]
            message = exc.message if isinstance(exc, KontorError) else (
                f"the database refused it ({str(exc.orig).strip().splitlines()[0]}); nothing of it was written, "
                "run again")
            result.failures.append({"item": label(item), "message": message})
            continue
        if outcome is None:
            continue
        if outcome.created is not None:
            result.created.append(outcome.created.model_dump(mode="json"))
        if outcome.skipped is not None:
            result.skipped.append(outcome.skipped.model_dump(mode="json"))
        result.extra.extend(extra.model_dump(mode="json") for extra in outcome.extra)
    return result


def split(items: Items, sizes: list[int], chunk_size: int) -> list[Items]:
    """Items into chunks of about `chunk_size` (counted by `sizes`), never splitting an item."""
    chunks: list[Items] = []
    current: Items = []
    weight = 0
    for item, size in zip(items, sizes, strict=True):
        if current and weight + size > chunk_size:
            chunks.append(current)
            current, weight = [], 0
        current.append(item)
        weight += size
    if current:
        chunks.append(current)
    return chunks


# -- invoicing -------------------------------------------------------------------------------------


def _invoicing_selection(params: dict):
    from kontor.core.documents.batch import InvoicingSelection

    return InvoicingSelection.model_validate(params)


def _plan_invoicing(session: Session, ctx: Context, params: dict, chunk_size: int) -> tuple[list[Items], list[dict]]:
    from kontor.core.documents.batch import candidate_groups

    selection = _invoicing_selection(params)
    groups, skipped = candidate_groups(session, ctx, selection)
    return split([{**g.as_json(), "notes": n} for g, n in groups], [n for _, n in groups], chunk_size), skipped


def _work_invoicing(session: Session, ctx: Context, params: dict, items: Items) -> ChunkResult:
    """Single-note groups set-based (kontor.core.documents.batch_bulk), the rest one by one."""
    from kontor.core.documents.batch_bulk import NeedsServices, invoice_chunk
    from kontor.core.documents.batch_invoicing import Group, invoice_group

    selection = _invoicing_selection(params)
    doc_date = selection.doc_date or date.today()
    groups = [Group.from_json(item) for item in items]
    try:
        with session.begin_nested():
            done, rest = invoice_chunk(session, ctx, groups, selection, doc_date)
    except NeedsServices:
        done, rest = {}, groups
    result = each_in_savepoint(session, [g.as_json() for g in rest], lambda g: Group.from_json(g).item,
                               lambda g: invoice_group(session, ctx, Group.from_json(g), selection, doc_date))
    result.created[:0] = [outcome.created.model_dump(mode="json") for outcome in done.values() if outcome]
    return result


# -- delivery notes --------------------------------------------------------------------------------


def _delivery_selection(params: dict):
    from kontor.core.documents.batch import DeliverySelection

    return DeliverySelection.model_validate(params)


def _plan_delivery(session: Session, ctx: Context, params: dict, chunk_size: int) -> tuple[list[Items], list[dict]]:
    from kontor.core.documents.batch import candidate_orders

    ids = candidate_orders(session, ctx, _delivery_selection(params))
    return split(ids, [1] * len(ids), chunk_size), []


def _work_delivery(session: Session, ctx: Context, params: dict, items: Items) -> ChunkResult:
    from kontor.core.documents.batch_delivery import deliver_order

    doc_date = _delivery_selection(params).doc_date or date.today()
    return each_in_savepoint(session, items, lambda order_id: f"order id {order_id}",
                             lambda order_id: deliver_order(session, ctx, order_id, doc_date))


# -- one-chunk runs --------------------------------------------------------------------------------


def _one_chunk(session: Session, ctx: Context, params: dict, chunk_size: int) -> tuple[list[Items], list[dict]]:
    return [[params]], []


class DunningParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_date: date
    customer_id: int | None = None


def _single(session: Session, title: str, do: Callable[[], dict]) -> ChunkResult:
    """A one-chunk run: what it made, or why it made nothing (as an item's failure)."""
    from kontor.core.documents.batch_runner import Outcome

    made: list[dict] = []

    def work(_item):
        made.append(do())
        return Outcome()

    result = each_in_savepoint(session, [title], lambda item: item, work)
    result.created.extend(made if not result.failures else [])
    return result


def _work_dunning(session: Session, ctx: Context, params: dict, items: Items) -> ChunkResult:
    from kontor.core.finance.dunning import run_dunning

    chosen = DunningParams.model_validate(params)

    def run() -> dict:
        done = run_dunning(session, ctx, chosen.key_date, chosen.customer_id)
        return {"id": done.run.id, "kind": "dunning_run", "letters": len(done.letters), "repeated": done.repeated}

    return _single(session, f"dunning run on {chosen.key_date.isoformat()}", run)


def _work_proposals(session: Session, ctx: Context, params: dict, items: Items) -> ChunkResult:
    from kontor.core.purchasing.proposals import create_proposal

    return _single(session, "reorder proposals", lambda: {
        "id": create_proposal(session, ctx, _proposal_criteria(params)).id, "kind": "reorder_proposal"})


def _checked(model_for: Callable[[dict], Any]) -> Callable[[dict], dict]:
    """The parameters, validated by the run's own shape (422 naming the field otherwise)."""
    def check(params: dict) -> dict:
        try:
            return model_for(params).model_dump(mode="json", exclude_unset=True)
        except ValidationError as exc:
            raise Invalid([Problem(".".join(str(p) for p in error["loc"]) or "params", error["type"], error["msg"])
                           for error in exc.errors()]) from None

    return check


def _proposal_criteria(params: dict):
    from kontor.core.purchasing.proposals import ProposalCriteria

    return ProposalCriteria.model_validate(params)


KINDS: dict[str, JobKind] = {kind.name: kind for kind in (
    JobKind("invoicing", "invoicing run", "sales", lambda p: Level.POST if p.get("post") else Level.WRITE,
            _plan_invoicing, _work_invoicing, _checked(_invoicing_selection)),
    JobKind("delivery_notes", "delivery-note run", "sales", lambda p: Level.WRITE, _plan_delivery, _work_delivery,
            _checked(_delivery_selection)),
    JobKind("dunning", "dunning run", "finance", lambda p: Level.POST, _one_chunk, _work_dunning,
            _checked(DunningParams.model_validate)),
    JobKind("reorder_proposals", "reorder proposals", "purchasing", lambda p: Level.WRITE, _one_chunk,
            _work_proposals, _checked(_proposal_criteria)),
)}


def kind_named(name: str) -> JobKind:
    if name not in KINDS:
        raise Invalid.field("kind", "known", f"no run kind '{name}'; known: {', '.join(KINDS)}")
    return KINDS[name]
