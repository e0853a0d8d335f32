"""Dunning over HTTP: levels, preview, runs, letters (and their print), blocks, history.

Thin handlers around kontor.core.finance.dunning*, one unit of work each. A run is
idempotent by its key date (and customer): repeating the POST answers the stored run with
`repeated: true`. The printing of documents (kontor.web.api.printing) rides in this router.
"""

from datetime import date
from decimal import Decimal

from litestar import Request, Response, delete, get, post, put
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.finance.dunning import (
    DunningProposal,
    ItemProposal,
    RunResult,
    get_run,
    item_history,
    list_letters,
    list_runs,
    preview_dunning,
    run_dunning,
)
from kontor.core.finance.dunning_blocks import (
    block_customer,
    list_blocks,
    set_item_block,
    unblock_customer,
)
from kontor.core.finance.dunning_levels import LevelInput, list_levels, set_levels
from kontor.core.finance.dunning_print import print_letter
from kontor.core.masterdata.parties.models import Customer
from kontor.web.api import printing as printing_api
from kontor.web.units import unit

TAGS = ["dunning"]


class LevelRead(LevelInput):
    model_config = ConfigDict(from_attributes=True)

    id: int


class LevelsInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    levels: list[LevelInput] = Field(description="every level, numbered 1, 2, 3, ...; levels left out are removed")


class LetterProposalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    customer_id: int
    customer_number: str
    name1: str
    currency_code: str
    level: int
    level_name: str
    open_total: Decimal
    interest: Decimal
    fee: Decimal
    total: Decimal
    pay_by: date
    text: str
    items: list[ItemProposal]


class PreviewRead(BaseModel):
    key_date: date
    items: int
    fees: Decimal
    interest: Decimal
    letters: list[LetterProposalRead]


class LetterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    run_id: int
    customer_id: int
    customer_number: str
    name1: str
    letter_date: date
    level: int
    level_name: str
    currency_code: str
    open_total: Decimal
    interest: Decimal
    fee: Decimal
    total: Decimal
    pay_by: date
    text: str


class RunSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key_date: date
    batch_key: str
    username: str
    letters: int
    items: int
    fees: Decimal
    interest: Decimal


class RunRead(RunSummary):
    repeated: bool = Field(description="true: this run was made before; nothing was written now")
    letter_list: list[LetterRead]


class RunRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key_date: date = Field(description="dun what is overdue on this day; one run per day (and customer)")
    customer_id: int | None = Field(default=None, description="only this customer")


class EntryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    run_id: int
    letter_id: int
    level: int
    dunned_on: date
    days_overdue: int
    open_amount: Decimal
    interest_percent: Decimal
    interest: Decimal


class ItemDunningRead(BaseModel):
    open_item_id: int
    number: str
    due_date: date
    open_amount: Decimal
    state: str
    dunning_level: int
    last_dunned_on: date | None
    dunning_block: bool
    history: list[EntryRead]


class ItemBlockInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=200)


class CustomerBlockInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=200)
    until: date | None = Field(default=None, description="empty: until lifted")


class CustomerBlockRead(BaseModel):
    customer_id: int
    customer_number: str
    name1: str
    reason: str
    until: date | None
    username: str


class BlocksRead(BaseModel):
    customers: list[CustomerBlockRead]
    items: list[ItemDunningRead]


def _run_read(result: RunResult) -> RunRead:
    return RunRead(**RunSummary.model_validate(result.run).model_dump(), repeated=result.repeated,
                   letter_list=[LetterRead.model_validate(letter) for letter in result.letters])


def _preview_read(proposal: DunningProposal) -> PreviewRead:
    return PreviewRead(key_date=proposal.key_date, items=proposal.items, fees=proposal.fees,
                       interest=proposal.interest,
                       letters=[LetterProposalRead.model_validate(letter) for letter in proposal.letters])


def _item_read(item, entries) -> ItemDunningRead:
    return ItemDunningRead(open_item_id=item.id, number=item.number, due_date=item.due_date,
                           open_amount=item.open_amount, state=item.state, dunning_level=item.dunning_level,
                           last_dunned_on=item.last_dunned_on, dunning_block=item.dunning_block,
                           history=[EntryRead.model_validate(entry) for entry in entries])


@get("/api/dunning/levels", operation_id="list_dunning_levels", sync_to_thread=True, tags=TAGS,
     summary="The dunning levels: days, fee, interest, letter text")
def get_levels(request: Request) -> list[LevelRead]:
    with unit(request) as (session, ctx):
        return [LevelRead.model_validate(level) for level in list_levels(session, ctx)]


@put("/api/dunning/levels", operation_id="set_dunning_levels", sync_to_thread=True, tags=TAGS,
     summary="Replace the dunning levels")
def put_levels(request: Request, data: LevelsInput) -> list[LevelRead]:
    with unit(request, write=True) as (session, ctx):
        return [LevelRead.model_validate(level) for level in set_levels(session, ctx, data.levels)]


@get("/api/dunning/preview", operation_id="preview_dunning", sync_to_thread=True, tags=TAGS,
     summary="The letters a run on a key date would write; writes nothing")
def get_preview(request: Request, on: date, customer_id: int | None = None) -> PreviewRead:
    with unit(request) as (session, ctx):
        return _preview_read(preview_dunning(session, ctx, on, customer_id))


