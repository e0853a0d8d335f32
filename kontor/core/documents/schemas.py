"""Shapes of documents in and out of the service layer and the API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kontor.core.documents.totals import TaxRow
from kontor.core.masterdata.validators import CurrencyCode, Money, Percent

Quantity = Field(max_digits=18, decimal_places=4)


class Package(BaseModel):
    count: int = Field(default=1, ge=1)
    kind: str = Field(default="", max_length=40, description="pallet, carton, ...")
    length_cm: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    width_cm: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    height_cm: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=2)
    volume_m3: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=4)
    weight_kg: Decimal = Field(default=Decimal("0"), ge=0, max_digits=10, decimal_places=3)
    label: str = Field(default="", max_length=120)


class LineInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int | None = Field(default=None, description="change this existing line")
    article_id: int | None = Field(default=None, description="empty: a temporary article")
    article_number: str = Field(default="", max_length=30)
    description: str = Field(default="", max_length=250)
    long_text: str = ""
    article_type: str | None = Field(default=None, description="of a temporary article: M, L, F, D or P")
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    unit: str = Field(default="", max_length=20)
    unit_price: Money | None = Field(default=None, description="empty: found by the pricing hook")
    discount_percent: Percent | None = None
    tax_code_id: int | None = None
    cost_price: Money | None = None
    optional: bool = False
    with_follow_ups: bool = Field(default=True, description="add the article's follow-up articles")
    line_kind: str = Field(default="item", pattern="^(item|subtotal)$",
                           description="subtotal: sums the item lines above it back to the previous subtotal")
    group_discount_percent: Decimal | None = Field(default=None, max_digits=7, decimal_places=4,
                                                   description="on a subtotal: group discount on top of line discounts")
    group_net_price: Decimal | None = Field(default=None, max_digits=18, decimal_places=2,
                                            description="on a subtotal: the round net the group shall cost")

    @model_validator(mode="before")
    @classmethod
    def _subtotal_quantity(cls, data):
        """A subtotal has quantity 1; the clerk need not give it."""
        if isinstance(data, dict) and data.get("line_kind") == "subtotal" and data.get("quantity") is None:
            data = {**data, "quantity": Decimal("1")}
        return data


class ChargeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(default="freight", pattern="^(freight|packaging|insurance|other)$")
    text: str = Field(default="", max_length=200)
    amount: Decimal = Field(max_digits=18, decimal_places=2)
    tax_code_id: int | None = None


class HeaderInput(BaseModel):
    """Header fields a clerk may set or change on a document."""

    model_config = ConfigDict(extra="forbid")

    doc_date: date | None = None
    delivery_address_id: int | None = Field(default=None, description="one of the customer's delivery addresses")
    bill_name1: str | None = Field(default=None, max_length=120)
    bill_name2: str | None = Field(default=None, max_length=120)
    bill_street: str | None = Field(default=None, max_length=120)
    bill_postal_code: str | None = Field(default=None, max_length=12)
    bill_city: str | None = Field(default=None, max_length=80)
    ship_name1: str | None = Field(default=None, max_length=120)
    ship_name2: str | None = Field(default=None, max_length=120)
    ship_street: str | None = Field(default=None, max_length=120)
    ship_postal_code: str | None = Field(default=None, max_length=12)
    ship_city: str | None = Field(default=None, max_length=80)
    payment_term_id: int | None = None
    delivery_term_id: int | None = None
    shipping_method_id: int | None = None
    sales_rep_id: int | None = None
    agent_id: int | None = None
    category_id: int | None = None
    customer_order_number: str | None = Field(default=None, max_length=40)
    customer_order_date: date | None = None
    customer_delivery_date: date | None = None
    supplier_delivery_date: date | None = None
    packages: list[Package] | None = None
    agreements: str | None = None
    order_info: str | None = None
    header_text: str | None = None
    footer_text: str | None = None
    set_text: str | None = None
    header_text_code: str | None = Field(default=None, description="fill the header text from this text block")
    footer_text_code: str | None = Field(default=None, description="fill the footer text from this text block")
    end_discount_percent: Percent | None = None
    exchange_rate: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=10,
                                          description="home currency per unit of the document's currency, set "
                                          "by hand (kept until posting); null: the rate of the document date")


class DocumentCreate(HeaderInput):
    kind: str
    customer_id: int
    currency_code: CurrencyCode | None = Field(default=None, description="empty: the currency the "
                                               "kontor_document_currency hook chooses (home currency by default)")
    lines: list[LineInput] = []
    charges: list[ChargeInput] = []
    cash: bool = False


class DocumentUpdate(HeaderInput):
    lines: list[LineInput] | None = Field(default=None, description="the lines as they shall be; ids keep lines")
    charges: list[ChargeInput] | None = None


class Take(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source_line_id: int
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=4,
                                     description="empty: all that is still open")


class ConvertRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(description="kind of the new document: order, delivery_note, invoice, ...")
    lines: list[Take] | None = Field(default=None, description="empty: every open line of the source document(s)")
    source_document_ids: list[int] = Field(default=[], description="documents to take all open lines from")
    doc_date: date | None = None
    post: bool = Field(default=False, description="post the new invoice at once (instant invoice)")
    cash: bool = False


class LineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    position: int
    article_id: int | None
    temporary: bool
    article_number: str
    description: str
    long_text: str
    article_type: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_percent: Decimal
    net_amount: Decimal
    tax_code_id: int | None
    tax_rate: Decimal
    cost_price: Decimal
    optional: bool
    price_source: str
    source_line_id: int | None
    order_line_id: int | None
    returned_line_id: int | None = None
    restock: bool = True
    added: bool = Field(description="not taken over from a predecessor document")
    line_kind: str = "item"
    own_discount_percent: Decimal | None = None
    group_discount_percent: Decimal | None = None
    group_net_price: Decimal | None = None


class ChargeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    text: str
    amount: Decimal
    tax_code_id: int | None
    tax_rate: Decimal


class DocumentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    number: str | None
    state: str
    done: bool
    doc_date: date
    customer_id: int | None
    bill_name1: str
    net_total: Decimal
    gross_total: Decimal


class DocumentMade(BaseModel):
    """What a service that makes documents answers with for each (a basket's quote or order,
    the purchase orders of a reorder proposal)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    number: str | None
    customer_id: int | None = None
    supplier_id: int | None = None
    net_total: Decimal
    gross_total: Decimal


