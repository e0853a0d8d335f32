"""E-invoices received: the original file of every supplier e-invoice read into a draft.

The draft itself is a supplier invoice (kontor.core.purchasing.invoices) whose entry holds the
supplier's number, so a second file of the same invoice is refused whatever its name;
this row keeps the file as it came (GoBD: the electronic original is the invoice).
`document_id` is a plain id, not a foreign key: throwing the draft away keeps the record.
"""

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlmodel import Field

from kontor.db.base import TenantOwned, utcnow


class EinvoiceImport(TenantOwned, table=True):
    __tablename__ = "einvoice_import"
    __table_args__ = (Index("ix_einvoice_import_invoice", "tenant_id", "supplier_id", "invoice_number"),)

    id: int | None = Field(default=None, primary_key=True)
    supplier_id: int = Field(foreign_key="supplier.id")
    invoice_number: str = Field(max_length=40)
    document_id: int | None = None
    syntax: str = Field(max_length=10, sa_type=String(10), description="cii or ubl")
    filename: str = Field(default="", max_length=200)
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_type=LargeBinary)
    imported_at: datetime = Field(default_factory=utcnow)
    username: str = Field(default="", max_length=60)
