"""The dunning run: which overdue items get a letter on a key date, at which level, with
which fee and interest; one letter per customer and currency.

1. Select (one query, no per-row reads): open items of customers with something still open,
   due before the key date, not blocked themselves, of no customer with a dunning block in
   force on the key date, and not dunned on or after the key date already.
2. Decide per item: the next level is one above its current, never above the last level
   (an item at the last level is dunned at the last level again). It is dunned if it is at
   least the level's days overdue and, after an earlier letter, the level's days after it.
3. Interest per item: open amount x the level's rate per year x days overdue / 365, rounded
   half up to the cent. Fee per letter: the fee of its highest level.
4. The run writes the letters, one history row per item and the items' new level and day,
   in the caller's transaction. It is unique per tenant and batch key (the key date, and
   the customer when a run is for one customer): a repeated run returns the stored run and
   writes nothing, so no item is dunned twice however often a run is retried.
`preview_dunning` answers steps 1-3 and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, exists, insert, or_, update
from sqlalchemy import select as sql_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.finance.dunning_levels import FINANCE, levels_of
from kontor.core.finance.dunning_models import (
    DunningBlock,
    DunningEntry,
    DunningLetter,
    DunningLevel,
    DunningRun,
)
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.parties.models import Customer
from kontor.core.masterdata.texts.placeholders import fill
from kontor.core.printing.company import company_context
from kontor.core.printing.renderer import day, money
from kontor.core.users.permissions import Level
from kontor.db.base import utcnow
from kontor.errors import Conflict, NotFound

CENT = Decimal("0.01")
STORED = Decimal("0.0001")  # amounts carry the four places of their columns, computed or read back
ZERO = Decimal("0.0000")
CHUNK = 500


@dataclass
class ItemProposal:
    open_item_id: int
    number: str
    doc_date: date
    due_date: date
    days_overdue: int
    open_amount: Decimal
    previous_level: int
    level: int
    interest_percent: Decimal
    interest: Decimal


@dataclass
class LetterProposal:
    customer_id: int
    customer_number: str
    name1: str
    name2: str
    street: str
    postal_code: str
    city: str
    country_code: str
    currency_code: str
    items: list[ItemProposal] = field(default_factory=list)
    level: int = 0
    level_name: str = ""
    open_total: Decimal = ZERO
    interest: Decimal = ZERO
    fee: Decimal = ZERO
    total: Decimal = ZERO
    pay_by: date | None = None
    text: str = ""
    template: str = ""


@dataclass
class DunningProposal:
    key_date: date
    letters: list[LetterProposal]

    @property
    def items(self) -> int:
        return sum(len(letter.items) for letter in self.letters)

    @property
    def fees(self) -> Decimal:
        return sum((letter.fee for letter in self.letters), ZERO)

    @property
    def interest(self) -> Decimal:
        return sum((letter.interest for letter in self.letters), ZERO)


@dataclass
class RunResult:
    run: DunningRun
    repeated: bool
    letters: list[DunningLetter]


def interest_for(open_amount: Decimal, percent_per_year: Decimal, days: int) -> Decimal:
    return (open_amount * percent_per_year * days / 36500).quantize(CENT, rounding=ROUND_HALF_UP)


def next_level(current: int, days_overdue: int, days_since_letter: int | None,
               levels: dict[int, DunningLevel]) -> DunningLevel | None:
    """The level an item is dunned at now, or None when it is not due for a letter yet."""
    last = max(levels)
    level = levels[min(current + 1, last)] if current < last else levels[last]
    if days_overdue < level.days_overdue:
        return None
    if days_since_letter is not None and days_since_letter < level.days_after_previous:
        return None
    return level


def _candidates(session: Session, tenant_id: int, key_date: date, customer_id: int | None, lock: bool):
    blocked = exists().where(DunningBlock.tenant_id == tenant_id, DunningBlock.customer_id == OpenItem.customer_id,
                             or_(DunningBlock.until.is_(None), DunningBlock.until >= key_date))
    statement = (
        sql_select(OpenItem.id, OpenItem.customer_id, OpenItem.number, OpenItem.doc_date, OpenItem.due_date,
                   OpenItem.open_amount, OpenItem.currency_code, OpenItem.dunning_level, OpenItem.last_dunned_on,
                   Customer.number, Customer.name1, Customer.name2, Customer.street, Customer.postal_code,
                   Customer.city, Customer.country_code)
        .join(Customer, and_(Customer.id == OpenItem.customer_id, Customer.tenant_id == tenant_id))
        .where(OpenItem.tenant_id == tenant_id, OpenItem.state != "paid", OpenItem.open_amount > Decimal(0),
               OpenItem.dunning_block.is_(False), OpenItem.due_date < key_date,
               or_(OpenItem.last_dunned_on.is_(None), OpenItem.last_dunned_on < key_date), ~blocked)
        .order_by(OpenItem.customer_id, OpenItem.currency_code, OpenItem.due_date, OpenItem.id)
    )
    if customer_id is not None:
        statement = statement.where(OpenItem.customer_id == customer_id)
    if lock:  # a payment booked at the same moment waits for the run, or the run for it
        statement = statement.with_for_update(of=OpenItem)
    return session.execute(statement)


def _propose(session: Session, ctx: Context, key_date: date, customer_id: int | None, lock: bool) -> DunningProposal:
    levels = {level.level: level for level in levels_of(session, ctx.tenant_id)}
    if not levels:
        raise Conflict("no dunning levels are defined yet: set them first (PUT /api/dunning/levels)")
    letters: dict[tuple[int, str], LetterProposal] = {}
    for (item_id, cust_id, number, doc_date, due_date, open_amount, currency, current, last_dunned,
         cust_number, name1, name2, street, postal_code, city, country) in _candidates(
            session, ctx.tenant_id, key_date, customer_id, lock):
        days_overdue = (key_date - due_date).days
        since = (key_date - last_dunned).days if last_dunned else None
        level = next_level(current, days_overdue, since, levels)
        if level is None:
            continue
        letter = letters.get((cust_id, currency))
        if letter is None:
            letter = letters[(cust_id, currency)] = LetterProposal(
                cust_id, cust_number, name1, name2, street, postal_code, city, country, currency)
        interest = interest_for(open_amount, level.interest_percent, days_overdue).quantize(STORED)
        letter.items.append(ItemProposal(item_id, number, doc_date, due_date, days_overdue, open_amount, current,
                                         level.level, level.interest_percent, interest))
    company = company_context(session, ctx)["name"] if letters else ""
    for letter in letters.values():
        _complete(letter, levels, key_date, company)
    return DunningProposal(key_date, list(letters.values()))


def _complete(letter: LetterProposal, levels: dict[int, DunningLevel], key_date: date, company: str) -> None:
    level = levels[max(item.level for item in letter.items)]
    letter.level, letter.level_name, letter.fee, letter.template = level.level, level.name, level.fee, level.template
    letter.open_total = sum((item.open_amount for item in letter.items), ZERO)
    letter.interest = sum((item.interest for item in letter.items), ZERO)
    letter.total = (letter.open_total + letter.interest + letter.fee).quantize(STORED)
    letter.pay_by = key_date + timedelta(days=level.pay_within_days)
    letter.text = fill(level.letter_text, {
        "company_name": company, "customer_number": letter.customer_number, "customer_name": letter.name1,
        "letter_date": day(key_date), "level_name": level.name, "open_total": money(letter.open_total),
        "interest": money(letter.interest), "fee": money(letter.fee), "total": money(letter.total),
        "currency": letter.currency_code, "pay_by": day(letter.pay_by),
    })


def preview_dunning(session: Session, ctx: Context, key_date: date, customer_id: int | None = None) -> DunningProposal:
    """What a run on the key date would write; writes nothing."""
    ctx.require(FINANCE, Level.READ)
    return _propose(session, ctx, key_date, customer_id, lock=False)


def batch_key_for(key_date: date, customer_id: int | None) -> str:
    return f"{key_date.isoformat()}" + (f"/customer:{customer_id}" if customer_id is not None else "")


def run_dunning(session: Session, ctx: Context, key_date: date, customer_id: int | None = None) -> RunResult:
    """Dun every item due for a letter on the key date (see the module docstring)."""
    ctx.require(FINANCE, Level.POST)
    key = batch_key_for(key_date, customer_id)
    stored = session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id,
                                                   DunningRun.batch_key == key)).first()
    if stored is not None:
        return RunResult(stored, True, letters_of_run(session, ctx.tenant_id, stored.id))
    run = DunningRun(tenant_id=ctx.tenant_id, key_date=key_date, batch_key=key, username=ctx.username)
    session.add(run)
    try:
        session.flush()  # the unique key: a run of the same key at the same moment waits here, then fails
    except IntegrityError:
        raise Conflict(f"a dunning run for {key} has just been made; repeat the request to see it") from None
    proposal = _propose(session, ctx, key_date, customer_id, lock=True)
    letters = _write_letters(session, ctx, run, proposal)
    run.letters, run.items, run.fees, run.interest = len(letters), proposal.items, proposal.fees, proposal.interest
    session.add(run)
    session.flush()
    record_change(session, ctx, "dunning_runs", run.id, "create", None,
                  {"key_date": key_date.isoformat(), "batch_key": key, "letters": run.letters, "items": run.items,
                   "fees": str(run.fees), "interest": str(run.interest)})
    return RunResult(run, False, letters)


def _write_letters(session: Session, ctx: Context, run: DunningRun, proposal: DunningProposal) -> list[DunningLetter]:
    rows = [dict(tenant_id=ctx.tenant_id, run_id=run.id, customer_id=p.customer_id, letter_date=proposal.key_date,
                 level=p.level, level_name=p.level_name, currency_code=p.currency_code,
                 customer_number=p.customer_number, name1=p.name1, name2=p.name2, street=p.street,
                 postal_code=p.postal_code, city=p.city, country_code=p.country_code, open_total=p.open_total,
                 interest=p.interest, fee=p.fee, total=p.total, pay_by=p.pay_by, text=p.text, template=p.template)
            for p in proposal.letters]
    letter_ids: list[int] = []
    for chunk in _chunks(rows):
        letter_ids += session.scalars(insert(DunningLetter).returning(DunningLetter.id, sort_by_parameter_order=True),
                                      chunk).all()
    entries = [dict(tenant_id=ctx.tenant_id, open_item_id=item.open_item_id, run_id=run.id, letter_id=letter_id,
                    level=item.level, dunned_on=proposal.key_date, days_overdue=item.days_overdue,
                    open_amount=item.open_amount, interest_percent=item.interest_percent, interest=item.interest)
               for letter_id, p in zip(letter_ids, proposal.letters) for item in p.items]
    for chunk in _chunks(entries):
        session.execute(insert(DunningEntry), chunk)
    by_level: dict[int, list[int]] = {}
    for p in proposal.letters:
        for item in p.items:
            by_level.setdefault(item.level, []).append(item.open_item_id)
    now = utcnow()
    for level, ids in by_level.items():
        for chunk in _chunks(ids):
            session.execute(update(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.id.in_(chunk))
                            .values(dunning_level=level, last_dunned_on=proposal.key_date, updated_at=now)
                            .execution_options(synchronize_session=False))
    return letters_of_run(session, ctx.tenant_id, run.id)


def _chunks(rows: list) -> Iterator[list]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start:start + CHUNK]


# -- reading ------------------------------------------------------------------------------------


def letters_of_run(session: Session, tenant_id: int, run_id: int) -> list[DunningLetter]:
    return list(session.exec(select(DunningLetter).where(DunningLetter.tenant_id == tenant_id,
                                                         DunningLetter.run_id == run_id)
                             .order_by(DunningLetter.customer_number, DunningLetter.id)))


def list_runs(session: Session, ctx: Context, limit: int = 100, offset: int = 0) -> list[DunningRun]:
    ctx.require(FINANCE, Level.READ)
    return list(session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id)
                             .order_by(DunningRun.key_date.desc(), DunningRun.id.desc()).offset(offset).limit(limit)))


def get_run(session: Session, ctx: Context, run_id: int) -> RunResult:
    ctx.require(FINANCE, Level.READ)
    run = session.exec(select(DunningRun).where(DunningRun.tenant_id == ctx.tenant_id, DunningRun.id == run_id)).first()
    if run is None:
        raise NotFound(f"no dunning run with id {run_id}")
    return RunResult(run, True, letters_of_run(session, ctx.tenant_id, run.id))


def list_letters(session: Session, ctx: Context, *, customer_id: int | None = None, run_id: int | None = None,
                 limit: int = 100, offset: int = 0) -> list[DunningLetter]:
    ctx.require(FINANCE, Level.READ)
    statement = select(DunningLetter).where(DunningLetter.tenant_id == ctx.tenant_id)
    if customer_id is not None:
        statement = statement.where(DunningLetter.customer_id == customer_id)
    if run_id is not None:
        statement = statement.where(DunningLetter.run_id == run_id)
    return list(session.exec(statement.order_by(DunningLetter.letter_date.desc(), DunningLetter.id.desc())
                             .offset(offset).limit(limit)))


def get_letter(session: Session, ctx: Context, letter_id: int) -> DunningLetter:
    ctx.require(FINANCE, Level.READ)
    letter = session.exec(select(DunningLetter).where(DunningLetter.tenant_id == ctx.tenant_id,
                                                      DunningLetter.id == letter_id)).first()
    if letter is None:
        raise NotFound(f"no dunning letter with id {letter_id}")
    return letter


def entries_of_letter(session: Session, tenant_id: int, letter_id: int) -> list[tuple[DunningEntry, OpenItem]]:
    return list(session.exec(select(DunningEntry, OpenItem).join(OpenItem, OpenItem.id == DunningEntry.open_item_id)
                             .where(DunningEntry.tenant_id == tenant_id, DunningEntry.letter_id == letter_id)
                             .order_by(OpenItem.due_date, OpenItem.id)))


def item_history(session: Session, ctx: Context, open_item_id: int) -> tuple[OpenItem, list[DunningEntry]]:
    """An open item and every letter it was on, oldest first."""
    ctx.require(FINANCE, Level.READ)
    item = session.exec(select(OpenItem).where(OpenItem.tenant_id == ctx.tenant_id, OpenItem.id == open_item_id)).first()
    if item is None:
        raise NotFound(f"no open item with id {open_item_id}")
    entries = session.exec(select(DunningEntry).where(DunningEntry.tenant_id == ctx.tenant_id,
                                                      DunningEntry.open_item_id == open_item_id)
                           .order_by(DunningEntry.dunned_on, DunningEntry.id))
    return item, list(entries)
