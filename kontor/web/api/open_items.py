"""Open items, payments, the ageing list, invoice payment states and credit reports over HTTP.

Thin handlers around kontor.core.finance (payments, item_lists, ageing, credit_reports), one
unit of work each; the POSTs that create something honour an `Idempotency-Key`, so a retried
payment is never booked twice. The GET of a path comes before its POST (see invoicing_api).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from litestar import Request, get, post
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session, select

from kontor.core.finance.ageing import AgeingRow, ageing
from kontor.core.finance.credit_reports import add_credit_report, credit_reports
from kontor.core.finance.item_lists import (
    INVOICE_STATES,
    InvoiceRow,
    ItemFilter,
    ItemRow,
    count_open_items,
    list_invoices,
    list_open_items,
    parse_states,
)
from kontor.core.finance.models import OPEN_ITEM_STATES, OpenItem
from kontor.core.finance.payment_models import Payment, PaymentAllocation
from kontor.core.finance.payment_schemas import CreditReportIn, CreditUse, PaymentIn, ReversalIn, WriteOffIn
from kontor.core.finance.payments import (
    allocations_of,
    apply_credit,
    enter_payment,
    get_payment,
    item_allocations,
    list_payments,
    reversal_of,
    reverse_payment,
    write_off,
)
from kontor.web.idempotency import idempotent_post
from kontor.web.units import unit

TAGS = ["open items"]
MAX_PAGE = 10000


class AllocationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    payment_id: int | None
    open_item_id: int
    item_number: str
    kind: str
    amount: Decimal
    allocated_on: date
    reason: str
    reverses_id: int | None


class PaymentSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    paid_on: date
    amount: Decimal
    unallocated: Decimal
    method: str
    bank_id: int | None
    reference: str
    note: str
    reverses_id: int | None
    entered_by: str


class PaymentRead(PaymentSummary):
    reversed_by_id: int | None
    allocations: list[AllocationRead]


class AgeingRead(BaseModel):
    on: date
    customers: int
    rows: list[AgeingRow]
    total: AgeingRow


class InvoiceStatesRead(BaseModel):
    counts: dict[str, int]
    rows: list[InvoiceRow]


class CreditReportRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    reported_on: date
    agency: str
    rating: str
    recommended_limit: Decimal | None
    note: str
    limit_applied: bool
    entered_by: str


def payment_read(session: Session, payment: Payment) -> PaymentRead:
    allocations = allocations_of(session, payment.id)
    numbers = dict(session.execute(select(OpenItem.id, OpenItem.number).where(
        OpenItem.id.in_({a.open_item_id for a in allocations}))).all()) if allocations else {}
    counter = reversal_of(session, payment.id)
    return PaymentRead(
        **PaymentSummary.model_validate(payment).model_dump(),
        reversed_by_id=counter.id if counter else None,
        allocations=[_allocation_read(a, numbers[a.open_item_id]) for a in allocations],
    )


def _allocation_read(allocation: PaymentAllocation, number: str) -> AllocationRead:
    return AllocationRead(item_number=number, **{k: getattr(allocation, k) for k in AllocationRead.model_fields
                                                  if k != "item_number"})


# -- payments ------------------------------------------------------------------------------------


@get("/api/payments", operation_id="list_payments", sync_to_thread=True, tags=TAGS,
     summary="Payments, newest first, by customer and date")
def payments_list(request: Request, customer_id: int | None = None, since: date | None = None,
                  until: date | None = None, limit: int = 100, offset: int = 0) -> list[PaymentSummary]:
    with unit(request) as (session, ctx):
        rows = list_payments(session, ctx, customer_id, since, until, min(limit, MAX_PAGE), offset)
        return [PaymentSummary.model_validate(p) for p in rows]


@post("/api/payments", operation_id="enter_payment", sync_to_thread=True, tags=TAGS,
      summary="Enter a payment and allocate it to open items (partly, with cash discount, write-off of the rest)")
def payments_create(request: Request, data: PaymentIn) -> PaymentRead:
    return idempotent_post(request, data, lambda session, ctx: payment_read(session, enter_payment(session, ctx, data)))


@get("/api/payments/{payment_id:int}", operation_id="read_payment", sync_to_thread=True, tags=TAGS,
     summary="A payment with its allocations")
def payments_read(request: Request, payment_id: int) -> PaymentRead:
    with unit(request) as (session, ctx):
        return payment_read(session, get_payment(session, ctx, payment_id))


@post("/api/payments/{payment_id:int}/allocations", operation_id="apply_payment_credit", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Apply what stayed unallocated of a payment (credit) to open items")
def payments_apply(request: Request, payment_id: int, data: CreditUse) -> PaymentRead:
    def operation(session, ctx):
        return payment_read(session, apply_credit(session, ctx, payment_id, data.allocations,
                                                  data.on or date.today()))

    return idempotent_post(request, data, operation, status_code=200)


@post("/api/payments/{payment_id:int}/reverse", operation_id="reverse_payment", sync_to_thread=True, tags=TAGS,
      summary="Reverse a payment by a counter-entry; the items it settled are open again")
def payments_reverse(request: Request, payment_id: int, data: ReversalIn) -> PaymentRead:
    def operation(session, ctx):
        return payment_read(session, reverse_payment(session, ctx, payment_id, data.on or date.today(), data.reason))

    return idempotent_post(request, data, operation)


# -- open items ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenItemPage:
    """A page of open items in the list shape of every list: items, total, limit, offset."""

    items: list[ItemRow]
    total: int
    limit: int
    offset: int


@get("/api/open-items", operation_id="list_open_items", sync_to_thread=True, tags=TAGS,
     summary="Open items by state (open, partly_paid, paid; comma-separated), customer and due date")
def open_items_list(request: Request, customer_id: int | None = None,
                    item_state: str | None = Parameter(query="state", default=None,
                                                       description="open, partly_paid, paid (comma-separated)"),
                    due_from: date | None = None, due_to: date | None = None, overdue_on: date | None = None,
                    kind: str | None = None, limit: int = 100, offset: int = 0) -> OpenItemPage:
    selection = ItemFilter(customer_id=customer_id,
                           states=parse_states(item_state, OPEN_ITEM_STATES, ("open", "partly_paid")),
                           due_from=due_from, due_to=due_to, overdue_on=overdue_on, kind=kind)
    limit = min(limit, MAX_PAGE)
    with unit(request) as (session, ctx):
        rows = list_open_items(session, ctx, selection, limit, offset)
        total = count_open_items(session, ctx, selection)
    return OpenItemPage(items=rows, total=total, limit=limit, offset=offset)


class OpenItemDetail(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    document_id: int
    customer_id: int | None
    kind: str
    number: str
    doc_date: date
    due_date: date
    amount: Decimal
    open_amount: Decimal
    state: str
    cash_discount_base: Decimal
    cash_discount1_date: date | None
    cash_discount1_percent: Decimal
    cash_discount2_date: date | None
    cash_discount2_percent: Decimal
    dunning_level: int
    allocations: list[AllocationRead]


@get("/api/open-items/{item_id:int}", operation_id="read_open_item", sync_to_thread=True, tags=TAGS,
     summary="An open item with everything allocated to it")
def open_items_read(request: Request, item_id: int) -> OpenItemDetail:
    with unit(request) as (session, ctx):
        item, allocations = item_allocations(session, ctx, item_id)
        fields = {k: getattr(item, k) for k in OpenItemDetail.model_fields if k != "allocations"}
        return OpenItemDetail(**fields, allocations=[_allocation_read(a, item.number) for a in allocations])


@post("/api/open-items/{item_id:int}/write-off", operation_id="write_off_open_item", sync_to_thread=True,
      tags=TAGS, summary="Write off (part of) what an item has open, with a reason")
def open_items_write_off(request: Request, item_id: int, data: WriteOffIn) -> AllocationRead:
    def operation(session, ctx):
        allocation = write_off(session, ctx, item_id, data.amount, data.reason, data.on or date.today())
        session.flush()
        return _allocation_read(allocation, session.get(OpenItem, item_id).number)

    return idempotent_post(request, data, operation)


@get("/api/open-items/ageing", operation_id="open_items_ageing", sync_to_thread=True, tags=TAGS,
     summary="The open-item list with ageing on a key date: per customer and in total")
def open_items_ageing(request: Request, on: date | None = None, customer_id: int | None = None, limit: int = 1000,
                      offset: int = 0) -> AgeingRead:
    with unit(request) as (session, ctx):
        result = ageing(session, ctx, on or date.today(), customer_id)
    page = result.rows[offset:offset + min(limit, MAX_PAGE)]
    return AgeingRead(on=result.on, customers=len(result.rows), rows=page,
                      total=result.total)


@get("/api/open-items/invoices", operation_id="invoice_payment_states", sync_to_thread=True, tags=TAGS,
     summary="Invoices and credit notes by payment state: open (draft), posted, partly_paid, paid")
def invoice_states(request: Request, customer_id: int | None = None,
                   since: date | None = None, until: date | None = None, due_from: date | None = None,
                   due_to: date | None = None, limit: int = 100, offset: int = 0,
                   invoice_state: str | None = Parameter(query="state", default=None,
                                                         description="open (draft), posted, partly_paid, paid")
                   ) -> InvoiceStatesRead:
    states = parse_states(invoice_state, INVOICE_STATES, INVOICE_STATES)
    with unit(request) as (session, ctx):
        rows, counts = list_invoices(session, ctx, states, customer_id, since, until, due_from, due_to,
                                     min(limit, MAX_PAGE), offset)
    return InvoiceStatesRead(counts=counts, rows=rows)


# -- credit reports ------------------------------------------------------------------------------


@get("/api/customers/{customer_id:int}/credit-reports", operation_id="list_credit_reports", sync_to_thread=True,
     tags=TAGS, summary="What credit agencies reported about a customer, newest first")
def credit_reports_list(request: Request, customer_id: int) -> list[CreditReportRead]:
    with unit(request) as (session, ctx):
        return [CreditReportRead.model_validate(r) for r in credit_reports(session, ctx, customer_id)]


@post("/api/customers/{customer_id:int}/credit-reports", operation_id="add_credit_report", sync_to_thread=True,
      tags=TAGS, summary="Record a credit agency's report (rating, recommended limit); optionally apply the limit")
def credit_reports_add(request: Request, customer_id: int, data: CreditReportIn) -> CreditReportRead:
    return idempotent_post(request, data, lambda session, ctx: CreditReportRead.model_validate(
        add_credit_report(session, ctx, customer_id, data)))


HANDLERS = [payments_list, payments_create, payments_read, payments_apply, payments_reverse, open_items_list,
            open_items_read, open_items_write_off, open_items_ageing, invoice_states, credit_reports_list, credit_reports_add]
