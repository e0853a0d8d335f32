"""One document shape for the whole flow: a header and lines that know their source line.

The lineage of lines gives the processing status: the delivered quantity of an order line
is the sum of the delivery-note lines that stem from it, and so on for invoiced.
`source_line_id` is the immediate predecessor line, `order_line_id` the order line the
chain went through (an invoice line made from a delivery-note line names the order line),
so the status of every order line is one grouped query.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped
from kontor.db.fields import exact


class Document(TenantOwned, Timestamped, table=True):
    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("tenant_id", "kind", "number"),
        UniqueConstraint("tenant_id", "batch_key"),
        Index("ix_document_kind_state", "tenant_id", "kind", "state"),
        Index("ix_document_customer", "tenant_id", "customer_id"),
        Index("ix_document_supplier", "tenant_id", "supplier_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30, sa_type=String(30))
    number: str | None = Field(default=None, max_length=30)
    state: str = Field(default="open", max_length=20, sa_type=String(20))
    done: bool = False
    doc_date: date
    customer_id: int | None = Field(default=None, foreign_key="customer.id")
    supplier_id: int | None = Field(default=None, foreign_key="supplier.id",
                                    description="the party of a purchase-side document")
    bill_name1: str = Field(default="", max_length=120)
    bill_name2: str = Field(default="", max_length=120)
    bill_street: str = Field(default="", max_length=120)
    bill_postal_code: str = Field(default="", max_length=12)
    bill_city: str = Field(default="", max_length=80)
    bill_country_code: str = Field(default="DE", max_length=2)
    ship_name1: str = Field(default="", max_length=120)
    ship_name2: str = Field(default="", max_length=120)
    ship_street: str = Field(default="", max_length=120)
    ship_postal_code: str = Field(default="", max_length=12)
    ship_city: str = Field(default="", max_length=80)
    ship_country_code: str = Field(default="DE", max_length=2)
    currency_code: str = Field(default="EUR", max_length=3,
                               description="the document's currency; prices, lines and totals are in it")
    exchange_rate: Decimal = exact(1, scale=10, description="home currency per one unit of the document's "
                                   "currency, of the document date (1 in home currency); fixed at posting")
    exchange_rate_manual: bool = Field(default=False, description="the clerk set the rate; it no longer "
                                                                  "follows the document date")
    price_class: int = 1
    payment_term_id: int | None = Field(default=None, foreign_key="payment_term.id")
    delivery_term_id: int | None = Field(default=None, foreign_key="delivery_term.id")
    shipping_method_id: int | None = Field(default=None, foreign_key="shipping_method.id")
    sales_rep_id: int | None = Field(default=None, foreign_key="staff.id")
    agent_id: int | None = Field(default=None, foreign_key="agent.id")
    category_id: int | None = Field(default=None, foreign_key="category.id")
    clerk: str = Field(default="", max_length=60)
    customer_order_number: str = Field(default="", max_length=40)
    customer_order_date: date | None = None
    customer_delivery_date: date | None = None
    supplier_delivery_date: date | None = None
    packages: Any = Field(default=None, sa_type=JSON)
    agreements: str = Field(default="", sa_type=Text)
    order_info: str = Field(default="", sa_type=Text)
    header_text: str = Field(default="", sa_type=Text)
    footer_text: str = Field(default="", sa_type=Text)
    set_text: str = Field(default="", sa_type=Text)
    end_discount_percent: Decimal = exact(0)
    lines_net: Decimal = exact(0)
    end_discount_amount: Decimal = exact(0)
    charges_net: Decimal = exact(0)
    net_total: Decimal = exact(0)
    tax_total: Decimal = exact(0)
    gross_total: Decimal = exact(0)
    # The totals in home currency (kontor.core.documents.currency.home_totals), equal to the
    # totals above for a document in home currency.
    home_net_total: Decimal = exact(0)
    home_tax_total: Decimal = exact(0)
    home_gross_total: Decimal = exact(0)
    cash: bool = False
    variant: str = Field(default="", max_length=20,
                         description="instant, collective, cash, maintenance, down_payment, final, free, return, ...")
    corrects_id: int | None = Field(default=None, foreign_key="document.id",
                                    description="the invoice a credit note corrects")
    order_id: int | None = Field(default=None, foreign_key="document.id",
                                 description="the order a partial or final invoice bills")
    batch_key: str | None = Field(default=None, max_length=80,
                                  description="the batch run item that made it (a re-run finds it instead of doubling it)")
    locked: bool = Field(default=False, description="set by the lock rules; a locked document cannot change")
    posted_at: datetime | None = None
    archived_at: datetime | None = Field(default=None, description="moved to the history: readable, never changeable")


class DocumentLine(TenantOwned, table=True):
    __tablename__ = "document_line"
    __table_args__ = (
        Index("ix_document_line_document", "document_id", "position"),
        Index("ix_document_line_order_line", "order_line_id"),
        Index("ix_document_line_source", "source_line_id"),
        Index("ix_document_line_article", "tenant_id", "article_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    position: int
    article_id: int | None = Field(default=None, foreign_key="article.id")
    temporary: bool = Field(default=False, description="an article not in the master data")
    article_number: str = Field(default="", max_length=30)
    description: str = Field(default="", max_length=250)
    long_text: str = Field(default="", sa_type=Text)
    article_type: str = Field(default="M", max_length=1, sa_type=String(1))
    quantity: Decimal = exact(0)
    unit: str = Field(default="", max_length=20)
    unit_price: Decimal = exact(0)
    discount_percent: Decimal = exact(0)
    net_amount: Decimal = exact(0)
    tax_code_id: int | None = Field(default=None, foreign_key="tax_code.id")
    tax_rate: Decimal = exact(0)
    cost_price: Decimal = exact(0, description="purchase price per unit for the calculation")
    optional: bool = Field(default=False, description="offered as an alternative; not in the totals")
    price_source: str = Field(default="", max_length=60)
    returned_line_id: int | None = Field(default=None, foreign_key="document_line.id",
                                         description="on a return: the delivered line the goods come back from")
    restock: bool = Field(default=True, description="on a return: the goods go back into stock")
    source_line_id: int | None = Field(default=None, foreign_key="document_line.id")
    order_line_id: int | None = Field(default=None, foreign_key="document_line.id",
                                      description="the order line this line stems from")
    line_kind: str = Field(default="item", max_length=10, sa_type=String(10),
                           description="item, or subtotal: sums the item lines back to the previous subtotal")
    own_discount_percent: Decimal | None = exact(None, nullable=True,
                                                 description="on an item line in a priced group: the clerk's own "
                                                             "discount before the group discount or price")
    group_discount_percent: Decimal | None = exact(None, nullable=True,
                                                   description="on a subtotal: discount on top of the group's lines")
    group_net_price: Decimal | None = exact(None, nullable=True,
                                            description="on a subtotal: the round net the group shall cost")


class DocumentCharge(TenantOwned, table=True):
    """A direct cost (freight, packaging, insurance) added after the total of the lines."""

    __tablename__ = "document_charge"

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    kind: str = Field(default="freight", max_length=20)
    text: str = Field(default="", max_length=200)
    amount: Decimal = exact(0)
    tax_code_id: int | None = Field(default=None, foreign_key="tax_code.id")
    tax_rate: Decimal = exact(0)
    origin_charge_id: int | None = Field(default=None, foreign_key="document_charge.id",
                                         description="the charge this one was taken over from, first of its chain")