@post("/api/dunning/runs", operation_id="run_dunning", sync_to_thread=True, tags=TAGS,
      summary="Dun the overdue items on a key date: letters, history, new levels")
def post_run(request: Request, data: RunRequest) -> RunRead:
    with unit(request, write=True) as (session, ctx):
        return _run_read(run_dunning(session, ctx, data.key_date, data.customer_id))


@get("/api/dunning/runs", operation_id="list_dunning_runs", sync_to_thread=True, tags=TAGS,
     summary="The dunning runs, latest first")
def get_runs(request: Request, limit: int = 100, offset: int = 0) -> list[RunSummary]:
    with unit(request) as (session, ctx):
        return [RunSummary.model_validate(run) for run in list_runs(session, ctx, min(limit, 1000), offset)]


@get("/api/dunning/runs/{run_id:int}", operation_id="read_dunning_run", sync_to_thread=True, tags=TAGS,
     summary="A dunning run with its letters")
def get_one_run(request: Request, run_id: int) -> RunRead:
    with unit(request) as (session, ctx):
        return _run_read(get_run(session, ctx, run_id))


@get("/api/dunning/letters", operation_id="list_dunning_letters", sync_to_thread=True, tags=TAGS,
     summary="Dunning letters, of a customer or a run")
def get_letters(request: Request, customer_id: int | None = None, run_id: int | None = None, limit: int = 100,
                offset: int = 0) -> list[LetterRead]:
    with unit(request) as (session, ctx):
        return [LetterRead.model_validate(letter) for letter in
                list_letters(session, ctx, customer_id=customer_id, run_id=run_id, limit=min(limit, 1000),
                             offset=offset)]


@get("/api/dunning/letters/{letter_id:int}/print", operation_id="print_dunning_letter", sync_to_thread=True,
     media_type=printing_api.HTML,
     tags=TAGS + ["printing"],
     summary="The dunning letter printed as HTML, plain text (?format=text) or PDF (?format=pdf)")
def print_letter_handler(request: Request, letter_id: int, format: str = "html") -> Response[bytes]:
    with unit(request) as (session, ctx):
        printed = print_letter(session, ctx, letter_id, format)
    return printing_api.printed_response(printed, f"dunning-letter-{letter_id}")


@get("/api/dunning/items/{open_item_id:int}", operation_id="open_item_dunning", sync_to_thread=True, tags=TAGS,
     summary="An open item's dunning level, block and history")
def get_item(request: Request, open_item_id: int) -> ItemDunningRead:
    with unit(request) as (session, ctx):
        return _item_read(*item_history(session, ctx, open_item_id))


@post("/api/dunning/items/{open_item_id:int}/block", operation_id="block_open_item_dunning", sync_to_thread=True,
      tags=TAGS, status_code=200, summary="Never dun this open item until the block is lifted")
def post_item_block(request: Request, open_item_id: int, data: ItemBlockInput | None = None) -> ItemDunningRead:
    with unit(request, write=True) as (session, ctx):
        set_item_block(session, ctx, open_item_id, True, (data or ItemBlockInput()).reason)
        return _item_read(*item_history(session, ctx, open_item_id))


@delete("/api/dunning/items/{open_item_id:int}/block", operation_id="unblock_open_item_dunning",
        sync_to_thread=True, tags=TAGS, status_code=200, summary="Dun this open item again")
def delete_item_block(request: Request, open_item_id: int) -> ItemDunningRead:
    with unit(request, write=True) as (session, ctx):
        set_item_block(session, ctx, open_item_id, False)
        return _item_read(*item_history(session, ctx, open_item_id))


@put("/api/dunning/customers/{customer_id:int}/block", operation_id="block_customer_dunning", sync_to_thread=True,
     tags=TAGS, summary="Do not dun a customer (until a day, or until lifted)")
def put_customer_block(request: Request, customer_id: int, data: CustomerBlockInput) -> CustomerBlockRead:
    with unit(request, write=True) as (session, ctx):
        block = block_customer(session, ctx, customer_id, data.reason, data.until)
        return next(_customer_block_reads([(block, session.get(Customer, customer_id))]))


@delete("/api/dunning/customers/{customer_id:int}/block", operation_id="unblock_customer_dunning",
        sync_to_thread=True, tags=TAGS, status_code=204, summary="Lift a customer's dunning block")
def delete_customer_block(request: Request, customer_id: int) -> None:
    with unit(request, write=True) as (session, ctx):
        unblock_customer(session, ctx, customer_id)


def _customer_block_reads(rows):
    for block, customer in rows:
        yield CustomerBlockRead(customer_id=block.customer_id, customer_number=customer.number,
                                name1=customer.name1, reason=block.reason, until=block.until, username=block.username)


@get("/api/dunning/blocks", operation_id="list_dunning_blocks", sync_to_thread=True, tags=TAGS,
     summary="Blocked customers (in force on ?on= when given) and blocked open items")
def get_blocks(request: Request, on: date | None = None) -> BlocksRead:
    with unit(request) as (session, ctx):
        blocks = list_blocks(session, ctx, on)
        return BlocksRead(customers=list(_customer_block_reads(blocks.customers)),
                          items=[_item_read(item, []) for item in blocks.items])


HANDLERS = [get_levels, put_levels, get_preview, post_run, get_runs, get_one_run, get_letters, print_letter_handler,
            get_item, post_item_block, delete_item_block, put_customer_block, delete_customer_block, get_blocks,
            *printing_api.HANDLERS]