class DocumentRead(DocumentSummary):
    bill_name2: str
    bill_street: str
    bill_postal_code: str
    bill_city: str
    bill_country_code: str
    ship_name1: str
    ship_name2: str
    ship_street: str
    ship_postal_code: str
    ship_city: str
    ship_country_code: str
    currency_code: str
    exchange_rate: Decimal = Decimal(1)
    exchange_rate_manual: bool = False
    price_class: int
    payment_term_id: int | None
    delivery_term_id: int | None
    shipping_method_id: int | None
    sales_rep_id: int | None
    agent_id: int | None
    category_id: int | None
    clerk: str
    customer_order_number: str
    customer_order_date: date | None
    customer_delivery_date: date | None
    supplier_delivery_date: date | None
    packages: list[Package] | None
    agreements: str
    order_info: str
    header_text: str
    footer_text: str
    set_text: str
    end_discount_percent: Decimal
    lines_net: Decimal
    end_discount_amount: Decimal
    charges_net: Decimal
    tax_total: Decimal
    home_net_total: Decimal = Decimal(0)
    home_tax_total: Decimal = Decimal(0)
    home_gross_total: Decimal = Decimal(0)
    cash: bool
    variant: str = ""
    corrects_id: int | None
    order_id: int | None = None
    locked: bool = False
    posted_at: datetime | None
    archived_at: datetime | None = None
    lines: list[LineRead] = []
    charges: list[ChargeRead] = []
    taxes: list[TaxRow] = []


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    total: int
    limit: int
    offset: int


class LineStatus(BaseModel):
    line_id: int
    position: int
    article_number: str
    description: str
    ordered: Decimal
    delivered: Decimal
    invoiced: Decimal
    reported: Decimal
    open_to_deliver: Decimal
    open_to_invoice: Decimal


class StockNeed(BaseModel):
    article_id: int
    article_number: str
    needed: Decimal
    on_hand: Decimal
    shortfall: Decimal


class DocumentStatus(BaseModel):
    document_id: int
    state: str
    lines: list[LineStatus]
    stock: list[StockNeed]
    details: dict[str, Any] = Field(default_factory=dict,
                                    description="what plugins add (kontor_document_status), e.g. production")
