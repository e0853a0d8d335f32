"""The accounting transfer (Überleitung FIBU): which periods went to the accountant, when and by whom.

A row is written in the transaction that produces the DATEV files of a period. From then on
the invoices, partial and final invoices, credit notes and supplier invoices dated in that
period are fixed: `kontor.core.finance.transfer_hooks` refuses to create, change or post
any of them. Transferring an overlapping period again needs an explicit repeat; each repeat
is a row of its own (`run` counts them), so the history shows every file that left the house,
with the SHA-256 of each file to prove later which content it had.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlmodel import Field

from kontor.db.base import TenantOwned, Timestamped, utcnow
from kontor.db.fields import exact

TRANSFER_KINDS = ("datev",)


class AccountingTransfer(TenantOwned, Timestamped, table=True):
    __tablename__ = "accounting_transfer"
    __table_args__ = (Index("ix_accounting_transfer_period", "tenant_id", "period_from", "period_to"),)

    id: int | None = Field(default=None, primary_key=True)
    period_from: date
    period_to: date
    kind: str = Field(default="datev", max_length=20, sa_type=String(20))
    run: int = Field(default=1, description="1 for the first transfer of the period, 2 for its first repeat, ...")
    transferred_at: datetime = Field(default_factory=utcnow)
    transferred_by: str = Field(default="", max_length=60)
    sales_documents: int = Field(default=0, description="posted invoices and credit notes in the files")
    sales_gross: Decimal = exact(0, description="signed gross total of the outgoing postings")
    purchase_documents: int = Field(default=0, description="booked supplier invoices in the files")
    purchase_gross: Decimal = exact(0, description="gross total of the incoming postings")
    checksums: Any = Field(default=None, sa_type=JSON, description="file name -> SHA-256 of its bytes")
