"""Tables of purchasing beside the shared document tables.

The purchase documents themselves (purchase, blanket and internal orders, goods receipts,
returns to suppliers, supplier invoices) are `Document` rows with `supplier_id`; their lines
know their source line, which gives ordered, called-off, received, returned and invoiced
quantities. What the document shape has no place for lives here:

- `PurchaseLine`: the expected delivery date of each order line (overdue list, on-order
  quantities with their earliest date);
- `ReceiptCheck` / `ReceiptCheckLine`: the commercial check of a goods receipt, with the
  supplier rating given at the same step and, per line, the checked price and the moving
  average purchase price before and after (so every average can be traced back);
- `SupplierInvoiceEntry`: what the clerk typed from the supplier's invoice (their number,
  date and the amounts to book) for the sum and VAT check.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow
from kontor.db.fields import exact

GRADES = ("A", "B", "C", "D")


class PurchaseLine(TenantOwned, table=True):
    """The expected delivery date of an order line (purchase, internal or blanket order)."""

    __tablename__ = "purchase_line"
    __table_args__ = (UniqueConstraint("document_line_id"),)

    id: int | None = Field(default=None, primary_key=True)
    document_line_id: int = Field(foreign_key="document_line.id")
    expected_date: date | None = Field(default=None, index=True)


class ReceiptCheck(TenantOwned, table=True):
    """The commercial check of one goods receipt: done once, it releases the receipt for the
    supplier invoice and records how the supplier did (grades A best to D worst)."""

    __tablename__ = "receipt_check"
    __table_args__ = (UniqueConstraint("document_id"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    supplier_id: int = Field(foreign_key="supplier.id", index=True)
    checked_on: date
    checked_by: str = Field(default="", max_length=60)
    quality_grade: str = Field(max_length=1, sa_type=String(1))
    delivery_date_grade: str = Field(max_length=1, sa_type=String(1))
    quantity_grade: str = Field(max_length=1, sa_type=String(1))
    grade: str = Field(max_length=1, sa_type=String(1), description="the receipt's overall grade")
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class ReceiptCheckLine(TenantOwned, table=True):
    """One line of a commercial check: the price the goods really cost and the article's moving
    average purchase price before and after this receipt."""

    __tablename__ = "receipt_check_line"

    id: int | None = Field(default=None, primary_key=True)
    check_id: int = Field(foreign_key="receipt_check.id", index=True)
    document_line_id: int = Field(foreign_key="document_line.id")
    article_id: int | None = Field(default=None, foreign_key="article.id")
    quantity: Decimal = exact(0, description="received quantity the average was computed with")
    ordered_price: Decimal = exact(0)
    checked_price: Decimal = exact(0)
    stock_before: Decimal = exact(0, description="free and blocked stock without this receipt")
    average_before: Decimal = exact(0)
    average_after: Decimal = exact(0)


class SupplierInvoiceEntry(TenantOwned, table=True):
    """The supplier's invoice as the clerk entered it: their number and date, and the amounts
    to book that the document's computed totals must match before it is booked."""

    __tablename__ = "supplier_invoice_entry"
    __table_args__ = (UniqueConstraint("tenant_id", "supplier_id", "supplier_invoice_number"),
                      UniqueConstraint("document_id"))

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id")
    supplier_id: int = Field(foreign_key="supplier.id")
    supplier_invoice_number: str = Field(max_length=40)
    supplier_invoice_date: date
    net_amount: Decimal = exact(0)
    tax_amount: Decimal = exact(0)
    gross_amount: Decimal = exact(0)
