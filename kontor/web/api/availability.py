"""Availability, basket, reservations and the material plan over HTTP.

Thin handlers around kontor.core.stock.availability, .basket, .reservations and .planning,
one unit of work each, answering with the core's own shapes; POSTs that create something (a
document, a reservation) honour an Idempotency-Key, so a retried request doubles nothing.
Reorder proposals are purchasing's (kontor.web.api.purchasing).
"""

from datetime import date
from decimal import Decimal

from litestar import Request, get, post
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.documents.schemas import DocumentMade
from kontor.core.stock import planning, reservations
from kontor.core.stock.availability import Availability, availability
from kontor.core.stock.basket import Basket, create_from_basket
from kontor.core.stock.planning import OrderReservation, PlanRow
from kontor.core.stock.reservations import ReservationInput, ReservationRead
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit

STOCK = ["stock"]


# -- availability ------------------------------------------------------------------------------


@get("/api/stock/availability/{article_id:int}", sync_to_thread=True, tags=STOCK, operation_id="article_availability",
     summary="Availability of an article: stock per warehouse, reservations, on order, prices, sales of a "
             "period; with `on` what is available by that date")
def get_availability(request: Request, article_id: int, warehouse_id: int | None = None,
                     customer_id: int | None = None, quantity: Decimal = Parameter(default=Decimal("1")),
                     prices: bool = True, sales_since: date | None = None,
                     sales_until: date | None = None, on: date | None = None) -> Availability:
    with unit(request) as (session, ctx):
        return availability(session, ctx, article_id, warehouse_id=warehouse_id, customer_id=customer_id,
                            quantity=quantity, with_prices=prices, sales_since=sales_since, sales_until=sales_until,
                            on=on)


@post("/api/stock/availability/basket", sync_to_thread=True, tags=STOCK, operation_id="basket_to_document",
      summary="Make a quote, order or delivery note of the basket")
def post_basket(request: Request, data: Basket) -> DocumentMade:
    def operation(session, ctx):
        return DocumentMade.model_validate(create_from_basket(session, ctx, data))

    return idempotent_post(request, data, operation)


# -- reservations --------------------------------------------------------------------------------


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


@post("/api/reservations/orders/{order_id:int}", sync_to_thread=True, tags=STOCK, status_code=200,
      operation_id="reserve_order",
      summary="Reserve an order for its delivery dates (stock, then purchase orders in time); say what is missing")
def post_reserve_order(request: Request, order_id: int, data: OrderReservationRequest | None = None) -> OrderReservation:
    data = data or OrderReservationRequest()
    with unit(request, write=not data.check_only) as (session, ctx):
        return planning.reserve_order(session, ctx, order_id, delivery_date=data.delivery_date,
                                      line_dates=data.line_dates, from_purchase_orders=data.from_purchase_orders,
                                      check_only=data.check_only)


@get("/api/reservations/plan", sync_to_thread=True, tags=STOCK, operation_id="material_plan",
     summary="Material plan without orders: free stock, goods on order, open demand, what is missing")
def get_plan(request: Request, until: date | None = None, only_missing: bool = True, limit: int = 1000,
             offset: int = 0) -> list[PlanRow]:
    with unit(request) as (session, ctx):
        return planning.material_plan(session, ctx, until=until, only_missing=only_missing, limit=min(limit, 10000),
                                      offset=offset)


HANDLERS = [get_availability, post_basket, list_reservations, post_reservation, post_release, get_plan,
            post_reserve_order]
