"""Stock over HTTP: opening stock, levels, the movements of an article, key-date stock list."""

from datetime import date
from decimal import Decimal

from litestar import Request, get, post
from pydantic import BaseModel, Field

from kontor.core.stock.queries import movements, on_hand
from kontor.core.stock.services import StockRow, book_opening_stock, stock_list
from kontor.web.units import unit

TAGS = ["stock"]


class OpeningStock(BaseModel):
    article_id: int
    quantity: Decimal = Field(gt=0, max_digits=18, decimal_places=4)
    on: date
    unit_cost: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=4)


class MoveRead(BaseModel):
    id: int
    moved_on: date
    symbol: str
    document_number: str
    document_id: int | None
    warehouse_id: int
    quantity: Decimal
    unit_cost: Decimal
    serial: str


class StockListRead(BaseModel):
    on: date
    rows: list[StockRow]
    purchase_value: Decimal
    sales_value: Decimal


@post("/api/stock/opening", operation_id="book_opening_stock", sync_to_thread=True, tags=TAGS, summary="Book the opening stock of an article")
def opening(request: Request, data: OpeningStock) -> MoveRead:
    with unit(request, write=True) as (session, ctx):
        move = book_opening_stock(session, ctx, data.article_id, data.quantity, data.on, data.unit_cost)
        return MoveRead.model_validate(move, from_attributes=True)


class ArticleStock(BaseModel):
    article_id: int
    on_hand: Decimal
    movements: list[MoveRead]


@get("/api/stock/articles/{article_id:int}", operation_id="article_stock", sync_to_thread=True, tags=TAGS,
     summary="Stock on hand and the ledger of one article")
def article_stock(request: Request, article_id: int, since: date | None = None, until: date | None = None) -> ArticleStock:
    with unit(request) as (session, ctx):
        moves = movements(session, ctx, article_id, since, until)
        return ArticleStock(article_id=article_id, on_hand=on_hand(session, ctx, article_id),
                            movements=[MoveRead.model_validate(m, from_attributes=True) for m in moves])


@get("/api/stock/list", operation_id="stock_list", sync_to_thread=True, tags=TAGS, summary="Stock and its value per article on a key date")
def key_date_list(request: Request, on: date, warehouse_id: int | None = None, limit: int = 1000,
                  offset: int = 0) -> StockListRead:
    with unit(request) as (session, ctx):
        rows, purchase, sales = stock_list(session, ctx, on, warehouse_id=warehouse_id, limit=min(limit, 10000),
                                           offset=offset)
    return StockListRead(on=on, rows=rows, purchase_value=purchase,
                         sales_value=sales)


HANDLERS = [opening, article_stock, key_date_list]
