"""Shapes of purchase documents in and out of the service layer (and the API)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from kontor.core.masterdata.validators import Money

Qty = Field(gt=0, max_digits=18, decimal_places=4)


class PurchaseLineInput(BaseModel):
    """A line of a purchase order: an article (price from the supplier's article data unless
    given) or, without article, a free text line priced by the clerk."""

    model_config = ConfigDict(extra="forbid")

    article_id: int | None = None
    quantity: Decimal = Qty
    unit_price: Money | None = Field(default=None, ge=0, description="empty: the supplier's net price")
    delivery_date: date | None = Field(default=None, description="empty: the order's date, else today + lead time")
    description: str = Field(default="", max_length=250)


class PurchaseOrderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    supplier_id: int
    doc_date: date | None = None
    delivery_date: date | None = Field(default=None, description="expected delivery date of the whole order")
    lines: list[PurchaseLineInput] = Field(min_length=1)
    customer_order_id: int | None = Field(default=None, description="the customer order this purchase serves")
    kind: str = Field(default="purchase_order", description="purchase_order, blanket_order or internal_order")


class CallOffLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    blanket_line_id: int
    quantity: Decimal = Qty
    delivery_date: date | None = None


class CallOffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_date: date | None = None
    delivery_date: date | None = None
    lines: list[CallOffLine] = Field(min_length=1)


class ReceiptLineInput(BaseModel):
    """A received line: taken from an order line or a return line (`source_line_id`), or free
    (`article_id`). `unit_price` empty: the order's price, else the supplier's."""

    model_config = ConfigDict(extra="forbid")

    source_line_id: int | None = None
    article_id: int | None = None
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=4,
                                     description="empty: everything still open on the source line")
    unit_price: Money | None = Field(default=None, ge=0)
    description: str = Field(default="", max_length=250)
    warehouse_id: int | None = Field(default=None, description="empty: the stock-posting hook decides")


class GoodsReceiptCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    supplier_id: int | None = Field(default=None, description="needed for a free receipt; else from the sources")
    doc_date: date | None = None
    delivery_note_number: str = Field(default="", max_length=40, description="the supplier's delivery note")
    source_document_ids: list[int] = Field(default_factory=list, description="take every open line of these")
    lines: list[ReceiptLineInput] = Field(default_factory=list)


class ReleaseLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: int
    quantity: Decimal = Qty


class ReleaseRequest(BaseModel):
    """Technical release: lines (empty: everything still blocked) move to free stock."""

    model_config = ConfigDict(extra="forbid")

    on: date | None = None
    lines: list[ReleaseLine] = Field(default_factory=list)


class CheckLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: int
    unit_price: Money = Field(ge=0, description="the price per unit the goods really cost")


class CommercialCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date | None = None
    lines: list[CheckLine] = Field(default_factory=list, description="lines left out keep the received price")
    quality_grade: str = Field(default="A", pattern="^[A-D]$")
    delivery_date_grade: str = Field(default="A", pattern="^[A-D]$")
    quantity_grade: str = Field(default="A", pattern="^[A-D]$")
    note: str = Field(default="", max_length=200)


class ReturnLineInput(BaseModel):
    """A line going back to the supplier: from a receipt line (`receipt_line_id`) or free."""

    model_config = ConfigDict(extra="forbid")

    receipt_line_id: int | None = None
    article_id: int | None = None
    quantity: Decimal = Qty
    from_blocked: bool = Field(default=False, description="goods refused at the technical check, still blocked")
    unit_price: Money | None = Field(default=None, ge=0)
    description: str = Field(default="", max_length=250)


class SupplierReturnCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    supplier_id: int | None = None
    doc_date: date | None = None
    reason: str = Field(default="", max_length=200)
    lines: list[ReturnLineInput] = Field(min_length=1)


class ExtraLine(BaseModel):
    """A non-material line of a supplier invoice: freight, insurance, a surcharge."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(default="freight", pattern="^(freight|insurance|packaging|surcharge|other)$")
    text: str = Field(default="", max_length=200)
    amount: Money
    tax_code_id: int | None = Field(default=None, description="empty: the standard rate")


class SupplierInvoiceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    receipt_ids: list[int] = Field(min_length=1, description="checked goods receipts of one supplier")
    supplier_invoice_number: str = Field(min_length=1, max_length=40)
    supplier_invoice_date: date
    net_amount: Money
    tax_amount: Money
    gross_amount: Money
    extras: list[ExtraLine] = Field(default_factory=list)


class OnOrderRow(BaseModel):
    article_id: int
    quantity: Decimal
    earliest_date: date | None


class OverdueLine(BaseModel):
    document_id: int
    number: str | None
    kind: str
    line_id: int
    position: int
    article_id: int | None
    article_number: str
    description: str
    ordered: Decimal
    received: Decimal
    open: Decimal
    expected_date: date
    days_late: int


class OverdueSupplier(BaseModel):
    supplier_id: int
    supplier_number: str
    supplier_name: str
    lines: list[OverdueLine]


class OrderLineChange(BaseModel):
    """A change to an order line: the supplier confirms another date, price or quantity."""

    model_config = ConfigDict(extra="forbid")

    line_id: int
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=4)
    unit_price: Money | None = Field(default=None, ge=0)
    delivery_date: date | None = None


class PurchaseOrderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delivery_date: date | None = Field(default=None, description="the order's expected date (lines keep theirs)")
    lines: list[OrderLineChange] = Field(default_factory=list)
    add: list[PurchaseLineInput] = Field(default_factory=list, description="new lines")


class SupplierInquiryCreate(BaseModel):
    """One inquiry per supplier (up to ten) for the same lines; prices come with the offers."""

    model_config = ConfigDict(extra="forbid")

    supplier_ids: list[int] = Field(min_length=1, max_length=10)
    doc_date: date | None = None
    delivery_date: date | None = Field(default=None, description="when the goods are needed")
    lines: list[PurchaseLineInput] = Field(min_length=1)
    customer_inquiry_id: int | None = Field(default=None, description="the customer's inquiry this one serves")


class OfferLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_id: int
    unit_price: Money = Field(ge=0)
    delivery_date: date | None = None


class OfferInput(BaseModel):
    """The supplier's offer, entered on its inquiry: a price (and date) per line."""

    model_config = ConfigDict(extra="forbid")

    lines: list[OfferLine] = Field(min_length=1)


class ComparisonOffer(BaseModel):
    supplier_id: int
    supplier_number: str
    supplier_name: str
    inquiry_id: int
    line_id: int
    unit_price: Decimal | None
    net_amount: Decimal | None
    delivery_date: date | None
    cheapest: bool


class ComparisonRow(BaseModel):
    position: int
    article_id: int | None
    article_number: str
    description: str
    quantity: Decimal
    offers: list[ComparisonOffer]


# -- reorder proposals ---------------------------------------------------------------------------


class ProposalLineRead(BaseModel):
    """A line of a reorder proposal with its article's and supplier's names."""

    id: int
    article_id: int
    article_number: str
    description: str
    supplier_id: int | None
    supplier_number: str
    supplier_name: str
    warehouse_id: int | None
    quantity: Decimal
    unit_price: Decimal
    delivery_date: date | None
    on_hand: Decimal
    reserved: Decimal
    on_order: Decimal
    target: Decimal
    reason: str
    customer_order_id: int | None
    purchase_order_id: int | None


class ProposalSupplierRead(BaseModel):
    """A supplier to order from: its lines, their value at the proposed prices, ordered or not."""

    supplier_id: int | None
    supplier_number: str
    supplier_name: str
    lines: int
    net_value: Decimal
    ordered: bool


class ProposalRead(BaseModel):
    id: int
    state: str
    criteria: dict | None
    created_by: str
    note: str
    suppliers: list[ProposalSupplierRead]
    lines: list[ProposalLineRead]


class OrderProposalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    supplier_id: int | None = Field(default=None, description="the supplier named; empty: the one on the order, "
                                                              "else as supplier_choice says")
    supplier_choice: str = Field(default="main", pattern="^(main|cheapest)$")


class PlanProposalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    until: date | None = None
    supplier_choice: str = Field(default="main", pattern="^(main|cheapest)$")


class ProposalOrderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    supplier_id: int | None = Field(default=None, description="only this supplier's lines; empty: every supplier")
    doc_date: date | None = None
