"""Reorder proposals: the buyer selects articles (by supplier, group, warehouse, ...), the
proposal fills them up to a fixed or a consumption-based quantity from the main or the
cheapest supplier, counting what is already on order; the buyer edits it and one action
makes one purchase order per supplier."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import ArticleGroup
from kontor.core.purchasing.proposals import (
    ProposalCriteria,
    ProposalLineInput,
    add_line,
    create_proposal,
    get_proposal,
    order_proposal,
    proposal_lines,
    remove_line,
    update_line,
)
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import verify_reservations
from kontor.errors import Conflict, Invalid
from tests.scenarios.planning_shop import build_shop, purchase_order

D = Decimal
TODAY = date.today()


@pytest.fixture
def shop(company):
    return build_shop(company)


def _lines(session, ctx, proposal_id):
    return {l["article_number"]: l for l in proposal_lines(session, ctx, proposal_id)}


def _sell_pumps(company, shop, quantity):
    """Pumps leave stock by delivery notes over the last 60 days (the consumption)."""
    with company.write() as (session, ctx):
        post_moves(session, ctx, [MoveSpec(article_id=shop["pump"], quantity=-D(quantity),
                                           moved_on=TODAY - timedelta(days=30), symbol="LS")])


def test_below_reorder_level_fill_to_the_maximum_from_the_main_supplier(company, shop):
    """6 pumps are sold: 14 left, below the reorder level of 15 -> fill up to the maximum 40
    = 26 from Nord. The valve (5, reorder at 10) fills to its level 10 -> 5, raised to Nord's
    minimum of 25. The radiator has no level and is not proposed."""
    _sell_pumps(company, shop, "6")
    with company.write() as (session, ctx):
        proposal = create_proposal(session, ctx, ProposalCriteria(trigger="reorder", fill="fixed"))
        lines = _lines(session, ctx, proposal.id)
        assert set(lines) == {"UP-25", "TV-12"}
        pump = lines["UP-25"]
        assert (pump["quantity"], pump["supplier_name"], pump["unit_price"], pump["on_hand"], pump["target"]) == (
            D("26"), "Heizungsgroßhandel Nord", D("95.00"), D("14"), D("40"))
        assert lines["TV-12"]["quantity"] == D("25")
        assert verify_ledger(session, ctx.tenant_id) == []


def test_below_minimum_only_and_the_cheapest_supplier_and_open_orders_count(company, shop):
    """18 pumps sold: 2 left; 2 are on order at Nord (no receipt yet), so 4 count: below the
    minimum 5; to the maximum 40 -> 36, from the cheapest supplier Süd at 91.50. The valve
    (5 on hand, minimum 10) has 10 on order: 15 count, it is not proposed."""
    _sell_pumps(company, shop, "18")
    purchase_order(company, shop, "nord", [("pump", "2"), ("valve", "10")], TODAY + timedelta(days=5))
    with company.write() as (session, ctx):
        proposal = create_proposal(session, ctx, ProposalCriteria(trigger="minimum", supplier_choice="cheapest"))
        lines = _lines(session, ctx, proposal.id)
        assert set(lines) == {"UP-25"}
        assert (lines["UP-25"]["quantity"], lines["UP-25"]["on_order"], lines["UP-25"]["supplier_name"],
                lines["UP-25"]["unit_price"]) == (D("36"), D("2"), "Pumpen Süd GmbH", D("91.50"))


def test_consumption_based_quantity_with_a_seasonal_factor(company, shop):
    """In the last 60 days 18 pumps were used: 0.3 a day; 30 days to cover in December with
    a heating-season factor 1.5 -> 13.5, plus the safety stock 4 = 17.5 to have. 2 are left:
    15.5 missing, rounded up to 16."""
    _sell_pumps(company, shop, "18")
    with company.write() as (session, ctx):
        proposal = create_proposal(session, ctx, ProposalCriteria(
            fill="consumption", consumption_since=TODAY - timedelta(days=59), consumption_until=TODAY,
            coverage_days=30, seasonal_factors={12: D("1.5")}, delivery_date=date(TODAY.year, 12, 1)))
        pump = _lines(session, ctx, proposal.id)["UP-25"]
        assert (pump["target"], pump["quantity"]) == (D("17.5"), D("16"))


def test_selection_by_group_and_by_supplier(company, shop):
    """Only the fittings group: the valve; only supplier Süd: the pump (Süd delivers it too),
    ordered from Süd as selected."""
    with company.write() as (session, ctx):
        fittings = ArticleGroup(tenant_id=ctx.tenant_id, code="ARM", name="Armaturen")
        session.add(fittings)
        session.flush()
        valve = session.get(Article, shop["valve"])
        valve.group_id = fittings.id
        session.add(valve)
        fittings_id = fittings.id
    _sell_pumps(company, shop, "10")
    with company.write() as (session, ctx):
        by_group = create_proposal(session, ctx, ProposalCriteria(group_id=fittings_id))
        assert set(_lines(session, ctx, by_group.id)) == {"TV-12"}
        by_supplier = create_proposal(session, ctx, ProposalCriteria(supplier_id=shop["sued"]))
        lines = _lines(session, ctx, by_supplier.id)
        assert set(lines) == {"UP-25"} and lines["UP-25"]["supplier_name"] == "Pumpen Süd GmbH"
        assert lines["UP-25"]["unit_price"] == D("91.50")


def test_the_buyer_edits_the_proposal_and_orders_per_supplier(company, shop):
    """The buyer lowers the pumps to 20 and moves them to Süd, adds 4 radiators by hand,
    removes the valves, orders Süd's lines: one purchase order with both; ordered lines no
    longer change."""
    _sell_pumps(company, shop, "6")
    with company.write() as (session, ctx):
        proposal = create_proposal(session, ctx, ProposalCriteria())
        lines = _lines(session, ctx, proposal.id)
        pump = update_line(session, ctx, proposal.id, lines["UP-25"]["id"],
                           ProposalLineInput(quantity=D("20"), supplier_id=shop["sued"]))
        assert (pump.quantity, pump.unit_price) == (D("20"), D("91.50"))
        radiator = add_line(session, ctx, proposal.id, ProposalLineInput(article_id=shop["radiator"], quantity=D("4")))
        assert (radiator.supplier_id, radiator.unit_price) == (shop["sued"], D("130.00"))
        remove_line(session, ctx, proposal.id, lines["TV-12"]["id"])
        proposal_id, pump_line = proposal.id, pump.id
    with pytest.raises(Invalid) as error:
        with company.write() as (session, ctx):
            update_line(session, ctx, proposal_id, pump_line, ProposalLineInput(supplier_id=999999))
    assert (error.value.problems[0].field, error.value.problems[0].rule) == ("supplier_id", "exists")
    with company.write() as (session, ctx):
        (order,) = order_proposal(session, ctx, proposal_id, supplier_id=shop["sued"])
        from kontor.core.documents.services import lines_of

        assert sorted((l.article_number, l.quantity, l.unit_price) for l in lines_of(session, order.id)) == [
            ("HK-600", D("4"), D("130.00")), ("UP-25", D("20"), D("91.50"))]
        assert get_proposal(session, ctx, proposal_id).state == "ordered"
    with pytest.raises(Conflict, match="is ordered already"):
        with company.write() as (session, ctx):
            update_line(session, ctx, proposal_id, pump_line, ProposalLineInput(quantity=D("1")))
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == [] and verify_reservations(session, ctx.tenant_id) == []


def test_a_line_without_supplier_is_refused_and_nothing_is_ordered(company, shop):
    with company.write() as (session, ctx):
        proposal = create_proposal(session, ctx, ProposalCriteria())
        add_line(session, ctx, proposal.id, ProposalLineInput(article_id=shop["radiator"], quantity=D("1")))
        session.execute(__import__("sqlalchemy").text(
            "UPDATE reorder_proposal_line SET supplier_id = NULL WHERE proposal_id = :p"), {"p": proposal.id})
        proposal_id = proposal.id
    with pytest.raises(Invalid) as error:
        with company.write() as (session, ctx):
            order_proposal(session, ctx, proposal_id)
    assert (error.value.problems[0].field, error.value.problems[0].rule) == ("lines.supplier_id", "required")
    with company.read() as (session, ctx):
        assert all(l["purchase_order_id"] is None for l in proposal_lines(session, ctx, proposal_id))


def test_proposal_criteria_are_checked(company, shop):
    with pytest.raises(ValueError):
        ProposalCriteria(seasonal_factors={13: D("1")})
    with pytest.raises(Invalid) as error:
        with company.write() as (session, ctx):
            create_proposal(session, ctx, ProposalCriteria(fill="consumption", consumption_since=TODAY,
                                                           consumption_until=TODAY - timedelta(days=1)))
    assert error.value.problems[0].rule == "before_until"


def test_a_proposal_over_many_articles_sends_the_same_few_statements(company, shop):
    """Set-based: 40 or 400 articles below their level, the proposal and the material plan
    send the same number of statements (no query per article)."""
    from sqlalchemy import event

    from kontor.core.stock.planning import material_plan

    def count(session_call):
        seen = []
        engine = company.kontor.db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            with company.write() as (session, ctx):
                session_call(session, ctx)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    def add_articles(n, start):
        with company.write() as (session, ctx):
            session.add_all([Article(tenant_id=ctx.tenant_id, number=f"M-{i:05d}", description=f"Muffe {i}",
                                     reorder_stock=D("5"), min_stock=D("2"), max_stock=D("20"), safety_stock=D("1"),
                                     purchase_price=D("1.10")) for i in range(start, start + n)])

    add_articles(40, 0)
    few = count(lambda s, c: create_proposal(s, c, ProposalCriteria(fill="consumption")))
    few_plan = count(lambda s, c: material_plan(s, c))
    add_articles(360, 40)
    many = count(lambda s, c: create_proposal(s, c, ProposalCriteria(fill="consumption")))
    many_plan = count(lambda s, c: material_plan(s, c))
    assert many == few and many_plan == few_plan
    with company.read() as (session, ctx):
        from kontor.core.stock.planning_models import ReorderProposalLine
        from sqlmodel import func, select

        assert session.exec(select(func.count()).select_from(ReorderProposalLine).where(
            ReorderProposalLine.tenant_id == ctx.tenant_id)).one() >= 440
