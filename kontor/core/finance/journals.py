"""The invoice journals of a period (Rechnungsausgangsbuch, Rechnungseingangsbuch).

Outgoing: every posted invoice, partial and final invoice and credit note dated in the
period; incoming: every booked supplier invoice (posted_at set). Amounts are signed as the
accountant reads them: credit notes negative. The totals, the totals per kind and the net
revenue per order category (documents without a category under "***", the seeds' "diverse")
are grouped SQL, and the transfers that already closed (part of) the period are named; the
entries come a page at a time (limit/offset) or, for a printout, as a
stream, so a period of 100,000 invoices never sits in memory. What each entry is posted to
(accounts, tax keys) is the DATEV export's business (kontor.core.finance.postings) and is
summed per account by `account_summary`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.finance.datev_settings import FINANCE, read_datev_settings
from kontor.core.finance.postings import (
    CREDIT_KINDS,
    PURCHASE_INVOICE_KINDS,
    SALES_INVOICE_KINDS,
    period_postings,
)
from kontor.core.finance.transfers import overlapping_transfers
from kontor.core.masterdata.basics.models import Category
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.core.users.permissions import Level
from kontor.errors import Invalid

SIDES = ("outgoing", "incoming")
UNASSIGNED = "***"
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class JournalEntry:
    document_id: int
    kind: str
    number: str
    doc_date: date
    party_number: str
    party_name: str
    currency_code: str
    cash: bool
    net: Decimal
    tax: Decimal
    gross: Decimal
    exchange_rate: Decimal = Decimal(1)
    home_net: Decimal = ZERO  # the amounts in home currency (the journal's sums add these up)
    home_tax: Decimal = ZERO
    home_gross: Decimal = ZERO


@dataclass(frozen=True)
class Sums:
    key: str
    documents: int
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass
class Journal:
    side: str
    period_from: date
    period_to: date
    total: Sums
    by_kind: list[Sums]
    by_category: list[Sums]
    entries: list[JournalEntry] = field(default_factory=list)
    transfers: list = field(default_factory=list)  # AccountingTransfer rows overlapping the period


def _side(side: str) -> tuple[tuple[str, ...], type, object]:
    if side not in SIDES:
        raise Invalid.field("side", "one_of", f"a journal is 'outgoing' or 'incoming', not '{side}'")
    if side == "incoming":
        return PURCHASE_INVOICE_KINDS, Supplier, Document.supplier_id
    return SALES_INVOICE_KINDS, Customer, Document.customer_id


def _check(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise Invalid.field("period_to", "not_before_from",
                            f"the period ends ({period_to}) before it starts ({period_from})")


def _in_period(tenant_id: int, kinds: tuple[str, ...], period_from: date, period_to: date) -> list:
    return [Document.tenant_id == tenant_id, Document.kind.in_(kinds), Document.posted_at.is_not(None),
            Document.doc_date >= period_from, Document.doc_date <= period_to]


def _sign(kind: str) -> Decimal:
    return Decimal(-1) if kind in CREDIT_KINDS else Decimal(1)


def _grouped(session: Session, key, where: list) -> dict[str, list]:
    """Per key: [documents, net, tax, gross], signed per kind (grouped by key and kind in SQL)."""
    rows = session.execute(
        select(key, Document.kind, func.count(Document.id), func.sum(Document.home_net_total),
               func.sum(Document.home_tax_total), func.sum(Document.home_gross_total))
        .select_from(Document).outerjoin(Category, Category.id == Document.category_id)
        .where(*where).group_by(key, Document.kind)).all()
    sums: dict[str, list] = {}
    for name, kind, count, net, tax, gross in rows:
        target = sums.setdefault(name if name is not None else UNASSIGNED, [0, ZERO, ZERO, ZERO])
        sign = _sign(kind)
        target[0] += count
        target[1] += sign * net
        target[2] += sign * tax
        target[3] += sign * gross
    return sums


def _sums(key: str, values: list) -> Sums:
    return Sums(key, values[0], *(value.quantize(Decimal("0.0001")) for value in values[1:]))  # as stored


def journal(session: Session, ctx: Context, side: str, period_from: date, period_to: date, *,
            limit: int = 100, offset: int = 0) -> Journal:
    """Totals of the period and one page of its entries (date and number order)."""
    ctx.require(FINANCE, Level.READ)
    kinds, _, _ = _side(side)
    _check(period_from, period_to)
    where = _in_period(ctx.tenant_id, kinds, period_from, period_to)
    by_kind = _grouped(session, Document.kind, where)
    total = [sum(values[0] for values in by_kind.values())] + [
        sum((values[i] for values in by_kind.values()), ZERO) for i in (1, 2, 3)]
    by_category = _grouped(session, Category.code, where)
    return Journal(
        side=side, period_from=period_from, period_to=period_to, total=_sums("total", total),
        by_kind=[_sums(k, v) for k, v in sorted(by_kind.items())],
        by_category=[_sums(k, v) for k, v in sorted(by_category.items(), key=lambda kv: (kv[0] == UNASSIGNED, kv[0]))],
        entries=list(journal_entries(session, ctx, side, period_from, period_to, limit=limit, offset=offset)),
        transfers=overlapping_transfers(session, ctx.tenant_id, period_from, period_to))


def journal_entries(session: Session, ctx: Context, side: str, period_from: date, period_to: date, *,
                    limit: int | None = None, offset: int = 0) -> Iterator[JournalEntry]:
    """The entries of the period in date and number order, streamed from the database."""
    ctx.require(FINANCE, Level.READ)
    kinds, party, party_id = _side(side)
    _check(period_from, period_to)
    query = (
        select(Document.id, Document.kind, Document.number, Document.doc_date, party.number, party.name1,
               Document.bill_name1, Document.currency_code, Document.cash, Document.net_total, Document.tax_total,
               Document.gross_total, Document.exchange_rate, Document.home_net_total, Document.home_tax_total,
               Document.home_gross_total)
        .outerjoin(party, party.id == party_id)
        .where(*_in_period(ctx.tenant_id, kinds, period_from, period_to))
        .order_by(Document.doc_date, Document.number, Document.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    for row in session.execute(query.execution_options(yield_per=1000)):
        sign = _sign(row[1])
        yield JournalEntry(document_id=row[0], kind=row[1], number=row[2] or "", doc_date=row[3],
                           party_number=row[4] or "", party_name=row[6] or row[5] or "", currency_code=row[7],
                           cash=bool(row[8]), net=sign * row[9], tax=sign * row[10], gross=sign * row[11],
                           exchange_rate=row[12], home_net=sign * row[13], home_tax=sign * row[14],
                           home_gross=sign * row[15])


@dataclass(frozen=True)
class AccountSum:
    account: str
    contra_account: str
    bu_key: str
    tax_code: str
    postings: int
    debit: Decimal
    credit: Decimal


def account_summary(session: Session, ctx: Context, side: str, period_from: date, period_to: date) -> list[AccountSum]:
    """The postings of the period summed per account, contra account and BU key: what the DATEV
    posting batch will book, to check it against the journal before transferring."""
    ctx.require(FINANCE, Level.READ)
    _side(side)
    _check(period_from, period_to)
    sums: dict[tuple[str, str, str, str], list] = {}
    settings = read_datev_settings(session, ctx.tenant_id)
    for posting in period_postings(session, ctx.tenant_id, settings, period_from, period_to,
                                   "purchase" if side == "incoming" else "sales"):
        entry = sums.setdefault((posting.account, posting.contra_account, posting.bu_key, posting.tax_code),
                                [0, ZERO, ZERO])
        entry[0] += 1
        if posting.home_amount > 0:
            entry[1] += posting.home_amount
        else:
            entry[2] -= posting.home_amount
    return [AccountSum(*key, *values) for key, values in sorted(sums.items())]
