"""Reorder proposals (Bestellvorschläge): which articles to order, how many, from whom.

A proposal is made from a selection (supplier, article main group, assortment, group,
series, warehouse), a trigger (free stock below the minimum or below the reorder level)
and a way to fill up: to a fixed quantity (the maximum stock, else the level that
triggered) or to what the article consumed (outgoing movements of the ledger over a chosen
period, per day, times the days to cover, times the seasonal factor of the month the goods
are for, plus the safety stock). What is counted against the target is the free stock
(on hand - reserved) plus what is on order and not received (open purchase orders without
goods receipt) and not promised to customers, plus what plugins plan to bring in less what
they plan to take out (kontor_planned_stock: the finished goods of open production orders,
less the components they still need).

Rounding: a proposed quantity is rounded up to whole units, then raised to the supplier's
minimum order quantity. The supplier is the article's main supplier, the cheapest one (net
price; the main supplier wins a tie), the one the selection names, or for an order's
shortage the one named on the customer order.

A proposal is edited line by line; `order_proposal` turns its lines into purchase orders,
one per supplier (or only for one supplier), and marks each line with its purchase order,
so running it again orders nothing twice. Everything is set-based: one grouped query for
the levels, one for the consumption, one for the goods on order, one for the suppliers,
and a bulk insert of the lines.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import func, insert, select
from sqlmodel import Session

from kontor.core.audit import record_change
from kontor.core.context import Context
from kontor.core.documents.models import Document
from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.purchasing.schemas import ProposalLineRead, ProposalRead, ProposalSupplierRead
from kontor.core.stock.extensions import consumption_symbols
from kontor.core.stock.models import StockLevel, StockMove
from kontor.core.stock.planning_models import ReorderProposal, ReorderProposalLine, Reservation
from kontor.core.users.permissions import Level
from kontor.errors import Conflict, Invalid, NotFound

ZERO = Decimal("0.0000")
PURCHASING = "purchasing"
# Outgoing movements that count as consumption (not returns to suppliers, transfers or stocktaking).
CONSUMPTION_SYMBOLS = ("LS", "RP", "BV", "KR", "KL", "PR")
CHUNK = 1000


class ProposalCriteria(BaseModel):
    supplier_id: int | None = Field(default=None, description="only articles this supplier delivers; order from it")
    main_group_id: int | None = None
    assortment_id: int | None = None
    group_id: int | None = None
    series_id: int | None = None
    warehouse_id: int | None = Field(default=None, description="count the stock of this warehouse only")
    trigger: str = Field(default="reorder", pattern="^(minimum|reorder)$",
                         description="minimum: free stock below the minimum; reorder: below the reorder level")
    fill: str = Field(default="fixed", pattern="^(fixed|consumption)$",
                      description="fixed: up to the maximum stock; consumption: what the ledger says is used")
    consumption_since: date | None = Field(default=None, description="consumption period; default the last 365 days")
    consumption_until: date | None = None
    coverage_days: int = Field(default=30, ge=1, le=730, description="consumption: days the order shall cover")
    seasonal_factors: dict[int, Decimal] = Field(default_factory=dict,
                                                 description="month (1-12) -> factor on the consumption")
    supplier_choice: str = Field(default="main", pattern="^(main|cheapest)$")
    delivery_date: date | None = Field(default=None, description="when the goods are needed (the season's month)")
    note: str = Field(default="", max_length=200)

    @field_validator("seasonal_factors")
    @classmethod
    def _months(cls, factors: dict[int, Decimal]) -> dict[int, Decimal]:
        for month, factor in factors.items():
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is not between 1 and 12")
            if factor < 0:
                raise ValueError(f"the factor of month {month} is below 0")
        return factors


class ProposalLineInput(BaseModel):
    """A line the clerk adds or changes; fields left out stay as they are."""

    article_id: int | None = None
    quantity: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=4)
    supplier_id: int | None = None
    unit_price: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=4)
    delivery_date: date | None = None


def create_proposal(session: Session, ctx: Context, criteria: ProposalCriteria) -> ReorderProposal:
    """A reorder proposal of every article of the selection whose stock falls below its level."""
    ctx.require(PURCHASING, Level.WRITE)
    if criteria.supplier_id is not None:
        _supplier(session, ctx, criteria.supplier_id, "supplier_id")
    proposal = _new_proposal(session, ctx, criteria.model_dump(mode="json"), criteria.note)
    candidates = _candidates(session, ctx.tenant_id, criteria)
    on_order = _on_order(session, ctx.tenant_id, [c["article_id"] for c in candidates])
    planned = _planned(session, ctx, [c["article_id"] for c in candidates])
    consumption = (_consumption(session, ctx.tenant_id, [c["article_id"] for c in candidates], criteria,
                                consumption_symbols(ctx, CONSUMPTION_SYMBOLS))
                   if criteria.fill == "consumption" else {})
    rows = []
    for c in candidates:
        free_on_order = on_order.get(c["article_id"], ZERO) + planned.get(c["article_id"], ZERO)
        have = c["on_hand"] - c["reserved"] + free_on_order
        level = c["min_stock"] if criteria.trigger == "minimum" else c["reorder_stock"]
        if have >= level:
            continue
        if criteria.fill == "fixed":
            target = c["max_stock"] if c["max_stock"] > 0 else level
            reason = f"below {criteria.trigger} stock {level.normalize():f}; up to {target.normalize():f}"
        else:
            target = consumption.get(c["article_id"], ZERO) + c["safety_stock"]
            reason = f"below {criteria.trigger} stock {level.normalize():f}; consumption for {criteria.coverage_days} days"
        rows.append(dict(article_id=c["article_id"], need=target - have, on_hand=c["on_hand"], reserved=c["reserved"],
                         on_order=free_on_order, target=target, reason=reason, warehouse_id=criteria.warehouse_id,
                         delivery_date=criteria.delivery_date))
    _insert_lines(session, ctx, proposal, rows, criteria.supplier_choice, criteria.supplier_id)
    return proposal


def proposal_for_needs(session: Session, ctx: Context, needs: list[dict], *, criteria: dict, note: str = "",
                       supplier_choice: str = "main", supplier_id: int | None = None) -> ReorderProposal:
    """A proposal of given needs (article_id, need, delivery_date, customer_order_id, reason):
    what an order or the material plan is missing."""
    ctx.require(PURCHASING, Level.WRITE)
    proposal = _new_proposal(session, ctx, criteria, note)
    _insert_lines(session, ctx, proposal, needs, supplier_choice, supplier_id)
    return proposal


def proposal_for_order(session: Session, ctx: Context, order_id: int, *, supplier_id: int | None = None,
                       supplier_choice: str = "main") -> ReorderProposal:
    """A proposal of what a customer order misses by its dates (after what can be reserved),
    ordered from the supplier named (given here, or on the order), else as chosen."""
    from kontor.core.stock.planning import reserve_order

    order = session.get(Document, order_id)
    if order is None or order.tenant_id != ctx.tenant_id or order.kind != "order":
        raise NotFound(f"no customer order with id {order_id}")
    supplier_id = supplier_id or order.supplier_id
    if supplier_id is not None:
        _supplier(session, ctx, supplier_id, "supplier_id")
    check = reserve_order(session, ctx, order_id, check_only=True)
    needs = [dict(article_id=line.article_id, need=line.missing, delivery_date=line.needed_on,
                  customer_order_id=order.id, reason=f"order {order.number} line {line.position}")
             for line in check.lines if line.missing > 0]
    if not needs:
        raise Conflict(f"order {order.number} misses nothing by its dates")
    return proposal_for_needs(session, ctx, needs, criteria={"customer_order_id": order.id},
                              note=f"order {order.number}", supplier_choice=supplier_choice, supplier_id=supplier_id)


def proposal_from_plan(session: Session, ctx: Context, *, until: date | None = None,
                       supplier_choice: str = "main") -> ReorderProposal:
    """A proposal of everything the material plan misses (open demand and safety stocks)."""
    from kontor.core.stock.planning import material_plan

    rows = material_plan(session, ctx, until=until, limit=10_000_000)
    needs = [dict(article_id=row.article_id, need=row.missing, on_hand=row.on_hand, reserved=row.reserved,
                  on_order=row.on_order - row.reserved_on_order, target=row.keep, delivery_date=until,
                  reason=f"material plan: demand {row.open_demand.normalize():f}") for row in rows]
    return proposal_for_needs(session, ctx, needs, criteria={"material_plan_until": str(until) if until else None},
                              note="material plan", supplier_choice=supplier_choice)


# -- reading and editing -------------------------------------------------------------------------


def get_proposal(session: Session, ctx: Context, proposal_id: int, *, for_update: bool = False) -> ReorderProposal:
    proposal = session.get(ReorderProposal, proposal_id, with_for_update=for_update)
    if proposal is None or proposal.tenant_id != ctx.tenant_id:
        raise NotFound(f"no reorder proposal with id {proposal_id}")
    return proposal


def proposal_lines(session: Session, ctx: Context, proposal_id: int) -> list[dict]:
    """The lines with article and supplier names, grouped by supplier (the list to order from)."""
    ctx.require(PURCHASING, Level.READ)
    get_proposal(session, ctx, proposal_id)
    rows = session.execute(
        select(ReorderProposalLine, Article.number, Article.description, Supplier.number, Supplier.name1)
        .join(Article, Article.id == ReorderProposalLine.article_id)
        .outerjoin(Supplier, Supplier.id == ReorderProposalLine.supplier_id)
        .where(ReorderProposalLine.proposal_id == proposal_id)
        .order_by(Supplier.number, Article.number, ReorderProposalLine.id))
    return [dict(line.model_dump(), article_number=number, description=description,
                 supplier_number=supplier_number or "", supplier_name=supplier_name or "")
            for line, number, description, supplier_number, supplier_name in rows]


def read_proposal(session: Session, ctx: Context, proposal_id: int) -> ProposalRead:
    """A proposal with its lines and the suppliers to order from: what the API answers."""
    proposal = get_proposal(session, ctx, proposal_id)
    lines = proposal_lines(session, ctx, proposal_id)
    return ProposalRead(id=proposal.id, state=proposal.state, criteria=proposal.criteria,
                        created_by=proposal.created_by, note=proposal.note,
                        suppliers=[ProposalSupplierRead(**entry) for entry in suppliers_of(lines)],
                        lines=[ProposalLineRead.model_validate(line) for line in lines])


def suppliers_of(lines: list[dict]) -> list[dict]:
    """The list of suppliers to order from (what the buyer clicks on): per supplier its lines,
    their value at the proposed prices (each line to the cent, half up) and whether all are ordered."""
    from kontor.core.documents.totals import cents

    summary: dict[int | None, dict] = {}
    for line in lines:
        entry = summary.setdefault(line["supplier_id"], dict(
            supplier_id=line["supplier_id"], supplier_number=line["supplier_number"],
            supplier_name=line["supplier_name"], lines=0, net_value=Decimal("0.0000"), ordered=True))
        entry["lines"] += 1
        entry["net_value"] += cents(line["quantity"] * line["unit_price"])
        entry["ordered"] = entry["ordered"] and line["purchase_order_id"] is not None
    return list(summary.values())


def update_line(session: Session, ctx: Context, proposal_id: int, line_id: int, data: ProposalLineInput) -> ReorderProposalLine:
    ctx.require(PURCHASING, Level.WRITE)
    line = _open_line(session, ctx, proposal_id, line_id)
    before = line.model_dump(mode="json")
    changes = data.model_dump(exclude_unset=True)
    if "article_id" in changes and changes["article_id"] != line.article_id:
        raise Invalid.field("article_id", "unchangeable", "a line keeps its article; remove it and add another")
    if changes.get("supplier_id") is not None:
        _supplier(session, ctx, changes["supplier_id"], "supplier_id")
        if "unit_price" not in changes:
            line.unit_price = _supplier_price(session, ctx.tenant_id, line.article_id, changes["supplier_id"])
    for name in ("quantity", "supplier_id", "unit_price", "delivery_date"):
        if name in changes:
            if name == "quantity" and changes[name] is None:
                raise Invalid.field("quantity", "required", "give a quantity above 0")
            setattr(line, name, changes[name])
    session.add(line)
    session.flush()
    record_change(session, ctx, "reorder_proposals", proposal_id, "update_line", before, line.model_dump(mode="json"))
    return line


def add_line(session: Session, ctx: Context, proposal_id: int, data: ProposalLineInput) -> ReorderProposalLine:
    ctx.require(PURCHASING, Level.WRITE)
    proposal = get_proposal(session, ctx, proposal_id, for_update=True)
    if data.article_id is None:
        raise Invalid.field("article_id", "required", "name the article to order")
    if data.quantity is None:
        raise Invalid.field("quantity", "required", "give a quantity above 0")
    article = session.get(Article, data.article_id)
    if article is None or article.tenant_id != ctx.tenant_id:
        raise Invalid.field("article_id", "exists", f"no article with id {data.article_id}")
    if data.supplier_id is not None:
        _supplier(session, ctx, data.supplier_id, "supplier_id")
    supplier_id = data.supplier_id or _choose_suppliers(session, ctx.tenant_id, [article.id], "main").get(article.id)
    line = ReorderProposalLine(
        tenant_id=ctx.tenant_id, proposal_id=proposal.id, article_id=article.id, supplier_id=supplier_id,
        quantity=data.quantity, delivery_date=data.delivery_date, reason="added by hand",
        unit_price=data.unit_price if data.unit_price is not None else
        (_supplier_price(session, ctx.tenant_id, article.id, supplier_id) if supplier_id else article.purchase_price))
    session.add(line)
    proposal.state = "open"
    session.add(proposal)
    session.flush()
    record_change(session, ctx, "reorder_proposals", proposal_id, "add_line", None, line.model_dump(mode="json"))
    return line


def remove_line(session: Session, ctx: Context, proposal_id: int, line_id: int) -> None:
    ctx.require(PURCHASING, Level.WRITE)
    line = _open_line(session, ctx, proposal_id, line_id)
    before = line.model_dump(mode="json")
    session.delete(line)
    session.flush()
    record_change(session, ctx, "reorder_proposals", proposal_id, "remove_line", before, None)


def order_proposal(session: Session, ctx: Context, proposal_id: int, *, supplier_id: int | None = None,
                   doc_date: date | None = None) -> list[Document]:
    """Purchase orders from the proposal's lines not ordered yet, one per supplier (only the
    given supplier's when named). Lines without supplier are refused; ordered lines are skipped."""
    from kontor.core.purchasing.orders import create_purchase_order
    from kontor.core.purchasing.schemas import PurchaseLineInput, PurchaseOrderCreate

    ctx.require(PURCHASING, Level.WRITE)
    proposal = get_proposal(session, ctx, proposal_id, for_update=True)
    statement = select(ReorderProposalLine).where(ReorderProposalLine.proposal_id == proposal.id,
                                                  ReorderProposalLine.purchase_order_id.is_(None))
    if supplier_id is not None:
        statement = statement.where(ReorderProposalLine.supplier_id == supplier_id)
    lines = list(session.execute(statement.order_by(ReorderProposalLine.id)).scalars())
    if not lines:
        raise Conflict(f"reorder proposal {proposal.id} has nothing left to order"
                       + (f" from supplier {supplier_id}" if supplier_id is not None else ""))
    without = [line for line in lines if line.supplier_id is None]
    if without:
        numbers = ", ".join(str(line.id) for line in without)
        raise Invalid.field("lines.supplier_id", "required", f"lines {numbers} have no supplier; choose one first")
    per_supplier: dict[int, list[ReorderProposalLine]] = defaultdict(list)
    for line in lines:
        per_supplier[line.supplier_id].append(line)
    orders = []
    for sid, group in per_supplier.items():
        customer_orders = {line.customer_order_id for line in group}
        order = create_purchase_order(session, ctx, PurchaseOrderCreate(
            supplier_id=sid, doc_date=doc_date,
            customer_order_id=customer_orders.pop() if len(customer_orders) == 1 else None,
            lines=[PurchaseLineInput(article_id=line.article_id, quantity=line.quantity, unit_price=line.unit_price,
                                     delivery_date=line.delivery_date) for line in group]))
        for line in group:
            line.purchase_order_id = order.id
            session.add(line)
        orders.append(order)
    session.flush()
    left = session.execute(select(func.count()).select_from(ReorderProposalLine).where(
        ReorderProposalLine.proposal_id == proposal.id, ReorderProposalLine.purchase_order_id.is_(None))).scalar()
    if not left:
        proposal.state = "ordered"
        session.add(proposal)
    record_change(session, ctx, "reorder_proposals", proposal.id, "order", None,
                  {"purchase_orders": [o.id for o in orders]})
    session.flush()
    return orders


