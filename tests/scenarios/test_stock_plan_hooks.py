"""The stock-figure hooks a production module builds on, shown with the test plugin
`test_stock_plan` (tests/plugins/stock_plan_plugin.py): a kit TKIT-1 made of 2 TPART-A and
1 TPART-B, a symbol TT, planned movements, and details on an order's status. Each hook acts
for the tenant that enabled the plugin and not for one that did not."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.documents.batch_delivery import deliver_order
from kontor.core.documents.schemas import DocumentCreate, LineInput
from kontor.core.documents.services import create_document, lines_of
from kontor.core.documents.status import document_status
from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import TaxCode
from kontor.core.masterdata.parties.models import Customer
from kontor.core.purchasing.proposals import ProposalCriteria, create_proposal
from kontor.core.stock.availability import availability
from kontor.core.stock.extensions import PlannedQuantity
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.stock.planning import material_plan
from kontor.core.stock.queries import verify_ledger
from kontor.core.stock.reservations import ReservationInput, reserve
from kontor.errors import Conflict, Invalid
from tests.plugins import stock_plan_plugin

D = Decimal
DAY = date(2026, 3, 2)
TODAY = date.today()


def kit_shop(company, *, enable: bool = True) -> dict[str, int]:
    """TPART-A (7 on hand, purchase 3.10), TPART-B (5 on hand, 4.25), the kit TKIT-1 and a
    customer; the part A has a reorder level of 10."""
    if enable:
        company.enable("test_stock_plan")
    with company.write() as (session, ctx):
        tax = session.exec(select(TaxCode.id).where(TaxCode.tenant_id == ctx.tenant_id, TaxCode.code == "U19")).one()
        customer = Customer(tenant_id=ctx.tenant_id, number="10001", short_name="BAU", name1="Bau GmbH")
        part_a = Article(tenant_id=ctx.tenant_id, number="TPART-A", description="Teil A", purchase_price=D("3.10"),
                         sales_price_1=D("6"), tax_code_id=tax, reorder_stock=D("10"), max_stock=D("20"))
        part_b = Article(tenant_id=ctx.tenant_id, number="TPART-B", description="Teil B", purchase_price=D("4.25"),
                         sales_price_1=D("8"), tax_code_id=tax)
        kit = Article(tenant_id=ctx.tenant_id, number="TKIT-1", description="Set", purchase_price=D("99"),
                      sales_price_1=D("25.00"), tax_code_id=tax)
        session.add_all([customer, part_a, part_b, kit])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=part_a.id, quantity=D("7"), moved_on=DAY, symbol="AB"),
                                  MoveSpec(article_id=part_b.id, quantity=D("5"), moved_on=DAY, symbol="AB")])
        return {"customer": customer.id, "a": part_a.id, "b": part_b.id, "kit": kit.id}


def moves_of(company, document_id: int) -> list[tuple[int, Decimal, str]]:
    with company.read() as (session, ctx):
        return sorted((m.article_id, m.quantity, m.symbol) for m in session.exec(
            select(StockMove).where(StockMove.tenant_id == ctx.tenant_id, StockMove.document_id == document_id)))


@pytest.fixture(autouse=True)
def _no_plans():
    stock_plan_plugin.PLANNED.clear()
    yield
    stock_plan_plugin.PLANNED.clear()


@pytest.mark.hook("kontor_expand_stock_moves", "kontor_article_cost")
def test_expand_stock_moves_posts_the_kit_as_its_parts_and_article_cost_prices_it(company):
    """A delivery note of 3 kits moves 6 A and 3 B (LS, one line) and costs the line 2 x 3.10 +
    4.25 = 10.45 per kit; deleting the line takes every part back."""
    shop = kit_shop(company)
    with company.write() as (session, ctx):
        note = create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=shop["customer"],
                                                            doc_date=DAY,
                                                            lines=[LineInput(article_id=shop["kit"], quantity=D("3"))]))
        [line] = lines_of(session, note.id)
        assert line.cost_price == D("10.45")
    assert moves_of(company, note.id) == sorted([(shop["a"], D("-6"), "LS"), (shop["b"], D("-3"), "LS")])
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == []


def test_without_the_plugin_the_kit_is_an_article_of_its_own(company):
    """Not enabled: the kit line costs the kit's purchase price, and delivering it asks the
    kit's own stock, which there is none of."""
    shop = kit_shop(company, enable=False)
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"], doc_date=DAY,
                                                             lines=[LineInput(article_id=shop["kit"], quantity=D("1"))]))
        assert lines_of(session, order.id)[0].cost_price == D("99")
    with pytest.raises(Conflict, match="article TKIT-1 .*only 0 on hand"):
        with company.write() as (session, ctx):
            create_document(session, ctx, DocumentCreate(kind="delivery_note", customer_id=shop["customer"],
                                                         doc_date=DAY,
                                                         lines=[LineInput(article_id=shop["kit"], quantity=D("1"))]))
    with company.read() as (session, ctx):
        assert availability(session, ctx, shop["kit"], with_prices=False).composed is None


