"""Pre-calculation (Vorkalkulation) and line calculation (Positionskalkulation) of quotes and orders.

The pre-calculation is never stored: it is computed from the document's current lines and
direct costs every time it is asked for, so it always matches the document.

Definitions (one row per article type M material, L labour, F third-party service, D direct
cost, P commission, plus a total row). Optional lines never count; every other line counts with
its article type as stored on the line.

* target revenue (Soll-Umsatz): the sum of the lines' net amounts (quantity x unit price less
  the line discount, already rounded to the cent per line by the document totals). The
  document's direct costs (freight, packaging, insurance: DocumentCharge rows) count as target
  revenue of type D.
* list revenue: quantity x list price, where the list price is the article's sales_price_1 as
  it is at the time of calculation; a temporary article (no master record) has its line's unit
  price as list price; a direct cost counts with its amount.
* prime cost (Selbstkosten): quantity x the line's cost_price (the purchase or landed price
  stored on the line when it was entered, or set by the line calculation). Direct costs have
  no cost.
* overhead: prime cost x overhead_percent[type] / 100, the surcharge of the company parameter
  `overhead_percent` (a type not listed there has 0 %).
* full cost (Vollkosten): prime cost + overhead.
* contribution margin (Deckungsbeitrag): target revenue - prime cost; margin percent =
  margin / target revenue x 100 (None when the target revenue is zero).
* operating result (Betriebsergebnis): target revenue - full cost.

Rounding: per type row, list revenue and prime cost are summed exactly and rounded to the cent
(half up, kontor.core.documents.totals.cents); the overhead is rounded to the cent on the rounded
prime cost; differences are then exact. Percents are rounded half up to 2 places.

The end discount (Schlussrabatt) is shown separately and is not spread over the type rows: it
is the document's end discount as the document totals compute it from the current lines (equal
to document.end_discount_amount). The total row sums the type rows, except that its target
revenue is the sum less the end discount (so it equals the document's net total), and its margin
and result are computed from that reduced revenue. The list revenue, prime cost and full cost of
the total row are the sums of the rows.

Line calculation: `price_for_margin` finds a unit price from a cost per unit and exactly one of
a contribution margin per unit (price = cost + amount), a margin percent of the price (price =
cost / (1 - p/100), p < 100) or a markup percent on the cost (price = cost x (1 + k/100),
k >= -100), rounded half up to the cent. `calculate_line` writes that price (and the cost, if
given) into one line through the document service, so totals, audit, validation and the lock
rules apply as for any other change; the calculated price is the line's net price, so the line
discount is set to 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import DocumentLine
from kontor.core.documents.schemas import DocumentUpdate, LineInput
from kontor.core.documents.services import (
    charges_of,
    get_document,
    lines_of,
    update_document,
)
from kontor.core.documents.totals import ZERO, cents, compute_totals
from kontor.core.masterdata.articles.models import ARTICLE_TYPES, Article
from kontor.core.masterdata.basics.parameters import PARAMETERS_KEY, CompanyParameters
from kontor.core.tenancy.services import get_setting
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound

CALCULATED_KINDS = ("quote", "order")
HUNDRED = Decimal(100)
PERCENT = Decimal("0.01")


@dataclass(frozen=True)
class CalcRow:
    """One row of the calculation sheet: an article type, or the total ("total")."""

    article_type: str
    name: str
    target_revenue: Decimal
    list_revenue: Decimal
    prime_cost: Decimal
    overhead_percent: Decimal | None
    overhead: Decimal
    full_cost: Decimal
    margin: Decimal
    margin_percent: Decimal | None
    result: Decimal


@dataclass(frozen=True)
class PreCalculation:
    document_id: int
    kind: str
    number: str | None
    rows: list[CalcRow]
    end_discount: Decimal
    total: CalcRow


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * HUNDRED / whole).quantize(PERCENT, rounding=ROUND_HALF_UP)


def overhead_rates(session: Session, ctx: Context) -> dict[str, Decimal]:
    """The overhead surcharges of the company parameters (read without the basics permission:
    whoever may read a quote may see its calculation)."""
    stored = get_setting(session, ctx.tenant_id, PARAMETERS_KEY, {}) or {}
    return dict(CompanyParameters.model_validate(stored).overhead_percent)


def _document(session: Session, ctx: Context, document_id: int):
    document = get_document(session, ctx, document_id)
    if document.kind not in CALCULATED_KINDS:
        raise Invalid.field("document_id", "quote_or_order",
                            f"only quotes and orders have a pre-calculation, not a {document.kind.replace('_', ' ')}")
    return document


def precalculate(session: Session, ctx: Context, document_id: int) -> PreCalculation:
    ctx.require("sales", Level.READ)
    document = _document(session, ctx, document_id)
    lines = lines_of(session, document.id)
    charges = charges_of(session, document.id)
    rates = overhead_rates(session, ctx)
    article_ids = {line.article_id for line in lines if line.article_id is not None and not line.temporary}
    list_prices = {a_id: session.get(Article, a_id).sales_price_1 for a_id in article_ids}

    sums = {t: {"target": ZERO, "list": ZERO, "cost": ZERO} for t in ARTICLE_TYPES}
    for line in lines:
        if line.optional:
            continue
        bucket = sums.setdefault(line.article_type, {"target": ZERO, "list": ZERO, "cost": ZERO})
        list_price = list_prices.get(line.article_id, line.unit_price)
        bucket["target"] += line.net_amount
        bucket["list"] += line.quantity * list_price
        bucket["cost"] += line.quantity * line.cost_price
    for charge in charges:
        sums["D"]["target"] += charge.amount
        sums["D"]["list"] += charge.amount

    rows = []
    for article_type, values in sums.items():
        target, prime = cents(values["target"]), cents(values["cost"])
        rate = Decimal(rates.get(article_type, 0))
        overhead = cents(prime * rate / HUNDRED)
        full = prime + overhead
        margin = target - prime
        rows.append(CalcRow(article_type=article_type, name=ARTICLE_TYPES.get(article_type, article_type),
                            target_revenue=target, list_revenue=cents(values["list"]), prime_cost=prime,
                            overhead_percent=rate, overhead=overhead, full_cost=full, margin=margin,
                            margin_percent=percent_of(margin, target), result=target - full))

    totals = compute_totals(((l.net_amount, l.tax_rate, l.optional) for l in lines),
                            ((c.amount, c.tax_rate) for c in charges), document.end_discount_percent)
    end_discount = totals.end_discount
    target = sum((r.target_revenue for r in rows), ZERO) - end_discount
    prime = sum((r.prime_cost for r in rows), ZERO)
    full = sum((r.full_cost for r in rows), ZERO)
    total = CalcRow(article_type="total", name="total", target_revenue=target,
                    list_revenue=sum((r.list_revenue for r in rows), ZERO), prime_cost=prime,
                    overhead_percent=None, overhead=sum((r.overhead for r in rows), ZERO), full_cost=full,
                    margin=target - prime, margin_percent=percent_of(target - prime, target), result=target - full)
    return PreCalculation(document_id=document.id, kind=document.kind, number=document.number, rows=rows,
                          end_discount=end_discount, total=total)


# -- line calculation ----------------------------------------------------------------------------

INPUTS = ("margin_amount", "margin_percent", "markup_percent")


def price_for_margin(cost: Decimal, *, margin_amount: Decimal | None = None, margin_percent: Decimal | None = None,
                     markup_percent: Decimal | None = None) -> Decimal:
    """The unit price for a cost per unit and exactly one of: a contribution margin per unit, a
    margin percent of the price, a markup percent on the cost; to the cent, half up."""
    given = {name: value for name, value in zip(INPUTS, (margin_amount, margin_percent, markup_percent))
             if value is not None}
    if len(given) != 1:
        field = list(given)[1] if len(given) > 1 else "margin_amount"
        raise Invalid.field(field, "exactly_one",
                            "give exactly one of margin amount, margin percent or markup percent")
    cost = Decimal(cost)
    if cost < 0:
        raise Invalid.field("cost_price", "non_negative", "the cost price cannot be negative")
    if margin_amount is not None:
        price = cost + Decimal(margin_amount)
        field = "margin_amount"
    elif margin_percent is not None:
        if Decimal(margin_percent) >= HUNDRED:
            raise Invalid.field("margin_percent", "below_100",
                                "a margin percent of the price must be below 100 %")
        price = cost * HUNDRED / (HUNDRED - Decimal(margin_percent))
        field = "margin_percent"
    else:
        if Decimal(markup_percent) < -HUNDRED:
            raise Invalid.field("markup_percent", "not_below_minus_100", "a markup below -100 % gives a negative price")
        price = cost * (HUNDRED + Decimal(markup_percent)) / HUNDRED
        field = "markup_percent"
    price = cents(price)
    if price < 0:
        raise Invalid.field(field, "non_negative_price", f"the calculated price {price} would be negative")
    return price


def calculate_line(session: Session, ctx: Context, document_id: int, line_id: int, *,
                   cost_price: Decimal | None = None, margin_amount: Decimal | None = None,
                   margin_percent: Decimal | None = None, markup_percent: Decimal | None = None) -> DocumentLine:
    """Set one line's cost (if given) and its unit price from a margin, through update_document.

    The other lines go into the update as they are (id, quantity, optional flag, cost price);
    their prices follow the document service's rules for unchanged lines."""
    document = _document(session, ctx, document_id)
    lines = lines_of(session, document.id)
    line = next((l for l in lines if l.id == line_id), None)
    if line is None:
        raise NotFound(f"no line with id {line_id} in this document")
    if cost_price is not None and Decimal(cost_price) < 0:
        raise Invalid.field("cost_price", "non_negative", "the cost price cannot be negative")
    cost = Decimal(cost_price) if cost_price is not None else line.cost_price
    price = price_for_margin(cost, margin_amount=margin_amount, margin_percent=margin_percent,
                             markup_percent=markup_percent)
    inputs = []
    for existing in lines:
        data = LineInput(id=existing.id, quantity=existing.quantity, optional=existing.optional,
                         cost_price=existing.cost_price, with_follow_ups=False)
        if existing.id == line.id:
            data = data.model_copy(update={"unit_price": price, "discount_percent": ZERO, "cost_price": cost})
        inputs.append(data)
    update_document(session, ctx, document.id, DocumentUpdate(lines=inputs))
    session.refresh(line)
    return line
