"""Availability, basket, reservations, material plan and reorder proposals over HTTP.

Thin handlers around kontor.core.stock.availability, .basket, .reservations, .planning and
kontor.core.purchasing.proposals, one unit of work each; POSTs that create something (a
document, a reservation, a proposal or its line) honour an Idempotency-Key, so a retried
request doubles nothing. Ordering a proposal needs none: an ordered line is never ordered again.
"""

from datetime import date
from decimal import Decimal

from litestar import Request, delete, get, patch, post
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.documents.discounts import AppliedDiscount
from kontor.core.purchasing import proposals as prop
from kontor.core.stock import planning, reservations
from kontor.core.stock.availability import ReservedFor, Sales, availability
from kontor.core.stock.basket import Basket, create_from_basket
from kontor.core.stock.extensions import ComposedStock, PlannedQuantity
from kontor.core.stock.planning import LineReservation, PlanRow
from kontor.core.stock.reservations import ReservationInput
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit

STOCK = ["stock"]
PURCHASING = ["purchasing"]
ATTRS = ConfigDict(from_attributes=True)


# -- availability ------------------------------------------------------------------------------


class WarehouseStockRead(BaseModel):
    model_config = ATTRS
    warehouse_id: int
    code: str
    name: str
    on_hand: Decimal
    blocked: Decimal
    reserved: Decimal
    available: Decimal


class PricesRead(BaseModel):
    model_config = ATTRS
    list_price: Decimal
    purchase_price: Decimal
    customer_unit_price: Decimal
    customer_discount_percent: Decimal
    customer_net_price: Decimal
    source: str
    discounts: list[AppliedDiscount]


class IncomingRead(BaseModel):
    model_config = ATTRS
    line_id: int
    document_id: int
    number: str
    supplier_id: int | None
    open_quantity: Decimal
    reserved: Decimal
    expected_on: date


class AvailabilityRead(BaseModel):
    model_config = ATTRS
    article_id: int
    article_number: str
    description: str
    warehouse_id: int | None
    on_hand: Decimal
    blocked: Decimal
    reserved: Decimal
    available: Decimal
    on_order: Decimal
    expected_on: date | None
    reserved_on_order: Decimal
    warehouses: list[WarehouseStockRead]
    reservations: list[ReservedFor]
    prices: PricesRead | None
    sales: Sales | None
    on: date | None
    available_on: Decimal | None
    incoming: list[IncomingRead]
    planned_in: Decimal
    planned_out: Decimal
    planned: list[PlannedQuantity]
    composed: ComposedStock | None


@get("/api/stock/availability/{article_id:int}", sync_to_thread=True, tags=STOCK, operation_id="article_availability",
     summary="Availability of an article: stock per warehouse, reservations, on order, prices, sales of a "
             "period; with `on` what is available by that date")
def get_availability(request: Request, article_id: int, warehouse_id: int | None = None,
                     customer_id: int | None = None, quantity: Decimal = Parameter(default=Decimal("1")),
                     prices: bool = True, sales_since: date | None = None,
                     sales_until: date | None = None, on: date | None = None) -> AvailabilityRead:
    with unit(request) as (session, ctx):
        found = availability(session, ctx, article_id, warehouse_id=warehouse_id, customer_id=customer_id,
                             quantity=quantity, with_prices=prices, sales_since=sales_since, sales_until=sales_until,
                             on=on)
        return AvailabilityRead.model_validate(found)


class DocumentMade(BaseModel):
    model_config = ATTRS
    id: int
    kind: str
    number: str | None
    customer_id: int | None = None
    supplier_id: int | None = None
    net_total: Decimal
    gross_total: Decimal


@post("/api/stock/availability/basket", sync_to_thread=True, tags=STOCK, operation_id="basket_to_document",
      summary="Make a quote, order or delivery note of the basket")
def post_basket(request: Request, data: Basket) -> DocumentMade:
    def operation(session, ctx):
        return DocumentMade.model_validate(create_from_basket(session, ctx, data))

    return idempotent_post(request, data, operation)


# -- reservations --------------------------------------------------------------------------------


class ReservationRead(BaseModel):
    model_config = ATTRS
    id: int
    article_id: int
    quantity: Decimal
    source: str
    warehouse_id: int | None
    purchase_line_id: int | None
    order_line_id: int | None
    document_id: int | None
    customer_id: int | None
    needed_on: date
    note: str


@get("/api/reservations", sync_to_thread=True, tags=STOCK, operation_id="list_reservations",
     summary="Reservations of an article or an order")
