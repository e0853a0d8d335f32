"""The invoicing run's chunk done set-based: one invoice per delivery note, many at once.

The run's usual unit (kontor.core.documents.batch_invoicing.invoice_group) converts and posts
one group of notes through the services, some forty statements each. A chunk of single-note
groups is made here with a handful of statements for the whole chunk instead: the notes are
locked and read with their lines at once, the invoices and their lines written with
multi-row inserts, the numbers drawn from one lock of the number range (gapless, in note
order, as the one-by-one run would give them), the open items, the notes' states and the
audit entries written set-based too. What the services check is checked for the chunk:

- the notes are still uninvoiced (locked), not done, not in the history; no batch key taken;
  they are in home currency (a foreign one takes the rate of the invoice date: the services);
- the customer is not blocked, no order behind a note is on credit hold, the invoice date
  lies in no closed period;
- the credit check: the chunk's change of each customer's exposure is settled; an invoice
  made from a delivery note only moves value, so if any customer's counted risk would grow,
  the chunk falls back to the services, which check and record it document by document.

Everything outside this common case goes to the services unchanged: collective groups, notes
with direct costs or subtotal groups, and tenants whose enabled plugins validate documents
(their hook wants each document as the services make it). The results are the same
documents, lines, numbers, open items and audit entries (tests/scenarios/test_bulk_invoicing).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, insert, select, update
from sqlmodel import Session

from kontor.core.audit import AuditEntry, jsonable
from kontor.core.context import Context
from kontor.core.documents.batch_invoicing import UNINVOICED, Group
from kontor.core.documents.batch_runner import Outcome
from kontor.core.documents.batch_shapes import CreatedDocument, InvoicingSelection
from kontor.core.documents.conversion import _NOT_COPIED
from kontor.core.documents.currency import home_currency
from kontor.core.documents.locking import lock_rules
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.lineage import FAMILIES
from kontor.core.documents.status import refresh_states
from kontor.core.documents.totals import compute_totals, line_net
from kontor.core.events import after_commit
from kontor.core.finance import exposure
from kontor.core.finance.models import OpenItem
from kontor.core.finance.risk import counted_change
from kontor.core.finance.risk_settings import load_risk_settings
from kontor.core.finance.risk_models import CreditHold
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import NumberRange, PaymentTerm
from kontor.core.masterdata.basics.numbering import format_number
from kontor.core.finance.transfers import transfer_covering
from kontor.core.masterdata.parties.models import Customer
from kontor.db.base import utcnow

STORED = Decimal("0.0001")
CENT = Decimal("0.01")
DOC = Document.__table__
LINE = DocumentLine.__table__


def bulk_allowed(ctx: Context) -> bool:
    """Only the core validates documents for this tenant (its rules are checked set-based here)."""
    return all(impl.plugin_name.startswith("core.") for impl in ctx.hooks.kontor_validate.get_hookimpls())


def invoice_chunk(session: Session, ctx: Context, groups: list[Group], selection: InvoicingSelection,
                  doc_date: date) -> tuple[dict[int, Outcome], list[Group]]:
    """Invoices for the single-note groups it can make set-based: {first note id: outcome},
    and the groups left for the services."""
    single = {g.first_note_id: g for g in groups if not g.collective}
    rest = [g for g in groups if g.collective]
    if not single or not bulk_allowed(ctx):
        return {}, groups
    notes = {row.id: row for row in session.execute(
        select(DOC).where(DOC.c.id.in_(sorted(single)), DOC.c.tenant_id == ctx.tenant_id,
                          DOC.c.kind == "delivery_note", DOC.c.done.is_(False), DOC.c.archived_at.is_(None),
                          DOC.c.state.in_(UNINVOICED)).order_by(DOC.c.id).with_for_update())}
    outcomes: dict[int, Outcome] = {note_id: None for note_id in single if note_id not in notes}  # invoiced meanwhile
    lines = defaultdict(list)
    for line in session.execute(select(LINE).where(LINE.c.document_id.in_(list(notes)))
                                .order_by(LINE.c.document_id, LINE.c.position, LINE.c.id)):
        lines[line.document_id].append(line)
    unfit = _unfit(session, ctx, notes, lines, {n: single[n].label for n in notes}, doc_date)
    rest += [single[n] for n in sorted(unfit)]
    chosen = [n for n in sorted(notes) if n not in unfit]
    already = _invoiced(session, [line.id for n in chosen for line in lines[n]])
    takings = {n: [(line, line.quantity - already.get(line.id, 0)) for line in lines[n] if not line.optional
                   and line.quantity - already.get(line.id, 0) > 0] for n in chosen}
    rest += [single[n] for n in chosen if not takings[n]]
    chosen = [n for n in chosen if takings[n]]
    if not chosen:
        return outcomes, rest
    made = _write(session, ctx, [(single[n], notes[n], takings[n]) for n in chosen], selection.post, doc_date)
    outcomes.update(made)
    return outcomes, rest


def _unfit(session: Session, ctx: Context, notes: dict, lines: dict, keys: dict[int, str], doc_date: date) -> set[int]:
    """Notes the services must do: anything beyond plain item lines, or a rule to refuse with
    its own message (blocked customer, held order, closed period, a batch key taken)."""

    if transfer_covering(session, ctx.tenant_id, doc_date) is not None:
        return set(notes)
    home = home_currency(session, ctx.tenant_id)
    unfit = {n for n, row in notes.items() if row.currency_code != home}  # a foreign rate: the services
    unfit |= {n for n, rows in lines.items() if any(
        r.line_kind != "item" or r.own_discount_percent is not None for r in rows)}
    unfit |= {n for n in notes if not lines.get(n)}
    unfit |= set(session.execute(select(DocumentCharge.document_id).where(
        DocumentCharge.document_id.in_(list(notes)))).scalars())
    taken_keys = set(session.execute(select(Document.batch_key).where(
        Document.tenant_id == ctx.tenant_id, Document.batch_key.in_(sorted(keys.values())))).scalars())
    unfit |= {n for n in notes if keys[n] in taken_keys}
    blocked = set(session.execute(select(Customer.id).where(
        Customer.id.in_({row.customer_id for row in notes.values()}), Customer.blocked.is_(True))).scalars())
    unfit |= {n for n, row in notes.items() if row.customer_id in blocked}
    order_lines = {line.order_line_id for rows in lines.values() for line in rows if line.order_line_id}
    if order_lines:
        held_orders = set(session.execute(select(CreditHold.document_id).where(
            CreditHold.tenant_id == ctx.tenant_id, CreditHold.state == "held",
            CreditHold.document_id.in_(select(DocumentLine.document_id).where(
                DocumentLine.id.in_(sorted(order_lines)))))).scalars())
        if held_orders:
            line_order = dict(session.execute(select(DocumentLine.id, DocumentLine.document_id).where(
                DocumentLine.id.in_(sorted(order_lines)))).all())
            unfit |= {n for n, rows in lines.items()
                      if any(line_order.get(line.order_line_id) in held_orders for line in rows)}
    return unfit


def _invoiced(session: Session, line_ids: list[int]) -> dict[int, Decimal]:
    if not line_ids:
        return {}
    return dict(session.execute(select(DocumentLine.source_line_id, func.sum(DocumentLine.quantity))
                                .join(Document, Document.id == DocumentLine.document_id)
                                .where(DocumentLine.source_line_id.in_(line_ids),
                                       Document.kind.in_(FAMILIES["invoice"]))
                                .group_by(DocumentLine.source_line_id)).all())


def _write(session: Session, ctx: Context, work: list, post: bool, doc_date: date) -> dict[int, Outcome]:

    now = utcnow()
    numbers = _numbers(session, ctx, len(work)) if post else [None] * len(work)
    headers, line_sets, snapshots = [], [], []
    for (group, note, taken), number in zip(work, numbers, strict=True):
        header = {c.key: getattr(note, c.key) for c in DOC.columns if c.key not in _NOT_COPIED}
        new_lines = []
        for position, (line, quantity) in enumerate(taken, start=1):
            row = {c.key: getattr(line, c.key) for c in LINE.columns if c.key not in ("id", "document_id")}
            row.update(position=position, quantity=quantity,
                       net_amount=line_net(quantity, line.unit_price, line.discount_percent),
                       source_line_id=line.id, order_line_id=line.order_line_id)
            new_lines.append(row)
        totals = compute_totals(((r["net_amount"], r["tax_rate"], r["optional"]) for r in new_lines), (),
                                header["end_discount_percent"])
        header.update(kind="invoice", number=None, state="draft", done=False, doc_date=doc_date, clerk=ctx.username,
                      cash=False, variant="", batch_key=None, order_id=None, corrects_id=None, locked=False,
                      posted_at=None, archived_at=None, created_at=now, updated_at=now,
                      lines_net=totals.lines_net.quantize(STORED), end_discount_amount=totals.end_discount.quantize(STORED),
                      charges_net=totals.charges_net.quantize(STORED), net_total=totals.net.quantize(STORED),
                      tax_total=totals.tax.quantize(STORED), gross_total=totals.gross.quantize(STORED),
                      exchange_rate=Decimal(1), exchange_rate_manual=False,  # home currency only (see _unfit)
                      home_net_total=totals.net.quantize(STORED), home_tax_total=totals.tax.quantize(STORED),
                      home_gross_total=totals.gross.quantize(STORED))
        snapshots.append(dict(header))
        header.update(variant="batch", batch_key=group.label)
        headers.append(header)
        line_sets.append(new_lines)
    ids = list(session.execute(insert(DOC).returning(DOC.c.id, sort_by_parameter_order=True), headers).scalars())
    all_lines = []
    for doc_id, new_lines in zip(ids, line_sets, strict=True):
        for row in new_lines:
            row["document_id"] = doc_id
            all_lines.append(row)
    line_ids = session.execute(insert(LINE).returning(LINE.c.id, sort_by_parameter_order=True), all_lines).scalars()
    for row, line_id in zip(all_lines, line_ids, strict=True):
        row["id"] = line_id
    if post:  # after the lines: the database refuses lines of a posted invoice
        numbered = dict(zip(ids, numbers, strict=True))
        session.execute(update(DOC).where(DOC.c.id.in_(ids)).values(
            number=case(numbered, value=DOC.c.id), state="posted", posted_at=now, locked=True))
        for header, number in zip(headers, numbers, strict=True):
            header.update(number=number, state="posted", posted_at=now, locked=True)
    note_ids = [note.id for _g, note, _t in work]
    exposure.touch_documents(session, [*ids, *note_ids])
    # Every open line of each note went into its invoice: the note is invoiced (as refresh_states says).
    session.execute(update(DOC).where(DOC.c.id.in_(note_ids)).values(state="invoiced", updated_at=utcnow()))
    orders = {row["order_line_id"] for row in all_lines if row["order_line_id"]}
    settings = load_risk_settings(session, ctx.tenant_id)
    changes = exposure.settle(session)
    if settings.enabled and any(counted_change(change, settings) > 0 for change in changes.values()):
        raise NeedsServices()
    if post:
        _open_items(session, ctx, ids, headers, all_lines)
    _audit(session, ctx, ids, headers, snapshots, line_sets, post)
    if orders:
        refresh_states(session, ctx, set(session.execute(select(DocumentLine.document_id).where(
            DocumentLine.id.in_(sorted(orders)))).scalars()))
    _lock_notes(session, ctx, note_ids)
    outcomes = {}
    for doc_id, header, (group, note, _taken) in zip(ids, headers, work, strict=True):
        after_commit(session, ctx, ctx.hooks.kontor_document_created, document_id=doc_id, kind="invoice", number=None)
        after_commit(session, ctx, ctx.hooks.kontor_document_converted, document_id=doc_id, kind="invoice",
                     source_document_ids=[note.id])
        if post:
            after_commit(session, ctx, ctx.hooks.kontor_document_posted, document_id=doc_id, kind="invoice",
                         number=header["number"])
        outcomes[note.id] = Outcome(created=CreatedDocument(
            id=doc_id, kind="invoice", number=header["number"], state=header["state"], batch_key=group.label,
            source_ids=[note.id], gross_total=header["gross_total"]))
    return outcomes


def _lock_notes(session: Session, ctx: Context, note_ids: list[int]) -> None:
    """The lock rules for the notes, now fully invoiced (kontor.core.documents.locking, set-based):
    locked by `delivery_note_invoiced` when the tenant has that rule, else unlocked; audited."""
    locked = "delivery_note_invoiced" in lock_rules(session, ctx.tenant_id)
    changing = list(session.execute(select(DOC.c.id).where(DOC.c.id.in_(note_ids), DOC.c.locked.is_not(locked)))
                    .scalars())
    if not changing:
        return
    session.execute(update(DOC).where(DOC.c.id.in_(changing)).values(locked=locked))
    after = {"locked": locked, "rule": "delivery_note_invoiced" if locked else None}
    now = utcnow()
    session.execute(insert(AuditEntry.__table__), [
        {"tenant_id": ctx.tenant_id, "at": now, "user_id": ctx.user_id, "username": ctx.username,
         "subject": "documents", "record_id": note_id, "action": "lock" if locked else "unlock",
         "before": {"locked": not locked}, "after": after} for note_id in changing])


class NeedsServices(Exception):
    """The chunk would add to a customer's risk: the services check it document by document."""


