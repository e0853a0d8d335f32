"""Every extension point of kontor.

Each hook says when it runs, what it gets, what it may return, and whether the first
answer wins (`firstresult`). Hooks are called through the hook relay of one tenant, so a
plugin that is installed but not enabled for that tenant is never asked; the registration
hooks are the exception: they run once per process, for every installed plugin, and kontor
then guards what they registered by the tenant's plugin list.

The core's own behaviour is written as default implementations in `kontor.core.defaults`
(marked `trylast`), so a plugin replaces it the same way the core provides it.

A plugin implements a hook with a module-level function of the same name, decorated with
`kontor.api.hookimpl`; it may accept any subset of the arguments listed here. The reference
with an example and the tests of every hook is docs/hooks.md (written by
docs/hooks_reference.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from pathlib import Path

    import click
    from pydantic import BaseModel
    from sqlmodel import Session

    from kontor.core.context import Context
    from kontor.core.documents.models import DocumentLine
    from kontor.core.documents.pricing import PriceQuote, PriceRequest
    from kontor.core.masterdata.articles.models import Article
    from kontor.core.stock.models import StockMove
    from kontor.core.users.permissions import ProgramPart
    from kontor.errors import Problem

hookspec = pluggy.HookspecMarker("kontor")

# Hooks called after the commit (kontor.core.events.after_commit queues them, checked).
AFTER_COMMIT_EVENTS: set[str] = set()


def after_commit_event(spec):
    """Declare a hookspec as an event heard after the commit (a plugin's own events too:
    `@after_commit_event` above `@hookspec` in the module its PluginMeta names as `hookspecs`)."""
    AFTER_COMMIT_EVENTS.add(spec.__name__)
    return spec


# -- registration (once per process, for every installed plugin) -------------------------


@hookspec
def kontor_register_migrations() -> Path | str | None:
    """Return the folder that holds the plugin's alembic branch, or None.

    Runs when kontor builds its migration environment (`kontor db upgrade`). The branch's
    first revision carries the plugin's name as `branch_labels` and names the core revision
    it builds on in `depends_on`. Tables of a plugin carry its name as prefix.
    """


@hookspec
def kontor_register_routes() -> list[Any] | None:
    """Return litestar route handlers, controllers or routers of the plugin.

    Runs once when the web app is built. kontor mounts them under `/api/<plugin name>` and
    guards them: for a tenant that has not enabled the plugin they answer 404, and they
    need authentication like every other API route.
    """


@hookspec
def kontor_register_commands() -> list[click.Command] | None:
    """Return click commands or groups to add to the `kontor` command line.

    Runs once when the CLI starts. Each command runs only for a tenant (`kontor --tenant
    CODE ...`) that has enabled the plugin; otherwise kontor stops with a message naming
    plugin and tenant. Inside, `kontor.api.current_context()` gives the tenant's Context and
    `kontor.api.current_session()` the open write session (committed when the command ends).
    """


@hookspec
def kontor_register_permissions() -> list[ProgramPart] | None:
    """Return the program parts the plugin adds, each granted per role as read, write,
    post or admin (for example the point-of-sale plugin's `pos`).

    Runs once per process when kontor first needs the list of program parts (setting up a
    tenant's standard roles, granting a role); the admin role gets every part.
    """


@hookspec
def kontor_register_settings() -> type[BaseModel] | None:
    """Return the pydantic model of the plugin's settings per tenant, or None.

    Runs once per process when kontor collects the plugins' settings. Every field needs a
    default (a tenant that never set anything gets the defaults) and may carry constraints
    (`Field(ge=0)`, `Literal[...]`): a value breaking them is refused with 422 naming the
    field. A tenant's admin reads and changes them under `/api/plugins/<name>/settings`; the
    plugin reads them with `kontor.api.plugin_settings(session, ctx, "<name>")`.
    """


# -- decisions (the first non-None answer wins) --------------------------------------------


@hookspec(firstresult=True)
def kontor_unit_price(ctx: Context, session: Session, request: PriceRequest) -> PriceQuote | None:
    """Find the unit price and discount of an article for a customer, quantity and date.

    Runs whenever kontor prices a line or answers a price query. Return a PriceQuote to
    decide, or None to let the next implementation decide. Plugins run before the core's
    default, which takes the article's sales price in the customer's price class (1 to 5).
    Stops at the first non-None result.
    """


@hookspec(firstresult=True)
def kontor_select_warehouse(
    ctx: Context, session: Session, article: Article, quantity: Decimal, document_id: int | None
) -> int | None:
    """Decide the warehouse a stock movement books into or out of; return its id or None.

    Runs inside the posting transaction for every movement that does not name a warehouse
    already (delivery notes, returns, opening stock, ...); `quantity` is signed (negative
    leaves stock). The core's default answers with the company's default warehouse; the
    multi-warehouse plugin answers first. Stops at the first non-None result.
    """


@hookspec(firstresult=True)
def kontor_plan_stock_moves(ctx: Context, session: Session, document: Any, moves: list[Any]) -> list[Any] | None:
    """Plan the stock movements a document's lines post; return the MoveSpecs to post, or None.

    Runs inside the saving transaction whenever a stock-bearing document (delivery note,
    return, work report, ...) posts movements for its lines (created, converted, changed).
    `document` is the Document, `moves` the core's MoveSpecs (kontor.core.stock.ledger), one
    per line, with no warehouse and no location. Return a list to post instead: the same
    movements with warehouse and location set, more of them (a consignment delivery books
    into the customer's consignment stock too) or none (a drop shipment leaves our stock
    untouched). Every movement must keep its line's `document_line_id`, so a changed or
    deleted line takes all of them back. Stops at the first non-None result; None posts
    the core's movements, whose warehouse `kontor_select_warehouse` decides.
    """


@hookspec(firstresult=True)
def kontor_open_items(ctx: Context, session: Session, customer: Any) -> Decimal | None:
    """Give the customer's open balance (what the customer owes, gross, home currency).

    Runs inside the saving transaction whenever the credit check computes a customer's risk
    (an order, delivery note or invoice is created, changed or converted; the credit status
    is read). `customer` is the Customer row. An accounting plugin that keeps the open items
    in an external ledger returns that balance as a Decimal (credits negative); return None to
    let the next implementation answer. The core's default answers last with the sum of
    kontor's own open items. Stops at the first non-None result.
    """


@hookspec(firstresult=True)
def kontor_expand_stock_moves(ctx: Context, session: Session, document: Any, moves: list[Any]) -> list[Any] | None:
    """Replace a document's stock movements by others before they are planned and posted;
    return the MoveSpecs to use instead, or None.

    Runs inside the saving transaction whenever a stock-bearing document posts movements
    for its lines (created, converted, changed), before `kontor_plan_stock_moves`.
    `document` is the Document, `moves` the core's MoveSpecs, one per material line. The
    production plugin answers here for kits (SET articles): a kit has no stock of its own,
    so the movement of a kit line becomes one movement per component, each keeping the
    line's `document_line_id` (a changed or deleted line takes them all back). Stops at the
    first non-None result.

    Example::

        @hookimpl
        def kontor_expand_stock_moves(session, moves):
            kits = {a.id: a for a in session.scalars(select(Article).where(Article.number.like("KIT-%")))}
            out = []
            for move in moves:
                if move.article_id in kits:  # one kit = 2 screws
                    out.append(replace(move, article_id=SCREW_ID, quantity=move.quantity * 2))
                else:
                    out.append(move)
            return out
    """


@hookspec(firstresult=True)
def kontor_document_currency(ctx: Context, session: Session, document: Any, party: Any) -> str | None:
    """Choose the currency of a new document; return an ISO 4217 code, or None.

    Runs when a sales or purchase document is created from its party (customer or supplier),
    before its lines are priced; documents made from other documents (conversions, partial
    invoices, returns) keep the currency of their source instead. `document` is the new
    Document (header taken over, not yet priced), `party` the Customer or Supplier. The
    core's default answers last with the company's home currency, so without a plugin every
    document is in home currency; the foreign_currency plugin answers with the party's
    currency. A clerk who names a currency on the document overrides the answer. Stops at
    the first non-None result.

    Example (a plugin that bills every Swiss customer in CHF)::

        @hookimpl
        def kontor_document_currency(party):
            return "CHF" if party.country_code == "CH" else None
    """


@hookspec(firstresult=True)
def kontor_article_cost(ctx: Context, session: Session, article: Article, on: Any) -> Decimal | None:
    """Give the cost price per unit of an article for the calculation; return it, or None.

    Runs whenever a document line of an article is built without a cost price given (the
    line's `cost_price`, which the pre-calculation and the line calculation count). `on` is
    the document's date. The core's answer, when no plugin answers, is the article's landed
    cost, else its purchase price. The production plugin answers for kits and assemblies
    with the cost rolled up from their bill of material. Stops at the first non-None result.

    Example::

        @hookimpl
        def kontor_article_cost(article):
            if article.number.startswith("KIT-"):
                return Decimal("12.50")  # what the parts cost together
            return None
    """


@hookspec(firstresult=True)
def kontor_exchange_rate(ctx: Context, session: Session, currency_code: str, on: date, side: str) -> Decimal | None:
    """Give the exchange rate of a currency on a date: home currency per one unit of it.

    Runs whenever kontor converts between a document's (or payment's) currency and the home
    currency: a document's rate for its date (created, date or currency changed, converted),
    a payment's rate for its day, a supplier price in another currency. `side` is `selling`
    (sales documents, customer payments) or `buying` (purchase documents). Return a positive
    Decimal, or None to let the next implementation answer; an implementation may also raise
    Invalid naming the currency and the date when it keeps rates but has none for that day.
    The core's default answers last: 1 for the home currency, None for every other, and a
    None at the end is refused with 422 naming currency and date. Stops at the first non-None
    result.

    Example (a fixed rate for one currency)::

        @hookimpl
        def kontor_exchange_rate(currency_code):
            return Decimal("1.0650") if currency_code == "CHF" else None
    """


# -- line builders (every answer counts, in order) ---------------------------------------------


@hookspec
def kontor_line_for(
    ctx: Context, session: Session, kind: str, source: DocumentLine, source_kind: str, line: DocumentLine
) -> dict[str, Any] | None:
    """Change a line a conversion makes from a line of a predecessor; return the fields to set.

    Runs inside the converting transaction for every line the core's builder made
    (kontor.core.documents.builders: `order_line_for(quote_line)`,
    `delivery_line_for(order_line, quantity)`, `invoice_line_for(delivery_line, quantity)`,
    `credit_line_for(invoice_line, quantity)`, and the purchase side's twins, such as
    `receipt_line_for(purchase_order_line, quantity)`). `kind` is the new line's document kind,
    `source` the line it is made from (of kind `source_kind`), `line` the new line with the
    fields the builder carried, not yet saved. Return a dict of DocumentLine fields to set (a
    text, a price, a flag), or None. On the sales side `quantity` may lower what goes forward,
    from 0 up to what the builder offered: the invoiceable quantity (0 leaves the line out of
    the new document; it stays open for a later one). The line's identity and lineage (`id`,
    `document_id`, `position`, `source_line_id`, `order_line_id`) and its `net_amount`
    (computed from the result) cannot be set. Every answer is applied, in call order; an
    answer kontor refuses names the plugin.
    """


# -- checks (every answer counts) ----------------------------------------------------------


@hookspec
def kontor_validate(
    ctx: Context, session: Session, subject: str, action: str, record: Any, before: dict[str, Any] | None
) -> list[Problem] | None:
    """Check a record before it is saved; return the broken rules as Problems, or None.

    Runs inside the saving transaction for every create, update and delete of master data
    (subject is the resource name, e.g. `customers`; action is `create`, `update` or
    `delete`; `before` holds the stored values on update and delete) and for documents
    (subject `documents`; action `create`, `update`, `convert` or `post`; `record` is the
    Document with its lines flushed, `before` None). If any implementation returns a
    Problem, nothing is written and the caller gets HTTP 422 naming field and rule.
    """


# -- figures plugins add (every answer counts) ---------------------------------------------


@hookspec
def kontor_stock_symbols(ctx: Context) -> dict[str, Any] | None:
    """Return the stock-movement symbols the plugin posts, as {symbol: title}, or None.

    Runs whenever the ledger checks the symbol of a movement to post (`post_moves`) and
    when a reorder proposal sums consumption. Symbols are two characters; the core's own
    (LS, WE, ...) cannot be taken over. A value may be a title or a
    `kontor.core.stock.extensions.StockSymbol(title, consumption=True)`, whose outgoing
    movements count as consumption. Only the plugins enabled for the tenant are asked, so a
    disabled plugin's symbols are refused. Every answer counts.

    Example::

        @hookimpl
        def kontor_stock_symbols():
            return {"MA": StockSymbol("material issued to production", consumption=True),
                    "FZ": "finished goods received"}
    """


@hookspec
def kontor_planned_stock(ctx: Context, session: Session, article_ids: list[int] | None) -> list[Any] | None:
    """Return the movements the plugin expects for these articles, as a list of
    `kontor.core.stock.extensions.PlannedQuantity`, or None.

    Runs whenever kontor counts goods still to come or still to go: the availability query
    (planned goods due by the date asked about count in `available_on`, and are listed),
    the material plan (coming in beside open purchase orders, going out beside open customer
    demand) and reorder proposals (what comes in less what goes out counts beside the goods
    on order). `article_ids` None means every article. A PlannedQuantity's `quantity` is
    positive for goods coming in (finished goods of an open production order) and negative
    for goods going out (components the order still needs); `on` is when. Every answer counts.

    Example::

        @hookimpl
        def kontor_planned_stock(article_ids):
            return [PlannedQuantity(article_id=7, quantity=Decimal("5"), on=date(2026, 3, 9),
                                    source="workshop", reference="W-1")]
    """


@hookspec
def kontor_composed_stock(
    ctx: Context, session: Session, article_ids: list[int], warehouse_id: int | None, on: Any
) -> dict[int, Any] | None:
    """Say how many of these articles can be put together from their components' stock;
    return {article_id: `kontor.core.stock.extensions.ComposedStock`} for the articles that
    are made up of others (kits), or None.

    Runs when the availability query answers for an article (the answer's `composed`), when
    the delivery-note run decides what it can deliver, and when the processing status of a
    document lists the stock its lines need. `warehouse_id` None means all warehouses; `on`
    a date asks also for what is available by then. Every answer counts; for one article
    the first answer wins.

    Example::

        @hookimpl
        def kontor_composed_stock(article_ids):
            if KIT_ID not in article_ids:
                return None
            screws = free_stock(SCREW_ID)  # one kit = 2 screws
            return {KIT_ID: ComposedStock(article_id=KIT_ID, on_hand=screws // 2, available=screws // 2)}
    """


@hookspec
def kontor_document_status(ctx: Context, session: Session, document: Any, status: Any) -> dict[str, Any] | None:
    """Add details to the processing status of a document; return a dict, or None.

    Runs when the processing status of a document is read (`GET /api/documents/{id}/status`),
    after the core built `status` (ordered, delivered, invoiced per line, the stock needed).
    Every answer is merged into the status's `details`; for one key the first answer wins.
    The production plugin adds, for a customer order, the production orders serving its lines
    and whether production is done.

    Example::

        @hookimpl
        def kontor_document_status(document):
            if document.kind == "order":
                return {"packed": {"cartons": 3}}
            return None
    """


# -- printing (kontor.core.printing) ---------------------------------------------------------


@hookspec(firstresult=True)
def kontor_print_template(ctx: Context, kind: str, record: Any, output: str) -> str | Path | None:
    """Choose the jinja2 template a record is printed with; return its name or path, or None.

    Runs each time kontor prints: a document (`kind` is its kind, e.g. `invoice`, `record`
    the Document) or a dunning letter (`kind` `dunning_letter`, `record` the DunningLetter).
    `output` is `html` or `text`. Return a template name under `kontor/templates`, or the
    absolute Path of a template of the plugin (it may `{% extends %}` the core's templates).
    The core's default answers last with `<name>.<html|txt>.j2`: `document` for every
    document kind, `dunning_letter` for letters (or the template named by the letter's
    level). Stops at the first non-None result.
    """


@hookspec
def kontor_print_context(
    ctx: Context, session: Session, kind: str, record: Any, context: dict[str, Any], output: str
) -> dict[str, Any] | None:
    """Add values to the context a record is printed with; return a dict, or None.

    Runs inside the reading unit of work, after kontor built its own context (`company`,
    `title`, `output`, and per kind `document`, `lines`, `charges`, `taxes`, or `letter`,
    `items`), and before the template renders. `context` is that context, read-only. Every
    answer is merged into it; where two answers set the same key, the implementation
    called first (a `tryfirst` one, else the plugin registered last) wins.
    """


# -- events ------------------------------------------------------------------------------------


@hookspec
def kontor_stock_moves_posted(ctx: Context, session: Session, moves: list[StockMove]) -> None:
    """Movements were written to the stock ledger and the levels changed.

    Runs inside the posting transaction, after the rows are flushed, so an implementation
    may write more in the same transaction (a consignment stock, a production booking) or
    raise a KontorError to undo everything. The return value is ignored.
    """


@hookspec
def kontor_allocations_booked(ctx: Context, session: Session, payment: Any, allocations: list[Any]) -> None:
    """Allocations to open items were booked: a payment, cash discount, write-off or reversal.

    Runs inside the booking transaction, after the allocation rows are flushed and the items'
    open amounts lowered, so an implementation may record more in the same transaction (the
    foreign_currency plugin books the realised exchange difference of each allocation) or
    raise a KontorError to undo everything. `payment` is the Payment (None for a write-off
    without payment), `allocations` the PaymentAllocations just booked, each with its amount
    in the item's currency, `home_amount` (the book value in home currency it took off the
    item) and `home_paid` (what the money was worth in home currency at the payment's rate);
    a reversal's allocations name the allocation they undo in `reverses_id`. The return value
    is ignored.

    Example (a plugin that keeps a journal of what was settled)::

        @hookimpl
        def kontor_allocations_booked(ctx, session, allocations):
            for allocation in allocations:
                session.add(AcmeJournal(tenant_id=ctx.tenant_id, allocation_id=allocation.id))
    """


@after_commit_event
@hookspec
def kontor_document_created(ctx: Context, document_id: int, kind: str, number: str | None) -> None:
    """A document was created (directly or by a conversion) and committed.

    Runs after the commit, outside any transaction: open a unit of work (`ctx.db.write()`)
    to read or write.
    A failure here does not undo the document. The return value is ignored.
    """


@after_commit_event
@hookspec
def kontor_document_converted(ctx: Context, document_id: int, kind: str, source_document_ids: list[int]) -> None:
    """A document was made from the lines of other documents (quote to order, order to
    delivery note, delivery notes to invoice, ...) and committed. Runs after the commit,
    after `kontor_document_created`. The return value is ignored."""


@after_commit_event
@hookspec
def kontor_document_posted(ctx: Context, document_id: int, kind: str, number: str) -> None:
    """An invoice or credit note was posted (numbered, immutable from now on) and committed.

    Runs after the commit, outside any transaction (an EDI plugin sends the invoice here,
    a point-of-sale plugin signs it). The return value is ignored.
    """


@after_commit_event
@hookspec
def kontor_document_cancelled(ctx: Context, document_id: int, kind: str, number: str | None,
                              by_document_id: int | None) -> None:
    """A document was cancelled and committed: a purchase, internal or blanket order cancelled
    (`by_document_id` None), or an invoice corrected in full by a credit note
    (`by_document_id` the credit note). Runs after the commit, outside any transaction: open
    a unit of work (`ctx.db.write()`) to read or write. The return value is ignored.
    """