def list_reservations(request: Request, article_id: int | None = None, order_id: int | None = None,
                      limit: int = 1000, offset: int = 0) -> list[ReservationRead]:
    with unit(request) as (session, ctx):
        return [ReservationRead.model_validate(r) for r in reservations.reservations_of(
            session, ctx, article_id=article_id, order_id=order_id, limit=min(limit, 10000), offset=offset)]


@post("/api/reservations", sync_to_thread=True, tags=STOCK, operation_id="create_reservation",
      summary="Reserve from stock or from an open purchase-order line, for an order line or a plan")
def post_reservation(request: Request, data: ReservationInput) -> ReservationRead:
    def operation(session, ctx):
        return ReservationRead.model_validate(reservations.reserve(session, ctx, data))

    return idempotent_post(request, data, operation)


class ReleaseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=4,
                                     description="empty: the whole reservation")


class ReleaseResult(BaseModel):
    remaining: ReservationRead | None


@post("/api/reservations/{reservation_id:int}/release", sync_to_thread=True, tags=STOCK, status_code=200,
      operation_id="release_reservation", summary="Release a reservation wholly or in part")
def post_release(request: Request, reservation_id: int, data: ReleaseRequest | None = None) -> ReleaseResult:
    data = data or ReleaseRequest()

    def operation(session, ctx):
        left = reservations.release(session, ctx, reservation_id, data.quantity)
        return ReleaseResult(remaining=ReservationRead.model_validate(left) if left is not None else None)

    return idempotent_post(request, data, operation, status_code=200)


class OrderReservationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delivery_date: date | None = Field(default=None, description="empty: the order's customer delivery date")
    line_dates: dict[int, date] = Field(default_factory=dict, description="order line id -> its own delivery date")
    from_purchase_orders: bool = True
    check_only: bool = Field(default=False, description="only say what could be reserved")


class OrderReservationRead(BaseModel):
    model_config = ATTRS
    order_id: int
    missing: bool
    earliest_on: date | None
    lines: list[LineReservation]


@post("/api/reservations/orders/{order_id:int}", sync_to_thread=True, tags=STOCK, status_code=200,
      operation_id="reserve_order",
      summary="Reserve an order for its delivery dates (stock, then purchase orders in time); say what is missing")
def post_reserve_order(request: Request, order_id: int, data: OrderReservationRequest | None = None) -> OrderReservationRead:
    data = data or OrderReservationRequest()
    with unit(request, write=not data.check_only) as (session, ctx):
        result = planning.reserve_order(session, ctx, order_id, delivery_date=data.delivery_date,
                                        line_dates=data.line_dates, from_purchase_orders=data.from_purchase_orders,
                                        check_only=data.check_only)
        return OrderReservationRead.model_validate(result)


@get("/api/reservations/plan", sync_to_thread=True, tags=STOCK, operation_id="material_plan",
     summary="Material plan without orders: free stock, goods on order, open demand, what is missing")
def get_plan(request: Request, until: date | None = None, only_missing: bool = True, limit: int = 1000,
             offset: int = 0) -> list[PlanRow]:
    with unit(request) as (session, ctx):
        return planning.material_plan(session, ctx, until=until, only_missing=only_missing, limit=min(limit, 10000),
                                      offset=offset)


# -- reorder proposals ---------------------------------------------------------------------------


class ProposalLineRead(BaseModel):
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


def _proposal_read(session, ctx, proposal_id: int) -> ProposalRead:
    proposal = prop.get_proposal(session, ctx, proposal_id)
    lines = prop.proposal_lines(session, ctx, proposal_id)
    return ProposalRead(id=proposal.id, state=proposal.state, criteria=proposal.criteria,
                        created_by=proposal.created_by, note=proposal.note,
                        suppliers=[ProposalSupplierRead(**entry) for entry in prop.suppliers_of(lines)],
                        lines=[ProposalLineRead.model_validate(line) for line in lines])


@post("/api/purchasing/proposals", sync_to_thread=True, tags=PURCHASING, operation_id="create_reorder_proposal",
      summary="A reorder proposal of the articles of a selection that fall below their level")
def post_proposal(request: Request, data: prop.ProposalCriteria) -> ProposalRead:
    def operation(session, ctx):
        return _proposal_read(session, ctx, prop.create_proposal(session, ctx, data).id)

    return idempotent_post(request, data, operation)


class OrderProposalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    supplier_id: int | None = Field(default=None, description="the supplier named; empty: the one on the order, "
                                                              "else as supplier_choice says")
    supplier_choice: str = Field(default="main", pattern="^(main|cheapest)$")


