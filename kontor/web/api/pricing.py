"""Price query of an article for a customer (what the clerk sees before adding a line)."""

from datetime import date
from decimal import Decimal

from litestar import Request, get
from litestar.params import Parameter
from pydantic import BaseModel

from kontor.core.documents.discounts import applicable_discounts
from kontor.core.documents.pricing import quote_price
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.parties.models import Customer
from kontor.errors import Invalid, NotFound
from kontor.web.units import unit


class PriceAnswer(BaseModel):
    article_id: int
    customer_id: int | None
    quantity: Decimal
    on: date
    unit_price: Decimal
    discount_percent: Decimal
    source: str


@get("/api/articles/{article_id:int}/price", sync_to_thread=True, tags=["articles"], operation_id="article_price",
     summary="The article's price for a customer, quantity and date")
def article_price(
    request: Request,
    article_id: int,
    customer_id: int | None = None,
    quantity: Decimal = Parameter(default=Decimal("1")),
    on: date | None = None,
) -> PriceAnswer:
    on = on or date.today()
    with unit(request) as (session, ctx):
        quote = quote_price(session, ctx, article_id, customer_id, quantity, on)
    return PriceAnswer(article_id=article_id, customer_id=customer_id, quantity=quantity, on=on,
                       unit_price=quote.unit_price, discount_percent=quote.discount_percent, source=quote.source)


class DiscountEntry(BaseModel):
    kind: str
    label: str
    percent: Decimal
    applies: bool


@get("/api/articles/{article_id:int}/discounts", sync_to_thread=True, tags=["articles"],
     operation_id="article_discounts",
     summary="The discounts that can apply to the article for a customer and quantity, and which do")
def article_discounts(request: Request, article_id: int, customer_id: int | None = None,
                      quantity: Decimal = Parameter(default=Decimal("1"))) -> list[DiscountEntry]:
    with unit(request) as (session, ctx):
        article = session.get(Article, article_id)
        if article is None or article.tenant_id != ctx.tenant_id:
            raise NotFound(f"no article with id {article_id}")
        customer = session.get(Customer, customer_id) if customer_id is not None else None
        if customer_id is not None and (customer is None or customer.tenant_id != ctx.tenant_id):
            raise Invalid.field("customer_id", "exists", f"no customer with id {customer_id}")
        return [DiscountEntry(kind=d.kind, label=d.label, percent=d.percent, applies=d.applies)
                for d in applicable_discounts(session, ctx, article, customer, quantity)]
