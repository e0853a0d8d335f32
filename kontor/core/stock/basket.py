"""The basket of the availability query: the articles a clerk collected while answering a
customer become a quote, an order or a (free) delivery note in one step.

The basket lives in the client (the screen holds it); the server turns it into a document
through the sales service, so prices, follow-up articles, texts and stock movements work
exactly as for a document entered by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from kontor.core.context import Context
from kontor.core.documents.models import Document

class BasketLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    unit_price: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=4,
                                       description="empty: the customer's price from the pricing hook")
    discount_percent: Decimal | None = Field(default=None, ge=0, le=100, max_digits=7, decimal_places=4)


class Basket(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_id: int
    kind: str = Field(default="quote", pattern="^(quote|order|delivery_note)$")
    lines: list[BasketLine] = Field(min_length=1)
    doc_date: date | None = None
    customer_delivery_date: date | None = None
    customer_order_number: str = Field(default="", max_length=40)


def create_from_basket(session: Session, ctx: Context, basket: Basket) -> Document:
    """The document of the basket's kind for its customer (the sales service checks rights)."""
    from kontor.core.documents.schemas import DocumentCreate, LineInput
    from kontor.core.documents.services import create_document

    header = {name: value for name, value in (("doc_date", basket.doc_date),
                                              ("customer_delivery_date", basket.customer_delivery_date),
                                              ("customer_order_number", basket.customer_order_number)) if value}
    return create_document(session, ctx, DocumentCreate(
        kind=basket.kind, customer_id=basket.customer_id, **header,
        lines=[LineInput(article_id=line.article_id, quantity=line.quantity, unit_price=line.unit_price,
                         discount_percent=line.discount_percent) for line in basket.lines]))