# -- building ------------------------------------------------------------------------------------


def _new_proposal(session: Session, ctx: Context, criteria: dict, note: str) -> ReorderProposal:
    proposal = ReorderProposal(tenant_id=ctx.tenant_id, criteria=criteria, created_by=ctx.username, note=note)
    session.add(proposal)
    session.flush()
    record_change(session, ctx, "reorder_proposals", proposal.id, "create", None, {"criteria": criteria})
    return proposal


def _candidates(session: Session, tenant_id: int, criteria: ProposalCriteria) -> list[dict]:
    """Articles of the selection with a level set, with their free stock (one grouped query)."""
    level_filter = [StockLevel.tenant_id == tenant_id]
    if criteria.warehouse_id is not None:
        level_filter.append(StockLevel.warehouse_id == criteria.warehouse_id)
    levels = (select(StockLevel.article_id, func.sum(StockLevel.on_hand).label("on_hand"),
                     func.sum(StockLevel.reserved).label("reserved"))
              .where(*level_filter).group_by(StockLevel.article_id).subquery())
    trigger = Article.min_stock if criteria.trigger == "minimum" else Article.reorder_stock
    statement = (
        select(Article.id, Article.min_stock, Article.reorder_stock, Article.max_stock, Article.safety_stock,
               levels.c.on_hand, levels.c.reserved)
        .outerjoin(levels, levels.c.article_id == Article.id)
        .where(Article.tenant_id == tenant_id, Article.article_type == "M", Article.blocked.is_(False), trigger > 0)
        .order_by(Article.id))
    for name in ("main_group_id", "assortment_id", "group_id", "series_id"):
        value = getattr(criteria, name)
        if value is not None:
            statement = statement.where(getattr(Article, name) == value)
    if criteria.supplier_id is not None:
        statement = statement.where(Article.id.in_(select(ArticleSupplier.article_id).where(
            ArticleSupplier.tenant_id == tenant_id, ArticleSupplier.supplier_id == criteria.supplier_id)))
    return [dict(article_id=a, min_stock=mn, reorder_stock=ro, max_stock=mx, safety_stock=sf,
                 on_hand=oh or ZERO, reserved=rs or ZERO)
            for a, mn, ro, mx, sf, oh, rs in session.execute(statement)]


