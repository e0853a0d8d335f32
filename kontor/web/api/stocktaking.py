"""Stocktaking, devaluation, the valuation list and serial/batch numbers over HTTP.

Thin handlers around kontor.core.stock.stocktaking, .devaluation, .valuation and .serials,
one unit of work each; the creating POSTs honour an Idempotency-Key.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from litestar import Request, delete, get, post, put
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.stock import devaluation, serials, stocktaking, valuation
from kontor.core.stock.devaluation import ManualInput, StepInput
from kontor.core.stock.serials import BatchInput, MissingRow, TrailRow
from kontor.core.stock.stocktaking import CountInput, DifferenceInput, DifferenceRow
from kontor.core.stock.valuation import ValuationRow, ValuationTotals
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit

TAGS = ["stocktaking"]
SERIAL_TAGS = ["serial numbers"]


class StocktakingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_date: date
    kind: str = Field(default="full", description="full (every material article) or partial")
    warehouse_id: int | None = Field(default=None, description="empty: the default warehouse")
    article_group_id: int | None = Field(default=None, description="partial: the article group to count")
    note: str = Field(default="", max_length=200)


class StocktakingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    number: str
    kind: str
    key_date: date
    warehouse_id: int
    article_group_id: int | None
    state: str
    note: str
    created_by: str
    posted_at: datetime | None


class StocktakingDetail(StocktakingRead):
    lines: int
    counted: int
    differences: int
    difference_value: Decimal


class Counts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    counts: list[CountInput] = Field(min_length=1)


class DifferenceListCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date
    warehouse_id: int | None = None
    note: str = Field(default="", max_length=200)
    items: list[DifferenceInput]


class Steps(BaseModel):
    model_config = ConfigDict(extra="forbid")

    steps: list[StepInput]


class StepRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    min_days: int
    percent: Decimal


class ManualRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int | None
    article_group_id: int | None
    percent: Decimal
    amount: Decimal
    note: str


class ValuationList(BaseModel):
    on: date
    rows: list[ValuationRow]
    page_totals: ValuationTotals
    totals: ValuationTotals | None = Field(default=None, description="over the whole list, with totals=true")


class NumbersInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    serials: list[str] = Field(default_factory=list, description="serial numbers, one per unit")
    batches: list[BatchInput] = Field(default_factory=list, description="batch numbers with their quantities")


class AssignInput(NumbersInput):
    generate: bool = Field(default=False, description="incoming serial line: our own serials from the number range")


class MovementRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    serial_id: int
    moved_on: date
    symbol: str
    quantity: Decimal
    document_id: int | None
    document_line_id: int | None
    document_number: str


class ReservationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    serial_id: int
    order_line_id: int
    quantity: Decimal


class NumberRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int
    number: str
    kind: str
    state: str
    warehouse_id: int | None
    quantity: Decimal
    received_on: date | None
    supplier_id: int | None
    replaces_id: int | None


class TrailRead(NumberRead):
    movements: list[TrailRow]


class ExchangeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article_id: int
    old_number: str = Field(min_length=1, max_length=60)
    new_number: str = Field(min_length=1, max_length=60)
    on: date
    supplier_id: int | None = None
    note: str = Field(default="", max_length=80)


def _detail(session, ctx, record) -> StocktakingDetail:
    summary = stocktaking.summarize(session, ctx, record.id)
    return StocktakingDetail(**StocktakingRead.model_validate(record).model_dump(), lines=summary.lines,
                             counted=summary.counted, differences=summary.differences,
                             difference_value=summary.difference_value)


# -- stocktaking ----------------------------------------------------------------------------


@post("/api/stock/stocktakings", operation_id="open_stocktaking", sync_to_thread=True, tags=TAGS,
      summary="Start a key-date (full) or partial stocktaking of a warehouse")
def open_stocktaking(request: Request, data: StocktakingCreate) -> StocktakingDetail:
    def operation(session, ctx):
        record = stocktaking.open_stocktaking(session, ctx, data.key_date, data.kind, warehouse_id=data.warehouse_id,
                                              article_group_id=data.article_group_id, note=data.note)
        return _detail(session, ctx, record)

    return idempotent_post(request, data, operation)


@get("/api/stock/stocktakings", operation_id="list_stocktakings", sync_to_thread=True, tags=TAGS,
     summary="Stocktakings and manual difference lists, newest key date first")
def list_stocktakings(request: Request,
                      st_state: str | None = Parameter(query="state", default=None, description="open, counted, posted"),
                      limit: int = 100, offset: int = 0) -> list[StocktakingRead]:
    with unit(request) as (session, ctx):
        return [StocktakingRead.model_validate(s) for s in stocktaking.list_stocktakings(
            session, ctx, state=st_state, limit=min(limit, 1000), offset=offset)]


@get("/api/stock/stocktakings/{stocktaking_id:int}", operation_id="get_stocktaking", sync_to_thread=True, tags=TAGS,
     summary="A stocktaking with its counts so far")
def get_stocktaking(request: Request, stocktaking_id: int) -> StocktakingDetail:
    with unit(request) as (session, ctx):
        return _detail(session, ctx, stocktaking.get_stocktaking(session, ctx, stocktaking_id))


@post("/api/stock/stocktakings/{stocktaking_id:int}/counts", operation_id="enter_counts", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Quick entry of counted quantities (counting again overwrites)")
def enter_counts(request: Request, stocktaking_id: int, data: Counts) -> StocktakingDetail:
    with unit(request, write=True) as (session, ctx):
        record = stocktaking.enter_counts(session, ctx, stocktaking_id, data.counts)
        return _detail(session, ctx, record)


@get("/api/stock/stocktakings/{stocktaking_id:int}/differences", operation_id="stocktaking_differences",
     sync_to_thread=True, tags=TAGS, summary="The difference list: book stock at the key date, counted, difference")
def differences(request: Request, stocktaking_id: int, only_differences: bool = False, limit: int = 1000,
                offset: int = 0) -> list[DifferenceRow]:
    with unit(request) as (session, ctx):
        return stocktaking.difference_list(session, ctx, stocktaking_id, only_differences=only_differences,
                                           limit=min(limit, 10000), offset=offset)


@post("/api/stock/stocktakings/{stocktaking_id:int}/post", operation_id="post_stocktaking", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Post the differences into the ledger on the key date (once)")
def post_stocktaking(request: Request, stocktaking_id: int) -> StocktakingDetail:
    with unit(request, write=True) as (session, ctx):
        return _detail(session, ctx, stocktaking.post_stocktaking(session, ctx, stocktaking_id))


@post("/api/stock/difference-lists", operation_id="post_difference_list", sync_to_thread=True, tags=TAGS,
      summary="A manual difference list: single stock corrections, posted at once")
def post_difference_list(request: Request, data: DifferenceListCreate) -> StocktakingDetail:
    def operation(session, ctx):
        record = stocktaking.post_difference_list(session, ctx, data.on, data.items, warehouse_id=data.warehouse_id,
                                                  note=data.note)
        return _detail(session, ctx, record)

    return idempotent_post(request, data, operation)


# -- devaluation and valuation --------------------------------------------------------------


@get("/api/stock/devaluation/steps", operation_id="devaluation_steps", sync_to_thread=True, tags=TAGS,
     summary="The age table: from so many days in stock on, so many percent off")
def get_steps(request: Request) -> list[StepRead]:
    with unit(request) as (session, ctx):
        return [StepRead.model_validate(s) for s in devaluation.list_steps(session, ctx)]


@put("/api/stock/devaluation/steps", operation_id="set_devaluation_steps", sync_to_thread=True, tags=TAGS,
     summary="Replace the age table")
def put_steps(request: Request, data: Steps) -> list[StepRead]:
    with unit(request, write=True) as (session, ctx):
        return [StepRead.model_validate(s) for s in devaluation.set_steps(session, ctx, data.steps)]


@get("/api/stock/devaluation/manual", operation_id="manual_devaluations", sync_to_thread=True, tags=TAGS,
     summary="Manual devaluations (percent per article group or article, amount per unit per article)")
def get_manual(request: Request, article_id: int | None = None) -> list[ManualRead]:
    with unit(request) as (session, ctx):
        return [ManualRead.model_validate(m) for m in devaluation.list_manual(session, ctx, article_id)]


@post("/api/stock/devaluation/manual", operation_id="add_manual_devaluation", sync_to_thread=True, tags=TAGS,
      summary="Add a manual devaluation")
def add_manual(request: Request, data: ManualInput) -> ManualRead:
    def operation(session, ctx):
        return ManualRead.model_validate(devaluation.add_manual(session, ctx, data))

    return idempotent_post(request, data, operation)


@delete("/api/stock/devaluation/manual/{devaluation_id:int}", operation_id="delete_manual_devaluation",
        sync_to_thread=True, tags=TAGS, summary="Remove a manual devaluation")
def delete_manual(request: Request, devaluation_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        devaluation.delete_manual(session, ctx, devaluation_id)


@get("/api/stock/valuation", operation_id="stock_valuation", sync_to_thread=True, tags=TAGS,
     summary="Stock and valuation list on a key date: purchase, devalued and sales value per article")
def valuation_list(request: Request, on: date, warehouse_id: int | None = None, article_group_id: int | None = None,
                   supplier_id: int | None = None, limit: int = 1000, offset: int = 0,
                   totals: bool = False) -> ValuationList:
    with unit(request) as (session, ctx):
        rows, page = valuation.valuation_page(session, ctx, on, warehouse_id=warehouse_id,
                                              article_group_id=article_group_id, supplier_id=supplier_id,
                                              limit=min(limit, 10000), offset=offset)
        whole = valuation.valuation_totals(session, ctx, on, warehouse_id=warehouse_id,
                                           article_group_id=article_group_id,
                                           supplier_id=supplier_id) if totals else None
    return ValuationList(on=on, rows=rows, page_totals=page, totals=whole)


# -- serial and batch numbers ---------------------------------------------------------------


@post("/api/stock/lines/{line_id:int}/numbers", operation_id="assign_numbers", sync_to_thread=True,
      tags=SERIAL_TAGS, summary="Assign serial or batch numbers to a stock-bearing document line")
def assign(request: Request, line_id: int, data: AssignInput) -> list[MovementRead]:
    with unit(request, write=True) as (session, ctx):
        moves = serials.assign_numbers(session, ctx, line_id, serials=data.serials, batches=data.batches,
                                       generate=data.generate)
        return [MovementRead.model_validate(m) for m in moves]


@post("/api/stock/lines/{line_id:int}/reservations", operation_id="reserve_numbers", sync_to_thread=True,
      tags=SERIAL_TAGS, summary="Reserve serial or batch numbers for an order line")
def reserve(request: Request, line_id: int, data: NumbersInput) -> list[ReservationRead]:
    with unit(request, write=True) as (session, ctx):
        return [ReservationRead.model_validate(r) for r in serials.reserve_numbers(
            session, ctx, line_id, serials=data.serials, batches=data.batches)]


@delete("/api/stock/lines/{line_id:int}/reservations", operation_id="release_reservations", sync_to_thread=True,
        tags=SERIAL_TAGS, summary="Release the number reservations of an order line")
def release(request: Request, line_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        serials.release_reservations(session, ctx, line_id)


@get("/api/stock/serials", operation_id="list_serials", sync_to_thread=True, tags=SERIAL_TAGS,
     summary="The serial or batch numbers of an article")
def list_serials(request: Request, article_id: int,
                 number_state: str | None = Parameter(query="state", default=None,
                                                      description="in_stock, delivered, returned, exchanged"),
                 limit: int = 1000, offset: int = 0) -> list[NumberRead]:
    with unit(request) as (session, ctx):
        return [NumberRead.model_validate(s) for s in serials.list_numbers(
            session, ctx, article_id, state=number_state, limit=min(limit, 10000), offset=offset)]


@get("/api/stock/serials/trail", operation_id="serial_trail", sync_to_thread=True, tags=SERIAL_TAGS,
     summary="One serial or batch number and every movement it made")
def trail(request: Request, article_id: int, number: str) -> TrailRead:
    with unit(request) as (session, ctx):
        serial, movements = serials.trail_of(session, ctx, article_id, number)
        return TrailRead(**NumberRead.model_validate(serial).model_dump(), movements=movements)


@get("/api/stock/serials/missing", operation_id="missing_serials", sync_to_thread=True, tags=SERIAL_TAGS,
     summary="Stock-bearing lines of tracked articles whose numbers are incomplete")
def missing(request: Request, limit: int = 1000, offset: int = 0) -> list[MissingRow]:
    with unit(request) as (session, ctx):
        return serials.missing_numbers(session, ctx, limit=min(limit, 10000), offset=offset)


@post("/api/stock/serials/exchange", operation_id="exchange_serial", sync_to_thread=True, tags=SERIAL_TAGS,
      summary="The supplier exchanges a serial: the old one goes back, the replacement comes in")
def exchange(request: Request, data: ExchangeInput) -> NumberRead:
    def operation(session, ctx):
        new = serials.exchange_serial(session, ctx, data.article_id, data.old_number, data.new_number, data.on,
                                      supplier_id=data.supplier_id, note=data.note)
        return NumberRead.model_validate(new)

    return idempotent_post(request, data, operation)


HANDLERS = [open_stocktaking, list_stocktakings, get_stocktaking, enter_counts, differences, post_stocktaking,
            post_difference_list, get_steps, put_steps, get_manual, add_manual, delete_manual, valuation_list,
            assign, reserve, release, list_serials, trail, missing, exchange]
