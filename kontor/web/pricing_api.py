"""Price query of an article for a customer (what the clerk sees before adding a line)."""

from datetime import date
from decimal import Decimal

from litestar import Request, get
from litestar.params import Parameter
from pydantic import BaseModel

from kontor.core.documents.pricing import quote_price
from kontor.web.units import unit


class PriceAnswer(BaseModel):
    article_id: int
    customer_id: int | None
    quantity: Decimal
    on: date
    unit_price: Decimal
    discount_percent: Decimal
    source: str


@get("/api/articles/{article_id:int}/price", sync_to_thread=True, tags=["articles"],
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