def _on_order(session: Session, tenant_id: int, article_ids: list[int]) -> dict[int, Decimal]:
    """On order and not received, less what of it is promised to customers."""
    from kontor.core.purchasing.queries import on_order

    if not article_ids:
        return {}
    # few articles: by their ids; many: one grouped pass over everything on order
    wanted = article_ids if len(article_ids) <= CHUNK else None
    promised_query = (select(Reservation.article_id, func.sum(Reservation.quantity))
                      .where(Reservation.tenant_id == tenant_id, Reservation.source == "purchase_order")
                      .group_by(Reservation.article_id))
    if wanted is not None:
        promised_query = promised_query.where(Reservation.article_id.in_(wanted))
    promised = dict(session.execute(promised_query).all())
    return {article_id: found.quantity - promised.get(article_id, ZERO)
            for article_id, found in on_order(session, tenant_id, wanted).items()}


def _planned(session: Session, ctx: Context, article_ids: list[int]) -> dict[int, Decimal]:
    """What plugins plan to bring in less what they plan to take out (kontor_planned_stock):
    finished goods of open production orders, less the components they still need."""
    from kontor.core.stock.extensions import planned_by_article, planned_quantities

    if not article_ids:
        return {}
    wanted = article_ids if len(article_ids) <= CHUNK else None
    return {article_id: incoming - outgoing for article_id, (incoming, outgoing)
            in planned_by_article(planned_quantities(session, ctx, wanted)).items()}


