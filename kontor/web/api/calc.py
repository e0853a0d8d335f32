"""Pre-calculation of a quote or order and the calculation of one of its lines
(kontor.core.calc.precalc); HANDLERS are wired into kontor.web.app by the lead."""

from __future__ import annotations

from decimal import Decimal

from litestar import Request, get, post
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.calc import precalc
from kontor.core.documents.schemas import LineRead
from kontor.web.units import unit

TAGS = ["documents"]


class LineCalculation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cost_price: Decimal | None = Field(default=None, max_digits=18, decimal_places=4,
                                       description="empty: the line's cost price")
    margin_amount: Decimal | None = Field(default=None, max_digits=18, decimal_places=4,
                                          description="contribution margin per unit")
    margin_percent: Decimal | None = Field(default=None, max_digits=7, decimal_places=4,
                                           description="contribution margin in % of the price (below 100)")
    markup_percent: Decimal | None = Field(default=None, max_digits=9, decimal_places=4,
                                           description="markup in % on the cost")


@get("/api/documents/{document_id:int}/precalculation", operation_id="document_precalculation",
     sync_to_thread=True, tags=TAGS,
     summary="Pre-calculation of a quote or order by article type: revenue, costs, margin, result")
def precalculation(request: Request, document_id: int) -> precalc.PreCalculation:
    with unit(request) as (session, ctx):
        return precalc.precalculate(session, ctx, document_id)


@post("/api/documents/{document_id:int}/lines/{line_id:int}/calculate", operation_id="calculate_document_line",
      sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Set a line's unit price from its cost and a margin amount, margin percent or markup percent")
def calculate(request: Request, document_id: int, line_id: int, data: LineCalculation) -> LineRead:
    with unit(request, write=True) as (session, ctx):
        line = precalc.calculate_line(session, ctx, document_id, line_id, cost_price=data.cost_price,
                                      margin_amount=data.margin_amount, margin_percent=data.margin_percent,
                                      markup_percent=data.markup_percent)
        values = {column.key: getattr(line, column.key) for column in line.__table__.columns}
        return LineRead.model_validate({**values, "added": line.source_line_id is None})


HANDLERS = [precalculation, calculate]