def _numbers(session: Session, ctx: Context, count: int) -> list[str]:
    kind = kind_of("invoice").number_range
    row = session.execute(select(NumberRange).where(NumberRange.tenant_id == ctx.tenant_id, NumberRange.kind == kind)
                          .with_for_update()).scalar_one()
    first = row.next_number
    numbers = [format_number(row.prefix, first + k, row.width) for k in range(count)]
    session.execute(update(NumberRange).where(NumberRange.id == row.id).values(next_number=first + count))
    session.get(NumberRange, row.id, populate_existing=True)
    return numbers


def _open_items(session: Session, ctx: Context, ids: list[int], headers: list[dict], lines: list[dict]) -> None:
    terms = {t.id: t for t in session.execute(select(PaymentTerm).where(PaymentTerm.id.in_(
        {h["payment_term_id"] for h in headers if h["payment_term_id"]}))).scalars()}
    articles = {a for a in {row["article_id"] for row in lines if row["article_id"]}}
    not_discountable = set(session.execute(select(Article.id).where(Article.id.in_(sorted(articles)),
                                                                    Article.cash_discountable.is_(False))).scalars())
    excluded: dict[int, Decimal] = defaultdict(Decimal)
    for row in lines:
        if row["article_id"] in not_discountable and not row["optional"] and row["line_kind"] == "item":
            excluded[row["document_id"]] += (row["net_amount"] * (1 + row["tax_rate"] / 100)).quantize(CENT)
    now = utcnow()
    items = []
    for doc_id, header in zip(ids, headers, strict=True):
        gross, day = header["gross_total"], header["doc_date"]
        term = terms.get(header["payment_term_id"])
        base = max(gross - excluded[doc_id], Decimal(0)) if doc_id in excluded else gross
        item = {"tenant_id": ctx.tenant_id, "document_id": doc_id, "customer_id": header["customer_id"],
                "kind": "invoice", "number": header["number"], "doc_date": day,
                "due_date": day + timedelta(days=term.net_days if term else 0), "currency_code": header["currency_code"],
                "amount": gross, "open_amount": gross, "exchange_rate": Decimal(1), "home_amount": gross,
                "home_open_amount": gross, "cash_discount_base": base, "cash_discount1_date": None,
                "cash_discount1_percent": Decimal(0), "cash_discount2_date": None, "cash_discount2_percent": Decimal(0),
                "state": "paid" if gross == 0 else "open", "dunning_level": 0, "last_dunned_on": None,
                "dunning_block": False, "created_at": now, "updated_at": now}
        if term and term.discount1_percent:
            item.update(cash_discount1_date=day + timedelta(days=term.discount1_days),
                        cash_discount1_percent=term.discount1_percent)
        if term and term.discount2_percent:
            item.update(cash_discount2_date=day + timedelta(days=term.discount2_days),
                        cash_discount2_percent=term.discount2_percent)
        items.append(item)
    session.execute(insert(OpenItem.__table__), items)


def _audit(session: Session, ctx: Context, ids: list[int], headers: list[dict], snapshots: list[dict],
           line_sets: list[list[dict]], post: bool) -> None:
    now = utcnow()
    entries = []
    for doc_id, header, snap, new_lines in zip(ids, headers, snapshots, line_sets, strict=True):
        after = jsonable({**snap, "id": doc_id})
        after["lines"] = [jsonable({c.key: row[c.key] for c in LINE.columns}) for row in new_lines]
        base = {"tenant_id": ctx.tenant_id, "at": now, "user_id": ctx.user_id, "username": ctx.username,
                "subject": "documents", "record_id": doc_id}
        entries.append({**base, "action": "convert", "before": None, "after": after})
        entries.append({**base, "action": "batch", "before": {"batch_key": None, "variant": ""},
                        "after": {"batch_key": header["batch_key"], "variant": "batch"}})
        if post:
            entries.append({**base, "action": "post", "before": {"number": None, "state": "draft"},
                            "after": {"number": header["number"], "state": "posted"}})
    session.execute(insert(AuditEntry.__table__), entries)

