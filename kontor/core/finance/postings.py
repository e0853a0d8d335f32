"""The postings of a period: what the accountant books for each invoice, credit note and
supplier invoice, one posting per document and (revenue or expense account, tax code).

Sales: the customer's debtor account (the cash account for a cash invoice) against the
revenue account of each line (the article's revenue code; a line without one, a temporary
article, a partial-invoice line or a direct cost takes the revenue code linked to its tax
code, and so does a line taxed otherwise than its article's revenue code says, such as an
intra-EU supply of an article whose revenue code is for 19 %), gross amount, BU key of the
tax code. Purchase: the supplier's creditor account against the expense account the DATEV
settings give for the tax code, with its input-tax key. A supplier invoice counts as booked
once its posted_at is set (purchasing sets it when it releases the invoice).

A document in a foreign currency is posted in its currency with its rate and the amounts in
home currency beside (its home gross split onto the postings like its own gross, to the cent).

Amounts follow the document's own rounding rule (kontor.core.documents.totals): per VAT rate
the end discount and the VAT on the rate's sum. When one rate spreads over several accounts,
the rate's end discount and VAT are split onto them in proportion to their net, to the cent,
the remainder going to the largest; so the postings of a document always add up to its
gross total, which is checked.

Periods may hold 100,000 invoices: documents are read in chunks of CHUNK (keyset on date and
id) and, per chunk, their lines and direct costs in one grouped query each; nothing is read
per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from kontor.core.documents.models import Document, DocumentCharge, DocumentLine
from kontor.core.documents.totals import ZERO, cents, rate_key
from kontor.core.finance.datev_settings import DatevSettings
from kontor.core.finance.models import OpenItem
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import RevenueCode, TaxCode
from kontor.core.masterdata.parties.models import Customer, Supplier
from kontor.errors import Conflict, Invalid

SALES_INVOICE_KINDS = ("invoice", "partial_invoice", "final_invoice", "credit_note")
PURCHASE_INVOICE_KINDS = ("supplier_invoice",)
INVOICE_KINDS = SALES_INVOICE_KINDS + PURCHASE_INVOICE_KINDS
CREDIT_KINDS = ("credit_note",)
TITLES = {"invoice": "Rechnung", "partial_invoice": "Teilrechnung", "final_invoice": "Schlussrechnung",
          "credit_note": "Gutschrift", "supplier_invoice": "Eingangsrechnung"}
CHUNK = 1000
_BELEG_CHARS = re.compile(r"[^A-Za-z0-9$&%*+\-/]")


@dataclass(frozen=True)
class Posting:
    document_id: int
    kind: str
    number: str
    doc_date: date
    party_number: str
    party_name: str
    account: str
    contra_account: str
    tax_code: str
    bu_key: str
    tax_rate: Decimal
    amount: Decimal  # signed: positive debits `account`, negative credits it
    currency_code: str
    due_date: date | None
    vat_id: str
    text: str
    home_amount: Decimal = ZERO  # the amount in home currency (equal to `amount` in home currency)
    home_currency_code: str = "EUR"
    exchange_rate: Decimal = Decimal(1)  # home currency per unit of `currency_code`


@dataclass
class _Doc:
    id: int
    kind: str
    number: str
    doc_date: date
    party_id: int | None
    party_number: str
    party_name: str
    vat_id: str
    cash: bool
    currency_code: str
    end_discount_percent: Decimal
    gross_total: Decimal
    due_date: date | None
    exchange_rate: Decimal = Decimal(1)
    home_gross_total: Decimal = ZERO


def beleg_number(number: str) -> str:
    """An invoice number as DATEV's Belegfeld 1 takes it: letters, digits and $&%*+-/, at most 36."""
    return _BELEG_CHARS.sub("", number)[:36]


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, each part to the cent, the remainder to the
    part of the largest weight (by amount), so the parts always add up to the total."""
    if not weights:
        return []
    base = sum(weights, ZERO)
    if base == 0:
        parts = [ZERO for _ in weights]
    else:
        parts = [cents(total * weight / base) for weight in weights]
    largest = max(range(len(weights)), key=lambda i: abs(weights[i]))
    parts[largest] += total - sum(parts, ZERO)
    return parts


class _Lookups:
    """The small tables every posting needs, read once per export."""

    def __init__(self, session: Session, tenant_id: int, settings: DatevSettings):
        from kontor.core.documents.currency import home_currency

        self.settings = settings
        self.home_currency = home_currency(session, tenant_id)
        self.automatic = settings.automatic()
        self.checked: set[str] = set()
        codes = session.execute(select(TaxCode).where(TaxCode.tenant_id == tenant_id)).scalars()
        self.tax = {row.id: row for row in codes}
        self.revenue_by_tax: dict[int, str] = {}
        revenue_codes = session.execute(select(RevenueCode).where(RevenueCode.tenant_id == tenant_id)
                                        .order_by(RevenueCode.code)).scalars()
        for code in revenue_codes:  # the lowest code linked to a tax code answers for it
            if code.tax_code_id is not None:
                self.revenue_by_tax.setdefault(code.tax_code_id, code.account)

    def tax_code(self, tax_code_id: int | None) -> TaxCode | None:
        return self.tax.get(tax_code_id) if tax_code_id is not None else None

    def bu_key(self, account: str, tax_code_id: int | None, purchase: bool) -> str:
        if account in self.automatic:
            return ""
        code = self.tax_code(tax_code_id)
        if code is None:
            return ""
        if purchase:
            return self.settings.input_tax_keys.get(code.code, "")
        return code.datev_key

    def ledger_account(self, account: str, source: str) -> str:
        """A revenue or expense account as DATEV takes it: digits, at most the account length."""
        if account not in self.checked:
            if not (account.isdigit() and int(account) > 0 and len(account) <= self.settings.account_length):
                raise Invalid.field(source, "datev_account",
                                    f"account '{account}' is no DATEV ledger account of at most "
                                    f"{self.settings.account_length} digits (DATEV settings: account length)")
            self.checked.add(account)
        return account

    def revenue_account(self, doc: _Doc, account: str | None, tax_code_id: int | None, what: str) -> str:
        if account:
            return self.ledger_account(account, "revenue_code")
        fallback = self.revenue_by_tax.get(tax_code_id) if tax_code_id is not None else None
        if fallback:
            return self.ledger_account(fallback, "revenue_code")
        code = self.tax_code(tax_code_id)
        raise Invalid.field("revenue_code", "revenue_account",
                            f"{TITLES[doc.kind]} {doc.number}: {what} has no revenue account; give the article a "
                            f"revenue code or link a revenue code to tax code {code.code if code else '(none)'}")

    def expense_account(self, tax_code_id: int | None) -> str:
        code = self.tax_code(tax_code_id)
        if code is not None and code.code in self.settings.expense_accounts:
            return self.ledger_account(self.settings.expense_accounts[code.code], "expense_accounts")
        return self.ledger_account(self.settings.default_expense_account, "default_expense_account")

    def personal_account(self, doc: _Doc, purchase: bool) -> str:
        if doc.cash and not purchase:
            return self.settings.cash_account
        return party_account(self.settings, doc.party_number, doc.party_name, purchase,
                             f" on {TITLES[doc.kind]} {doc.number}")


def party_account(settings: DatevSettings, number: str, name: str, purchase: bool, where: str = "") -> str:
    """The debtor (creditor) account of a customer (supplier): its number under the scheme
    `number`, which must then be a DATEV personal account (account length + 1 digits, debtors
    from 1 followed by zeros up to below 7..., creditors from 7... on); the collective account
    otherwise. A number that does not fit is refused (422) naming the party."""
    s = settings
    if purchase:
        scheme, collective, low, high, who, kind = (s.creditor_scheme, s.collective_creditor_account, 7, 10,
                                                    "supplier", "creditor")
    else:
        scheme, collective, low, high, who, kind = (s.debtor_scheme, s.collective_debtor_account, 1, 7,
                                                    "customer", "debtor")
    if scheme == "collective":
        return collective
    digits, unit = s.account_length + 1, 10 ** s.account_length
    if number.isdigit() and len(number) == digits and low * unit <= int(number) < high * unit:
        return number
    raise Invalid.field(f"{kind}_scheme", "personal_account",
                        f"{who} {number or '(no number)'} ({name}){where}: its number is not a DATEV {kind} "
                        f"account of {digits} digits ({low * unit} to {high * unit - 1}); renumber the {who} or "
                        f"choose the collective {kind} scheme in the DATEV settings")


def _documents(session: Session, tenant_id: int, kinds: tuple[str, ...], period_from: date, period_to: date,
               purchase: bool) -> Iterator[list[_Doc]]:
    party = Supplier if purchase else Customer
    party_id = Document.supplier_id if purchase else Document.customer_id
    query = (
        select(Document.id, Document.kind, Document.number, Document.doc_date, party_id, party.number,
               party.name1, Document.bill_name1, party.vat_id, Document.cash, Document.currency_code,
               Document.end_discount_percent, Document.gross_total, OpenItem.due_date, Document.exchange_rate,
               Document.home_gross_total)
        .outerjoin(party, party.id == party_id)
        .outerjoin(OpenItem, OpenItem.document_id == Document.id)
        .where(Document.tenant_id == tenant_id, Document.kind.in_(kinds), Document.posted_at.is_not(None),
               Document.doc_date >= period_from, Document.doc_date <= period_to)
        .order_by(Document.doc_date, Document.id)
        .limit(CHUNK)
    )
    last: tuple[date, int] | None = None
    while True:
        page = query if last is None else query.where(
            or_(Document.doc_date > last[0], and_(Document.doc_date == last[0], Document.id > last[1])))
        rows = session.execute(page).all()
        if not rows:
            return
        yield [_Doc(id=r[0], kind=r[1], number=r[2] or f"{r[1]}-{r[0]}", doc_date=r[3], party_id=r[4],
                    party_number=r[5] or "", party_name=r[7] or r[6] or "", vat_id=r[8] or "", cash=bool(r[9]),
                    currency_code=r[10], end_discount_percent=r[11], gross_total=r[12], due_date=r[13],
                    exchange_rate=r[14], home_gross_total=r[15])
               for r in rows]
        last = (rows[-1][3], rows[-1][0])


def _line_groups(session: Session, ids: list[int]) -> dict[int, list[tuple]]:
    rows = session.execute(
        select(DocumentLine.document_id, DocumentLine.tax_rate, DocumentLine.tax_code_id, RevenueCode.account,
               RevenueCode.tax_code_id, func.sum(DocumentLine.net_amount))
        .outerjoin(Article, Article.id == DocumentLine.article_id)
        .outerjoin(RevenueCode, RevenueCode.id == Article.revenue_code_id)
        .where(DocumentLine.document_id.in_(ids), DocumentLine.optional.is_(False))
        .group_by(DocumentLine.document_id, DocumentLine.tax_rate, DocumentLine.tax_code_id, RevenueCode.account,
                  RevenueCode.tax_code_id)
    ).all()
    groups: dict[int, list[tuple]] = {}
    for document_id, rate, tax_code_id, account, account_tax_code_id, net in rows:
        groups.setdefault(document_id, []).append((rate, tax_code_id, account, account_tax_code_id, net))
    return groups


def _charge_groups(session: Session, ids: list[int]) -> dict[int, list[tuple]]:
    rows = session.execute(
        select(DocumentCharge.document_id, DocumentCharge.tax_rate, DocumentCharge.tax_code_id,
               func.sum(DocumentCharge.amount))
        .where(DocumentCharge.document_id.in_(ids))
        .group_by(DocumentCharge.document_id, DocumentCharge.tax_rate, DocumentCharge.tax_code_id)
    ).all()
    groups: dict[int, list[tuple]] = {}
    for document_id, rate, tax_code_id, amount in rows:
        groups.setdefault(document_id, []).append((rate, tax_code_id, amount))
    return groups


def _document_postings(doc: _Doc, lines: list[tuple], charges: list[tuple], look: _Lookups,
                       purchase: bool) -> list[Posting]:
    # (rate, tax_code_id, account) -> [net of lines, net of direct costs]
    parts: dict[tuple[Decimal, int | None, str], list[Decimal]] = {}
    for rate, tax_code_id, account, account_tax_code_id, net in lines:
        if account_tax_code_id not in (None, tax_code_id) and tax_code_id in look.revenue_by_tax:
            account = None  # taxed otherwise than its revenue code says (an intra-EU supply): the tax code's
        target = (look.expense_account(tax_code_id) if purchase
                  else look.revenue_account(doc, account, tax_code_id, f"a line at {rate_key(rate)} % VAT"))
        parts.setdefault((rate_key(rate), tax_code_id, target), [ZERO, ZERO])[0] += net
    for rate, tax_code_id, amount in charges:
        target = (look.expense_account(tax_code_id) if purchase
                  else look.revenue_account(doc, None, tax_code_id, f"a direct cost at {rate_key(rate)} % VAT"))
        parts.setdefault((rate_key(rate), tax_code_id, target), [ZERO, ZERO])[1] += amount
    by_rate: dict[Decimal, list[tuple[int | None, str]]] = {}
    for rate, tax_code_id, target in parts:
        by_rate.setdefault(rate, []).append((tax_code_id, target))

    sign = Decimal(-1) if (doc.kind in CREDIT_KINDS) != purchase else Decimal(1)
    account = look.personal_account(doc, purchase)
    gross: dict[tuple[int | None, str], Decimal] = {}
    for rate, keys in sorted(by_rate.items()):
        line_nets = [parts[(rate, *key)][0] for key in keys]
        discount = cents(sum(line_nets, ZERO) * doc.end_discount_percent / 100)
        nets = [n - d + parts[(rate, *key)][1]
                for n, d, key in zip(line_nets, allocate(discount, line_nets), keys, strict=True)]
        taxes = allocate(cents(sum(nets, ZERO) * rate / 100), nets)
        for key, net, tax in zip(keys, nets, taxes, strict=True):
            gross[key] = gross.get(key, ZERO) + net + tax
    total = sum(gross.values(), ZERO)
    if total != doc.gross_total:
        raise Conflict(f"{TITLES[doc.kind]} {doc.number}: its lines add up to {total} gross, but the document "
                       f"says {doc.gross_total}; it cannot be exported as it is")
    text = f"{TITLES[doc.kind]} {doc.number} {doc.party_name}".strip()[:60]
    rates = {key: rate for rate, keys in by_rate.items() for key in keys}
    ordered = sorted(gross.items(), key=lambda kv: (kv[0][1], kv[0][0] or 0))
    # home amounts: the document's home gross split like its own, so they add up to it to the cent
    homes = ([amount for _, amount in ordered] if doc.exchange_rate == 1
             else allocate(doc.home_gross_total, [amount for _, amount in ordered]))
    postings = []
    for ((tax_code_id, target), amount), home in zip(ordered, homes, strict=True):
        if amount == 0:
            continue
        code = look.tax_code(tax_code_id)
        postings.append(Posting(
            document_id=doc.id, kind=doc.kind, number=doc.number, doc_date=doc.doc_date,
            party_number=doc.party_number, party_name=doc.party_name, account=account, contra_account=target,
            tax_code=code.code if code else "", bu_key=look.bu_key(target, tax_code_id, purchase),
            tax_rate=rates[(tax_code_id, target)], amount=sign * amount, currency_code=doc.currency_code,
            due_date=doc.due_date,
            vat_id=doc.vat_id if code is not None and code.kind == "intra_eu_supply" else "", text=text,
            home_amount=sign * home, home_currency_code=look.home_currency, exchange_rate=doc.exchange_rate))
    return postings


def period_postings(session: Session, tenant_id: int, settings: DatevSettings, period_from: date,
                    period_to: date, side: str = "sales") -> Iterator[Posting]:
    """Every posting of the posted sales documents (side `sales`) or booked supplier invoices
    (side `purchase`) dated in the period, in date and document order, streamed."""
    purchase = side == "purchase"
    kinds = PURCHASE_INVOICE_KINDS if purchase else SALES_INVOICE_KINDS
    look = _Lookups(session, tenant_id, settings)
    for docs in _documents(session, tenant_id, kinds, period_from, period_to, purchase):
        ids = [doc.id for doc in docs]
        lines, charges = _line_groups(session, ids), _charge_groups(session, ids)
        for doc in docs:
            yield from _document_postings(doc, lines.get(doc.id, []), charges.get(doc.id, []), look, purchase)
