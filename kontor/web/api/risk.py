"""Customer credit risk over HTTP: the credit status, the proposed actions, holds and settings.

Thin handlers around kontor.core.finance.risk_actions and .risk_settings, one unit of work
each. The check itself runs inside the document routes; a refusal there is a 409 problem
whose `credit_check` and `actions` members carry the figures and the choices offered here.
"""

from datetime import datetime
from decimal import Decimal

from litestar import Request, delete, get, post, put
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.finance import risk_actions as actions
from kontor.core.finance.risk_settings import RiskSettings, get_risk_settings, put_risk_settings
from kontor.web.units import unit

TAGS = ["credit risk"]


class CreditStatus(BaseModel):
    customer_id: int
    customer_number: str
    credit_limit: Decimal
    own_limit: bool = Field(description="false: the default limit of the company parameters applies")
    open_items: Decimal
    uninvoiced: Decimal
    open_orders: Decimal
    risk: Decimal
    available: Decimal
    outcome: str = Field(description="within, warning or over, for the risk as it stands")
    blocked: bool
    blocked_reason: str
    hold_orders: bool = Field(description="orders over the limit are accepted on hold instead of refused")
    held_orders: list[int] = Field(description="ids of the customer's credit holds in force")


class CreditCheckRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    customer_id: int
    action: str
    outcome: str
    open_items: Decimal
    uninvoiced: Decimal
    open_orders: Decimal
    risk: Decimal
    document_amount: Decimal
    credit_limit: Decimal
    checked_at: datetime
    username: str


class CreditHoldRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    customer_id: int
    state: str
    reason: str
    risk: Decimal
    credit_limit: Decimal
    held_at: datetime
    held_by: str
    released_at: datetime | None
    released_by: str
    release_note: str


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=200)


class LimitChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credit_limit: Decimal | None = Field(ge=0, max_digits=18, decimal_places=4,
                                         description="the new limit; null: the default of the company parameters")
    note: str = Field(default="", max_length=200)


class HoldRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=200)


def _status(session, ctx, customer_id: int) -> CreditStatus:
    return CreditStatus(**actions.credit_status(session, ctx, customer_id))


@get("/api/customers/{customer_id:int}/credit", operation_id="customer_credit_status", sync_to_thread=True,
     tags=TAGS, summary="The customer's credit limit, risk by part, what is left, block and holds")
def credit_status(request: Request, customer_id: int) -> CreditStatus:
    with unit(request) as (session, ctx):
        return _status(session, ctx, customer_id)


@post("/api/customers/{customer_id:int}/credit/block", operation_id="block_customer_for_credit",
      sync_to_thread=True, tags=TAGS, status_code=200, summary="Block the customer (finance admin)")
def block(request: Request, customer_id: int, data: Note | None = None) -> CreditStatus:
    with unit(request, write=True) as (session, ctx):
        actions.block_customer(session, ctx, customer_id, (data or Note()).note)
        return _status(session, ctx, customer_id)


@post("/api/customers/{customer_id:int}/credit/unblock", operation_id="unblock_customer_for_credit",
      sync_to_thread=True, tags=TAGS, status_code=200, summary="Lift the customer's block (finance admin)")
def unblock(request: Request, customer_id: int) -> CreditStatus:
    with unit(request, write=True) as (session, ctx):
        actions.unblock_customer(session, ctx, customer_id)
        return _status(session, ctx, customer_id)


@put("/api/customers/{customer_id:int}/credit/limit", operation_id="redefine_credit_limit", sync_to_thread=True,
     tags=TAGS, summary="Redefine the customer's credit limit (permission credit_limits: write), audited")
def redefine_limit(request: Request, customer_id: int, data: LimitChange) -> CreditStatus:
    with unit(request, write=True) as (session, ctx):
        actions.set_credit_limit(session, ctx, customer_id, data.credit_limit, data.note)
        return _status(session, ctx, customer_id)


@post("/api/customers/{customer_id:int}/credit/hold-orders", operation_id="hold_orders_over_limit",
      sync_to_thread=True, tags=TAGS, status_code=200,
      summary="Accept the customer's orders over the limit on credit hold instead of refusing them (finance admin)")
def hold_orders_on(request: Request, customer_id: int, data: Note | None = None) -> CreditStatus:
    with unit(request, write=True) as (session, ctx):
        actions.set_hold_policy(session, ctx, customer_id, True, (data or Note()).note)
        return _status(session, ctx, customer_id)


@delete("/api/customers/{customer_id:int}/credit/hold-orders", operation_id="refuse_orders_over_limit",
        sync_to_thread=True, tags=TAGS, status_code=200,
        summary="Refuse the customer's orders over the limit again (finance admin)")
def hold_orders_off(request: Request, customer_id: int) -> CreditStatus:
    with unit(request, write=True) as (session, ctx):
        actions.set_hold_policy(session, ctx, customer_id, False)
        return _status(session, ctx, customer_id)


@get("/api/documents/{document_id:int}/credit-check", operation_id="document_credit_check", sync_to_thread=True,
     tags=TAGS, summary="The latest credit check of a document: outcome (within, warning, held), risk, limit")
def document_check(request: Request, document_id: int) -> CreditCheckRead:
    with unit(request) as (session, ctx):
        return CreditCheckRead.model_validate(actions.last_check(session, ctx, document_id))


@get("/api/credit-holds", operation_id="list_credit_holds", sync_to_thread=True, tags=TAGS,
     summary="Credit holds (state=held by default; state=released, or empty for all)")
def holds(request: Request, customer_id: int | None = None,
          hold_state: str = Parameter(query="state", default="held"), limit: int = 100,
          offset: int = 0) -> list[CreditHoldRead]:
    with unit(request) as (session, ctx):
        rows = actions.list_holds(session, ctx, customer_id=customer_id, state=hold_state or None,
                                  limit=min(limit, 1000), offset=offset)
        return [CreditHoldRead.model_validate(row) for row in rows]


@post("/api/orders/{order_id:int}/credit-hold", operation_id="hold_order_for_credit", sync_to_thread=True,
      tags=TAGS, summary="Put an order on credit hold by hand (finance post)")
def hold_order(request: Request, order_id: int, data: HoldRequest | None = None) -> CreditHoldRead:
    with unit(request, write=True) as (session, ctx):
        return CreditHoldRead.model_validate(actions.hold_order(session, ctx, order_id, (data or HoldRequest()).reason))


@post("/api/credit-holds/{hold_id:int}/release", operation_id="release_credit_hold", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Release a held order: it can be delivered and invoiced (finance post)")
def release(request: Request, hold_id: int, data: Note | None = None) -> CreditHoldRead:
    with unit(request, write=True) as (session, ctx):
        return CreditHoldRead.model_validate(actions.release_hold(session, ctx, hold_id, (data or Note()).note))


@get("/api/credit-risk/settings", operation_id="credit_risk_settings", sync_to_thread=True, tags=TAGS,
     summary="The credit check's settings: on/off, warning percentage, which parts count")
def settings(request: Request) -> RiskSettings:
    with unit(request) as (session, ctx):
        return get_risk_settings(session, ctx)


@put("/api/credit-risk/settings", operation_id="put_credit_risk_settings", sync_to_thread=True, tags=TAGS,
     summary="Replace the credit check's settings (finance admin), audited")
def replace_settings(request: Request, data: RiskSettings) -> RiskSettings:
    with unit(request, write=True) as (session, ctx):
        return put_risk_settings(session, ctx, data)


HANDLERS = [credit_status, block, unblock, redefine_limit, hold_orders_on, hold_orders_off, document_check, holds,
            hold_order, release, settings, replace_settings]