def _consumption(session: Session, tenant_id: int, article_ids: list[int], criteria: ProposalCriteria,
                 symbols: tuple[str, ...] = CONSUMPTION_SYMBOLS) -> dict[int, Decimal]:
    """Quantity to cover per article: outgoing movements of the period per day, times the days
    to cover, times the seasonal factor of the month the goods are for (one grouped query)."""
    until = criteria.consumption_until or date.today()
    since = criteria.consumption_since or until - timedelta(days=364)
    if since > until:
        raise Invalid.field("consumption_since", "before_until", "the consumption period starts after it ends")
    days = Decimal((until - since).days + 1)
    month = (criteria.delivery_date or date.today()).month
    factor = criteria.seasonal_factors.get(month, Decimal("1"))
    result: dict[int, Decimal] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start:start + CHUNK]
        rows = session.execute(
            select(StockMove.article_id, func.sum(StockMove.quantity))
            .where(StockMove.tenant_id == tenant_id, StockMove.article_id.in_(chunk),
                   StockMove.moved_on >= since, StockMove.moved_on <= until, StockMove.quantity < 0,
                   StockMove.blocked.is_(False), StockMove.symbol.in_(symbols))
            .group_by(StockMove.article_id))
        for article_id, used in rows:
            result[article_id] = -used / days * criteria.coverage_days * factor
    return result