@pytest.mark.hook("kontor_stock_symbols")
def test_stock_symbols_of_an_enabled_plugin_may_be_posted_others_not(company, other_company):
    shop = kit_shop(company)
    other = kit_shop(other_company, enable=False)
    with company.write() as (session, ctx):
        post_moves(session, ctx, [MoveSpec(article_id=shop["a"], quantity=D("1"), moved_on=DAY, symbol="TT")])
    with pytest.raises(Invalid, match="unknown movement symbol 'TT'"):
        with other_company.write() as (session, ctx):
            post_moves(session, ctx, [MoveSpec(article_id=other["a"], quantity=D("1"), moved_on=DAY, symbol="TT")])


@pytest.mark.hook("kontor_composed_stock")
def test_composed_stock_answers_the_availability_query_and_the_delivery_run(company):
    """7 A and 5 B make 3 kits (A limits); with 2 B reserved, 3 B are free: still 3. An order
    for 5 kits gets a delivery note of the 3 the parts make, the rest stays open."""
    shop = kit_shop(company)
    with company.write() as (session, ctx):
        answer = availability(session, ctx, shop["kit"], with_prices=False)
    assert answer.on_hand == D("0")
    assert (answer.composed.on_hand, answer.composed.available, answer.composed.limited_by) == (D("3"), D("3"), "TPART-A")
    assert [(c.article_number, c.per_unit, c.on_hand) for c in answer.composed.components] == [
        ("TPART-A", D("2"), D("7")), ("TPART-B", D("1"), D("5"))]

    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"], doc_date=DAY,
                                                             lines=[LineInput(article_id=shop["kit"], quantity=D("5"))]))
        status = document_status(session, ctx, order)
        assert [(s.needed, s.on_hand, s.shortfall) for s in status.stock] == [(D("5"), D("3"), D("2"))]
        outcome = deliver_order(session, ctx, order.id, DAY)
    assert moves_of(company, outcome.created.id) == sorted([(shop["a"], D("-6"), "LS"), (shop["b"], D("-3"), "LS")])


