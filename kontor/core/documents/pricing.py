"""How a line gets its price: the `kontor_unit_price` hook and the core's default.

The core's default takes the article's sales price of the customer's price class (1 to 5;
class 1 without a customer) with the discount found from the discount matrix and the
article's quantity breaks (see kontor.core.documents.discounts). Plugins (special prices,
customer price lists, foreign currency) answer the same hook first. A quote is in home
currency unless it names its currency (a fixed foreign-currency price); a line of a document
in another currency gets the home price converted at the document's rate
(kontor.core.documents.currency).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.core.users.permissions import Level
from kontor.errors import Invalid, NotFound


@dataclass(frozen=True)
class PriceRequest:
    article: Article
    customer: Customer | None
    quantity: Decimal
    on: date
    currency_code: str = ""  # the document's currency ("" for a price query: home currency)


@dataclass(frozen=True)
class PriceQuote:
    unit_price: Decimal
    discount_percent: Decimal = Decimal("0")
    source: str = ""
    currency_code: str = ""  # the currency of unit_price; "" is home currency, converted at the document's rate

    @property
    def net_unit_price(self) -> Decimal:
        return self.unit_price * (100 - self.discount_percent) / 100


def price_class_price(request: PriceRequest) -> PriceQuote:
    price_class = request.customer.price_class if request.customer else 1
    price = getattr(request.article, f"sales_price_{price_class}")
    return PriceQuote(unit_price=price, source=f"price class {price_class}")


def quote_price(
    session: Session, ctx: Context, article_id: int, customer_id: int | None, quantity: Decimal, on: date
) -> PriceQuote:
    """The price of an article for a customer, quantity and date, as the enabled plugins decide."""
    ctx.require("masterdata", Level.READ)
    if quantity <= 0:
        raise Invalid.field("quantity", "positive", "ask for a quantity above 0")
    article = session.get(Article, article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise NotFound(f"no article with id {article_id}")
    customer = None
    if customer_id is not None:
        customer = session.get(Customer, customer_id)
        if customer is None or customer.tenant_id != ctx.tenant_id:
            raise Invalid.field("customer_id", "exists", f"no customer with id {customer_id}")
    return ctx.hooks.kontor_unit_price(
        ctx=ctx, session=session, request=PriceRequest(article=article, customer=customer, quantity=quantity, on=on)
    )
