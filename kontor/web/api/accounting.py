"""The accounting transfer over HTTP: invoice journals, DATEV settings, the DATEV export and
the transfer that closes a period. The transfer's answer names its id and run and, in
`X-Kontor-Drafts-Left`, how many unposted invoices dated in the period stay out of the files.

Thin handlers around kontor.core.finance (journals, datev, transfers), one unit of work each.
The export and the transfer answer with a zip of the DATEV files; the transfer's zip is
built inside its transaction, so a period is closed only together with the files that
left. A second transfer of the period answers 409 unless `repeat` is true.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

from litestar import Request, Response, get, post, put
from litestar.params import Parameter
from pydantic import BaseModel, ConfigDict, Field

from kontor.core.finance.datev import write_zip
from kontor.core.finance.datev_settings import (
    DatevSettings,
    get_datev_settings,
    put_datev_settings,
)
from kontor.core.finance.journals import AccountSum, JournalEntry, Sums, account_summary, journal
from kontor.core.finance.transfers import (
    drafts_left,
    export_period,
    list_transfers,
    transfer_period,
)
from kontor.web.units import unit

TAGS = ["accounting"]
FROM = Parameter(query="from", description="first day of the period, YYYY-MM-DD")
TO = Parameter(query="to", description="last day of the period, YYYY-MM-DD")


class TransferRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    period_from: date
    period_to: date
    kind: str
    run: int
    transferred_at: datetime
    transferred_by: str
    sales_documents: int
    sales_gross: Decimal
    purchase_documents: int
    purchase_gross: Decimal
    checksums: dict[str, str]


class JournalRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    side: str
    period_from: date
    period_to: date
    total: Sums
    by_kind: list[Sums]
    by_category: list[Sums] = Field(description="net revenue per order category; '***' without one")
    entries: list[JournalEntry]
    transfers: list[TransferRead] = Field(description="transfers that closed this period or part of it")


class TransferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")
    repeat: bool = Field(default=False, description="transfer a period (or one overlapping it) again, on purpose")


def _zip(content: bytes, name: str, headers: dict[str, str] | None = None) -> Response:
    return Response(content, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', **(headers or {})})


@get("/api/accounting/journals/{side:str}", operation_id="invoice_journal", sync_to_thread=True, tags=TAGS,
     summary="The outgoing or incoming invoice journal of a period: totals, per kind, per category, entries")
def get_journal(request: Request, side: str, period_from: date = FROM, period_to: date = TO,
                limit: int = Parameter(default=100, ge=1, le=1000), offset: int = Parameter(default=0, ge=0)
                ) -> JournalRead:
    with unit(request) as (session, ctx):
        return JournalRead.model_validate(journal(session, ctx, side, period_from, period_to, limit=limit,
                                                  offset=offset))


@get("/api/accounting/journals/{side:str}/accounts", operation_id="invoice_journal_accounts", sync_to_thread=True,
     tags=TAGS, summary="What the DATEV batch of the period books, summed per account, contra account and BU key")
def get_journal_accounts(request: Request, side: str, period_from: date = FROM, period_to: date = TO
                         ) -> list[AccountSum]:
    with unit(request) as (session, ctx):
        return account_summary(session, ctx, side, period_from, period_to)


@get("/api/accounting/datev-settings", operation_id="get_datev_settings", sync_to_thread=True, tags=TAGS,
     summary="The tenant's DATEV settings: consultant and client number, account length, accounts")
def read_settings(request: Request) -> DatevSettings:
    with unit(request) as (session, ctx):
        return get_datev_settings(session, ctx)


@put("/api/accounting/datev-settings", operation_id="put_datev_settings", sync_to_thread=True, tags=TAGS,
     summary="Replace the DATEV settings (fields left out take their defaults)")
def write_settings(request: Request, data: DatevSettings) -> DatevSettings:
    with unit(request, write=True) as (session, ctx):
        return put_datev_settings(session, ctx, data)


@get("/api/accounting/datev-export", operation_id="datev_export", sync_to_thread=True, tags=TAGS,
     summary="The DATEV files of a period as a zip, without closing it", media_type="application/zip")
def datev_export(request: Request, period_from: date = FROM, period_to: date = TO) -> Response:
    buffer = io.BytesIO()
    with unit(request) as (session, ctx):
        export_period(session, ctx, period_from, period_to, lambda export: write_zip(export, buffer))
    return _zip(buffer.getvalue(), f"DATEV_{period_from:%Y%m%d}_{period_to:%Y%m%d}.zip")


@post("/api/accounting/transfers", operation_id="transfer_period", sync_to_thread=True, tags=TAGS, status_code=201,
      summary="Transfer a period to accounting: the DATEV files as a zip; the period's invoices are fixed from now on",
      media_type="application/zip")
def post_transfer(request: Request, data: TransferRequest) -> Response:
    buffer = io.BytesIO()
    with unit(request, write=True) as (session, ctx):
        transfer, _ = transfer_period(session, ctx, data.period_from, data.period_to,
                                      lambda export: write_zip(export, buffer), repeat=data.repeat)
        headers = {"X-Kontor-Transfer-Id": str(transfer.id), "X-Kontor-Transfer-Run": str(transfer.run),
                   "X-Kontor-Drafts-Left": str(drafts_left(session, ctx.tenant_id, data.period_from,
                                                           data.period_to))}
        name = f"DATEV_{data.period_from:%Y%m%d}_{data.period_to:%Y%m%d}_{transfer.run}.zip"
    response = _zip(buffer.getvalue(), name, headers)
    response.status_code = 201
    return response


@get("/api/accounting/transfers", operation_id="list_transfers", sync_to_thread=True, tags=TAGS,
     summary="Every transfer so far: period, run, when, by whom, totals and file checksums")
def get_transfers(request: Request) -> list[TransferRead]:
    with unit(request) as (session, ctx):
        return [TransferRead.model_validate(row) for row in list_transfers(session, ctx)]


HANDLERS = [get_journal, get_journal_accounts, read_settings, write_settings, datev_export, get_transfers,
            post_transfer]