def _choose_suppliers(session: Session, tenant_id: int, article_ids: list[int], choice: str) -> dict[int, int]:
    """Per article the main supplier, or the cheapest (net price; then main; then lead time)."""
    chosen: dict[int, tuple] = {}
    for start in range(0, len(article_ids), CHUNK):
        rows = session.execute(
            select(ArticleSupplier.article_id, ArticleSupplier.supplier_id, ArticleSupplier.is_main,
                   ArticleSupplier.net_price, ArticleSupplier.lead_time_days)
            .join(Supplier, Supplier.id == ArticleSupplier.supplier_id)
            .where(ArticleSupplier.tenant_id == tenant_id, ArticleSupplier.article_id.in_(article_ids[start:start + CHUNK]),
                   Supplier.blocked.is_(False), Supplier.approved.is_(True)))
        for article_id, supplier_id, is_main, price, lead in rows:
            key = (not is_main, price, lead, supplier_id) if choice == "main" else (price, not is_main, lead, supplier_id)
            if article_id not in chosen or key < chosen[article_id][0]:
                chosen[article_id] = (key, supplier_id)
    return {article_id: value[1] for article_id, value in chosen.items()}


def _terms(session: Session, tenant_id: int, article_ids: list[int]) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    terms = {}
    for start in range(0, len(article_ids), CHUNK):
        for a, s, price, minimum in session.execute(
                select(ArticleSupplier.article_id, ArticleSupplier.supplier_id, ArticleSupplier.net_price,
                       ArticleSupplier.minimum_quantity)
                .where(ArticleSupplier.tenant_id == tenant_id, ArticleSupplier.article_id.in_(article_ids[start:start + CHUNK]))):
            terms[(a, s)] = (price, minimum)
    return terms


