"""What a batch run is asked for (the selection) and what it answers (the RunResult)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, computed_field


class RunSelection(BaseModel):
    """Which documents a run takes: all of the tenant's, narrowed by what is given."""

    model_config = ConfigDict(extra="forbid")

    customer_id: int | None = Field(default=None, description="only this customer's documents")
    since: date | None = Field(default=None, description="document date from (inclusive)")
    until: date | None = Field(default=None, description="document date up to (inclusive)")
    category_id: int | None = Field(default=None, description="only customers of this category")
    doc_date: date | None = Field(default=None, description="date of the documents the run makes; empty: today")


class DeliverySelection(RunSelection):
    """Open orders (not done) whose documents dates and customers match."""


class InvoicingSelection(RunSelection):
    """Delivery notes not yet invoiced whose dates and customers match."""

    cut_off: date | None = Field(default=None, description="collective periods whose last day is before this date "
                                                          "are invoiced; empty: today")
    include_open_periods: bool = Field(default=False, description="invoice periods that have not ended yet, too")
    post: bool = Field(default=False, description="post every invoice in the transaction that makes it")


class RunItem(BaseModel):
    """An item the run passed over (skipped) or could not do (failure), and why."""

    item: str = Field(description="what it is, e.g. 'order AB000012' or 'delivery notes LS000003, LS000007'")
    source_ids: list[int]
    message: str


class CreatedDocument(BaseModel):
    id: int
    kind: str
    number: str | None
    state: str
    batch_key: str
    source_ids: list[int] = Field(description="the order or delivery notes it was made from")
    gross_total: Decimal


class BackorderLine(BaseModel):
    line_id: int
    position: int
    article_number: str
    description: str
    ordered: Decimal
    delivered: Decimal = Field(description="delivered so far, this run's delivery note included")
    backorder: Decimal = Field(description="still open; waits for stock")


class Backorder(BaseModel):
    """An order the run delivered only in part: what stays open."""

    order_id: int
    order_number: str | None
    delivery_note_id: int
    lines: list[BackorderLine]


class RunResult(BaseModel):
    run: str = Field(description="delivery_notes or invoicing")
    created: list[CreatedDocument] = []
    skipped: list[RunItem] = []
    failures: list[RunItem] = []
    backorders: list[Backorder] = []
    stopped: bool = Field(default=False, description="stopped before the end (stop_after); run again to go on")

    @computed_field
    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "skipped": len(self.skipped), "failed": len(self.failures),
                "backorders": len(self.backorders)}

    def summary(self) -> str:
        counts = self.counts
        text = (f"{counts['created']} created, {counts['skipped']} skipped, {counts['failed']} failed, "
                f"{counts['backorders']} backorders")
        return f"{text} (stopped early; run again to go on)" if self.stopped else text
