"""A document's currency and exchange rate, and its totals in home currency.

Every document is in one currency (`Document.currency_code`): its prices, lines and totals
are in it. Beside them it keeps its exchange rate (home currency per one unit of its
currency) and its totals in home currency, so open items, the ageing list, the credit risk
and the accounting transfer can add documents of any currency up in one.

- The currency of a new document is decided by the `kontor_document_currency` hook: the
  core's default is the company's home currency, the foreign_currency plugin takes the
  party's currency. Documents made from others keep their source's currency.
- The rate is the one of the document date, asked through `kontor_exchange_rate`
  (`selling` for sales documents, `buying` for purchase documents); it follows the date
  until the document is posted, unless the clerk set a rate by hand. A document in home
  currency has the rate 1. A missing rate is refused with 422 naming currency and date.
- Home totals are converted per VAT rate, half up to the cent: net and VAT of each rate
  times the rate, gross = net + VAT, so the home totals add up like the document's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.kinds import kind_of
from kontor.core.documents.models import Document
from kontor.core.documents.totals import ZERO, TaxRow, cents
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY
from kontor.core.tenancy.services import get_setting
from kontor.errors import Invalid

RATE_PLACES = Decimal("0.0000000001")  # the places of every stored rate
PRICE_PLACES = Decimal("0.0001")  # the places of every stored price
ONE = Decimal(1)
UNSET = object()


def home_currency(session: Session, tenant_id: int) -> str:
    """The company's home currency (company parameter `home_currency`, EUR by default)."""
    return (get_setting(session, tenant_id, PARAMETERS_KEY, {}) or {}).get("home_currency") or "EUR"


def side_of(document: Document) -> str:
    """`buying` for purchase documents, `selling` for sales documents."""
    return "buying" if kind_of(document.kind).side == "purchase" else "selling"


def rate_of(session: Session, ctx: Context, currency: str, on: date, side: str,
            field: str = "currency_code") -> Decimal:
    """The exchange rate of `currency` on `on` (home currency per unit), as the hook answers;
    refused with 422 on `field` when nobody knows one."""
    answer = ctx.hooks.kontor_exchange_rate(ctx=ctx, session=session, currency_code=currency, on=on, side=side)
    if answer is None:
        raise Invalid.field(field, "exchange_rate", f"no {side} exchange rate for {currency} on {on:%d.%m.%Y}: "
                                                    f"documents in {currency} need one (foreign_currency plugin)")
    rate = Decimal(answer)
    if rate <= 0:
        raise Invalid.field(field, "exchange_rate", f"the exchange rate of {currency} on {on:%d.%m.%Y} is not positive")
    return rate.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def choose_currency(session: Session, ctx: Context, document: Document, party, requested: str | None = None) -> None:
    """The currency of a new document: the one the clerk asked for, else the hook's answer."""
    currency = requested or ctx.hooks.kontor_document_currency(ctx=ctx, session=session, document=document,
                                                               party=party)
    document.currency_code = currency or home_currency(session, ctx.tenant_id)


def assign_rate(session: Session, ctx: Context, document: Document, requested=UNSET) -> None:
    """Set the document's rate: the clerk's (`requested`, a Decimal; None goes back to the rate
    of the date), else the rate of its date while it is not posted; 1 in home currency."""
    if document.posted_at is not None:
        return
    if requested is not UNSET:
        if requested is None:
            document.exchange_rate_manual = False
        else:
            if requested <= 0:
                raise Invalid.field("exchange_rate", "positive", "an exchange rate is more than zero")
            document.exchange_rate = Decimal(requested).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
            document.exchange_rate_manual = True
    if document.currency_code == home_currency(session, ctx.tenant_id):
        if document.exchange_rate_manual and document.exchange_rate != ONE:
            raise Invalid.field("exchange_rate", "home_currency",
                                f"the document is in home currency ({document.currency_code}); its rate is 1")
        document.exchange_rate, document.exchange_rate_manual = ONE, False
    elif not document.exchange_rate_manual:
        document.exchange_rate = rate_of(session, ctx, document.currency_code, document.doc_date, side_of(document))


def to_home(amount: Decimal, rate: Decimal) -> Decimal:
    """An amount of the document's currency in home currency, half up to the cent."""
    return amount if rate == ONE else cents(amount * rate)


def home_totals(rows: Iterable[TaxRow], rate: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """Net, VAT and gross in home currency: each VAT rate's net and VAT converted to the cent."""
    net = tax = ZERO
    for row in rows:
        net += to_home(row.net, rate)
        tax += to_home(row.tax, rate)
    return net, tax, net + tax


def price_to_home(price: Decimal, rate: Decimal) -> Decimal:
    """A unit price of the document's currency in home currency, to 4 places, half up (the
    moving average and the stock ledger's unit cost are kept in home currency)."""
    if rate == ONE:
        return price
    return (Decimal(price) * rate).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def from_home(amount: Decimal, document: Document) -> Decimal:
    """A home-currency price in the document's currency at its rate, to 4 places, half up."""
    if document.exchange_rate == ONE:
        return amount
    return (Decimal(amount) / document.exchange_rate).quantize(PRICE_PLACES, rounding=ROUND_HALF_UP)


def convert_price(session: Session, ctx: Context, amount: Decimal, currency: str, document: Document) -> Decimal:
    """A price given in `currency` ("": home currency) in the document's currency. A price in home currency is
    converted at the document's rate; one in a third currency through its rate of the
    document date. Where nobody knows that rate (no plugin keeps rates), the price is taken
    as it stands."""
    currency = currency or home_currency(session, ctx.tenant_id)
    if currency == document.currency_code:
        return amount
    if currency != home_currency(session, ctx.tenant_id):
        rate = ctx.hooks.kontor_exchange_rate(ctx=ctx, session=session, currency_code=currency,
                                              on=document.doc_date, side=side_of(document))
        if rate is None:
            return amount
        amount = Decimal(amount) * Decimal(rate)
    return from_home(amount, document)