def _supplier_price(session: Session, tenant_id: int, article_id: int, supplier_id: int) -> Decimal:
    found = _terms(session, tenant_id, [article_id]).get((article_id, supplier_id))
    if found is not None and found[0] > 0:
        return found[0]
    return session.get(Article, article_id).purchase_price


def _insert_lines(session: Session, ctx: Context, proposal: ReorderProposal, needs: list[dict], choice: str,
                  supplier_id: int | None) -> None:
    """Round each need up to whole units and the supplier's minimum; one bulk insert."""
    needs = [n for n in needs if n["need"] > 0]
    if not needs:
        return
    ids = list({n["article_id"] for n in needs})
    suppliers = {} if supplier_id is not None else _choose_suppliers(session, ctx.tenant_id, ids, choice)
    terms = _terms(session, ctx.tenant_id, ids)
    prices: dict[int, Decimal] = {}
    for start in range(0, len(ids), CHUNK):
        prices.update(session.execute(select(Article.id, Article.purchase_price)
                                      .where(Article.id.in_(ids[start:start + CHUNK]))).all())
    rows = []
    for need in needs:
        article_id = need["article_id"]
        sid = supplier_id or suppliers.get(article_id)
        price, minimum = terms.get((article_id, sid), (ZERO, ZERO))
        if price <= 0:
            price = prices.get(article_id, ZERO)
        quantity = max(need["need"].to_integral_value(rounding=ROUND_CEILING), minimum)
        rows.append(dict(tenant_id=ctx.tenant_id, proposal_id=proposal.id, article_id=article_id, supplier_id=sid,
                         warehouse_id=need.get("warehouse_id"), quantity=quantity.quantize(Decimal("0.0001")),
                         unit_price=price, delivery_date=need.get("delivery_date"),
                         on_hand=need.get("on_hand", ZERO), reserved=need.get("reserved", ZERO),
                         on_order=need.get("on_order", ZERO), target=need.get("target", ZERO).quantize(Decimal("0.0001"), ROUND_HALF_UP),
                         reason=need.get("reason", "")[:120], customer_order_id=need.get("customer_order_id"),
                         purchase_order_id=None))
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(ReorderProposalLine.__table__), rows[start:start + CHUNK])
    session.flush()


def _open_line(session: Session, ctx: Context, proposal_id: int, line_id: int) -> ReorderProposalLine:
    get_proposal(session, ctx, proposal_id, for_update=True)
    line = session.get(ReorderProposalLine, line_id)
    if line is None or line.proposal_id != proposal_id or line.tenant_id != ctx.tenant_id:
        raise NotFound(f"no line {line_id} in reorder proposal {proposal_id}")
    if line.purchase_order_id is not None:
        raise Conflict(f"line {line_id} is ordered already (purchase order {line.purchase_order_id}); it no longer changes")
    return line


def _supplier(session: Session, ctx: Context, supplier_id: int, field_name: str) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None or supplier.tenant_id != ctx.tenant_id:
        raise Invalid.field(field_name, "exists", f"no supplier with id {supplier_id}")
    return supplier