@post("/api/purchasing/proposals/from-order/{order_id:int}", sync_to_thread=True, tags=PURCHASING,
      operation_id="reorder_proposal_for_order", summary="A reorder proposal of what a customer order misses")
def post_proposal_for_order(request: Request, order_id: int, data: OrderProposalRequest | None = None) -> ProposalRead:
    data = data or OrderProposalRequest()

    def operation(session, ctx):
        proposal = prop.proposal_for_order(session, ctx, order_id, supplier_id=data.supplier_id,
                                           supplier_choice=data.supplier_choice)
        return _proposal_read(session, ctx, proposal.id)

    return idempotent_post(request, data, operation)


class PlanProposalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    until: date | None = None
    supplier_choice: str = Field(default="main", pattern="^(main|cheapest)$")


@post("/api/purchasing/proposals/from-plan", sync_to_thread=True, tags=PURCHASING,
      operation_id="reorder_proposal_from_plan", summary="A reorder proposal of what the material plan misses")
def post_proposal_from_plan(request: Request, data: PlanProposalRequest | None = None) -> ProposalRead:
    data = data or PlanProposalRequest()

    def operation(session, ctx):
        proposal = prop.proposal_from_plan(session, ctx, until=data.until, supplier_choice=data.supplier_choice)
        return _proposal_read(session, ctx, proposal.id)

    return idempotent_post(request, data, operation)


@get("/api/purchasing/proposals/{proposal_id:int}", sync_to_thread=True, tags=PURCHASING,
     operation_id="read_reorder_proposal", summary="A reorder proposal with its lines, by supplier")
def get_proposal(request: Request, proposal_id: int) -> ProposalRead:
    with unit(request) as (session, ctx):
        return _proposal_read(session, ctx, proposal_id)


@post("/api/purchasing/proposals/{proposal_id:int}/lines", sync_to_thread=True, tags=PURCHASING,
      operation_id="add_reorder_proposal_line", summary="Add a line to a reorder proposal")
def post_proposal_line(request: Request, proposal_id: int, data: prop.ProposalLineInput) -> ProposalRead:
    def operation(session, ctx):
        prop.add_line(session, ctx, proposal_id, data)
        return _proposal_read(session, ctx, proposal_id)

    return idempotent_post(request, data, operation)


@patch("/api/purchasing/proposals/{proposal_id:int}/lines/{line_id:int}", sync_to_thread=True, tags=PURCHASING,
       operation_id="change_reorder_proposal_line", summary="Change quantity, supplier, price or date of a line")
def patch_proposal_line(request: Request, proposal_id: int, line_id: int, data: prop.ProposalLineInput) -> ProposalRead:
    with unit(request, write=True) as (session, ctx):
        prop.update_line(session, ctx, proposal_id, line_id, data)
        return _proposal_read(session, ctx, proposal_id)


@delete("/api/purchasing/proposals/{proposal_id:int}/lines/{line_id:int}", sync_to_thread=True, tags=PURCHASING,
        operation_id="remove_reorder_proposal_line", summary="Remove a line not ordered yet")
def delete_proposal_line(request: Request, proposal_id: int, line_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        prop.remove_line(session, ctx, proposal_id, line_id)


class OrderRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    supplier_id: int | None = Field(default=None, description="only this supplier's lines; empty: every supplier")
    doc_date: date | None = None


class OrderResult(BaseModel):
    purchase_orders: list[DocumentMade]


@post("/api/purchasing/proposals/{proposal_id:int}/order", sync_to_thread=True, tags=PURCHASING, status_code=200,
      operation_id="order_reorder_proposal",
      summary="Purchase orders from the proposal, one per supplier; ordered lines are never ordered twice")
def post_order(request: Request, proposal_id: int, data: OrderRequest | None = None) -> OrderResult:
    data = data or OrderRequest()
    with unit(request, write=True) as (session, ctx):
        orders = prop.order_proposal(session, ctx, proposal_id, supplier_id=data.supplier_id, doc_date=data.doc_date)
        return OrderResult(purchase_orders=[DocumentMade.model_validate(o) for o in orders])


# The GETs come before the POSTs of the same path (see kontor.web.api.invoicing).
HANDLERS = [get_availability, post_basket, list_reservations, post_reservation, post_release, get_plan,
            post_reserve_order, get_proposal, post_proposal, post_proposal_for_order, post_proposal_from_plan,
            post_proposal_line, patch_proposal_line, delete_proposal_line, post_order]