@pytest.mark.hook("kontor_planned_stock")
def test_planned_stock_counts_in_availability_material_plan_and_reorder_proposal(company, other_company):
    """5 A come in on day +7 (a production order's finished goods) and 3 A go out on day +3
    (components it needs): available by day +10 is 7 + 5 - 3 = 9; by day +5 it is 4. The
    material plan counts them beside purchase orders and demand; the reorder proposal (A is
    below its reorder level 10) counts 7 + 5 - 3 = 9 and fills up to 20: 11."""
    shop = kit_shop(company)
    stock_plan_plugin.PLANNED[company.code] = [
        PlannedQuantity(article_id=shop["a"], quantity=D("5"), on=TODAY + timedelta(days=7), source="test", reference="W-1"),
        PlannedQuantity(article_id=shop["a"], quantity=D("-3"), on=TODAY + timedelta(days=3), source="test", reference="W-1"),
    ]
    with company.write() as (session, ctx):
        later = availability(session, ctx, shop["a"], with_prices=False, on=TODAY + timedelta(days=10))
        sooner = availability(session, ctx, shop["a"], with_prices=False, on=TODAY + timedelta(days=5))
        [row] = material_plan(session, ctx, article_ids=[shop["a"]], only_missing=False)
        proposal = create_proposal(session, ctx, ProposalCriteria(trigger="reorder", fill="fixed"))
        from kontor.core.stock.planning_models import ReorderProposalLine

        lines = session.exec(select(ReorderProposalLine).where(ReorderProposalLine.proposal_id == proposal.id)).all()
    assert (later.planned_in, later.planned_out, later.available_on) == (D("5"), D("3"), D("9"))
    assert [p.reference for p in later.planned] == ["W-1", "W-1"]
    assert sooner.available_on == D("4")
    assert (row.on_order, row.open_demand) == (D("5"), D("3"))
    assert [(l.article_id, l.quantity, l.on_order) for l in lines] == [(shop["a"], D("11"), D("2"))]

    other = kit_shop(other_company, enable=False)
    stock_plan_plugin.PLANNED[other_company.code] = [PlannedQuantity(other["a"], D("5"), TODAY, "test")]
    with other_company.read() as (session, ctx):
        plain = availability(session, ctx, other["a"], with_prices=False, on=TODAY)
    assert (plain.planned_in, plain.available_on) == (D("0"), D("7"))


@pytest.mark.hook("kontor_document_status")
def test_document_status_details_come_from_the_enabled_plugin(company, api):
    shop = kit_shop(company)
    with company.write() as (session, ctx):
        order = create_document(session, ctx, DocumentCreate(kind="order", customer_id=shop["customer"], doc_date=DAY,
                                                             lines=[LineInput(article_id=shop["a"], quantity=D("1")),
                                                                    LineInput(article_id=shop["b"], quantity=D("1"))]))
        reserve(session, ctx, ReservationInput(quantity=D("1"), order_line_id=lines_of(session, order.id)[0].id))
    answer = api.get(f"/api/documents/{order.id}/status").json()
    assert answer["details"] == {"test_stock_plan": {"lines": 2}}
    kit = api.get(f"/api/stock/availability/{shop['kit']}", params={"prices": "false"}).json()
    assert kit["composed"]["available"] == "3" and kit["composed"]["limited_by"] == "TPART-A"


def test_a_plugin_symbol_marked_as_consumption_fills_a_reorder_proposal(company):
    """30 A used in 30 days under the plugin's consumption symbol TC (TT is none): with 7 on
    hand, below the reorder level 10, 30 days of consumption are 30 units, less the 7 there."""
    shop = kit_shop(company)
    with company.write() as (session, ctx):
        post_moves(session, ctx, [
            MoveSpec(article_id=shop["a"], quantity=D("30"), moved_on=TODAY - timedelta(days=40), symbol="TT"),
            MoveSpec(article_id=shop["a"], quantity=D("-30"), moved_on=TODAY - timedelta(days=10), symbol="TC"),
            MoveSpec(article_id=shop["a"], quantity=D("-5"), moved_on=TODAY - timedelta(days=5), symbol="TT"),
            MoveSpec(article_id=shop["a"], quantity=D("5"), moved_on=TODAY - timedelta(days=5), symbol="TT"),
        ])
        proposal = create_proposal(session, ctx, ProposalCriteria(
            fill="consumption", consumption_since=TODAY - timedelta(days=29), consumption_until=TODAY,
            coverage_days=30))
        from kontor.core.stock.planning_models import ReorderProposalLine

        [line] = session.exec(select(ReorderProposalLine).where(ReorderProposalLine.proposal_id == proposal.id)).all()
    assert (line.article_id, line.quantity) == (shop["a"], D("23"))
