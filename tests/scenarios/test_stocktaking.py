"""Year-end stocktaking at a building-services wholesaler: the warehouse is counted, the
difference list shows book against counted stock, posting puts the differences into the
ledger on the key date, and single corrections go through manual difference lists."""

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from kontor.core.masterdata.articles.models import Article
from kontor.core.masterdata.basics.models import ArticleGroup
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import on_hand, stock_on, verify_ledger
from kontor.core.stock.stocktaking import (
    CountInput,
    DifferenceInput,
    difference_list,
    enter_counts,
    open_stocktaking,
    post_difference_list,
    post_stocktaking,
    summarize,
)
from kontor.core.stock.stocktaking_models import Stocktaking, StocktakingLine
from kontor.errors import Conflict, Invalid

D = Decimal


@pytest.fixture
def lager(company):
    """Three material articles with stock and one labour article: pipes (100 m, group
    Rohre), valves (40, group Armaturen), seals (250) and fitting hours (no stock)."""
    with company.write() as (session, ctx):
        rohre = ArticleGroup(tenant_id=ctx.tenant_id, code="ROHR", name="Rohre")
        armaturen = ArticleGroup(tenant_id=ctx.tenant_id, code="ARM", name="Armaturen")
        session.add_all([rohre, armaturen])
        session.flush()
        pipe = Article(tenant_id=ctx.tenant_id, number="R-100", description="Kupferrohr 15 mm", group_id=rohre.id,
                       purchase_price=D("4.20"), sales_price_1=D("7.90"))
        valve = Article(tenant_id=ctx.tenant_id, number="V-200", description="Kugelhahn 1/2\"",
                        group_id=armaturen.id, purchase_price=D("11.00"), average_cost=D("10.50"),
                        sales_price_1=D("19.90"))
        seal = Article(tenant_id=ctx.tenant_id, number="S-300", description="Dichtring", purchase_price=D("0.15"),
                       sales_price_1=D("0.40"))
        hours = Article(tenant_id=ctx.tenant_id, number="H-1", description="Monteurstunde", article_type="L")
        session.add_all([pipe, valve, seal, hours])
        session.flush()
        post_moves(session, ctx, [
            MoveSpec(article_id=pipe.id, quantity=D("100"), moved_on=date(2026, 1, 2), symbol="AB"),
            MoveSpec(article_id=valve.id, quantity=D("40"), moved_on=date(2026, 1, 2), symbol="AB"),
            MoveSpec(article_id=seal.id, quantity=D("250"), moved_on=date(2026, 1, 2), symbol="AB"),
        ])
        return {"pipe": pipe.id, "valve": valve.id, "seal": seal.id, "hours": hours.id, "rohre": rohre.id}


def test_a_key_date_stocktaking_posts_its_differences_into_the_ledger(company, lager):
    """On 31 December the clerk counts the warehouse: 97.5 m of pipe (2.5 m short), 42 valves
    (2 more than booked), seals not counted. A delivery of 10 m pipe on 2 January (after the key
    date) must not disturb the book stock of the key date."""
    with company.write() as (session, ctx):
        post_moves(session, ctx, [MoveSpec(article_id=lager["pipe"], quantity=D("-10"), moved_on=date(2027, 1, 2),
                                           symbol="LS")])
        stocktaking = open_stocktaking(session, ctx, date(2026, 12, 31), "full")
        sid, number = stocktaking.id, stocktaking.number
        assert number.startswith("IN")  # the stocktaking number range
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["pipe"], counted=D("97.5"), reason="Verschnitt"),
                                         CountInput(article_id=lager["valve"], counted=D("42"))])

    with company.read() as (session, ctx):
        rows = {r.article_number: r for r in difference_list(session, ctx, sid)}
        assert set(rows) == {"R-100", "V-200", "S-300"}  # every material article, not the labour one
        assert (rows["R-100"].book, rows["R-100"].counted, rows["R-100"].difference) == (D("100"), D("97.5"), D("-2.5"))
        assert rows["R-100"].difference_value == D("-10.50")  # 2.5 x 4.20
        assert (rows["V-200"].difference, rows["V-200"].difference_value) == (D("2"), D("21.00"))  # average cost 10.50
        assert rows["S-300"].counted is None and rows["S-300"].difference is None
        summary = summarize(session, ctx, sid)
        assert (summary.lines, summary.counted, summary.differences, summary.difference_value) == (3, 2, 2, D("10.50"))

    with company.write() as (session, ctx):
        posted = post_stocktaking(session, ctx, sid)
        assert posted.state == "posted"

    with company.read() as (session, ctx):
        moves = session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id, StockMove.symbol == "IN")
                             .order_by(StockMove.article_id)).all()
        assert [(m.quantity, m.moved_on, m.document_number) for m in moves] == [
            (D("-2.5"), date(2026, 12, 31), number), (D("2"), date(2026, 12, 31), number)]
        key_date = stock_on(session, ctx, date(2026, 12, 31))
        assert sorted(key_date.values()) == [D("42"), D("97.5"), D("250")]
        assert on_hand(session, ctx, lager["pipe"]) == D("87.5")  # 97.5 counted, then 10 delivered
        assert verify_ledger(session, ctx.tenant_id) == []
        frozen = {line.article_id: (line.book, line.difference) for line in session.exec(
            select(StocktakingLine).where(StocktakingLine.stocktaking_id == sid))}
        assert frozen[lager["pipe"]] == (D("100"), D("-2.5"))
        assert frozen[lager["seal"]] == (None, None)

    with pytest.raises(Conflict, match="posted already"), company.write() as (session, ctx):
        post_stocktaking(session, ctx, sid)
    with pytest.raises(Conflict, match="posted already"), company.write() as (session, ctx):
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["pipe"], counted=D("1"))])
    with company.read() as (session, ctx):
        assert len(session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id,
                                                        StockMove.symbol == "IN")).all()) == 2


def test_a_partial_stocktaking_counts_one_article_group_and_may_add_articles(company, lager):
    """Mid-year only the pipes are counted; a box of seals found on the way is added."""
    with company.write() as (session, ctx):
        stocktaking = open_stocktaking(session, ctx, date(2026, 6, 30), "partial", article_group_id=lager["rohre"])
        sid = stocktaking.id
        assert [r.article_number for r in difference_list(session, ctx, sid)] == ["R-100"]
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["pipe"], counted=D("100")),
                                         CountInput(article_id=lager["seal"], counted=D("240"))])
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["seal"], counted=D("245"))])  # recounted
        assert [(r.article_number, r.difference) for r in difference_list(session, ctx, sid, only_differences=True)] \
            == [("S-300", D("-5"))]
        post_stocktaking(session, ctx, sid)
    with company.read() as (session, ctx):
        assert on_hand(session, ctx, lager["seal"]) == D("245")
        assert on_hand(session, ctx, lager["pipe"]) == D("100")
        assert verify_ledger(session, ctx.tenant_id) == []


def test_negative_counts_and_foreign_articles_are_refused_and_nothing_is_written(company, lager):
    with company.write() as (session, ctx):
        sid = open_stocktaking(session, ctx, date(2026, 12, 31), "partial").id
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["seal"], counted=D("3")),
                                         CountInput(article_id=lager["pipe"], counted=D("-1"))])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("counts.1.counted", "non_negative")]
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["hours"], counted=D("3"))])
    assert [(p.field, p.rule) for p in refused.value.problems] == [("counts.0.article_id", "material")]
    with company.read() as (session, ctx):
        assert session.exec(select(StocktakingLine).where(StocktakingLine.stocktaking_id == sid)).all() == []
        assert session.get(Stocktaking, sid).state == "open"
    with pytest.raises(Conflict, match="no counted quantities"), company.write() as (session, ctx):
        post_stocktaking(session, ctx, sid)


def test_a_shortage_beyond_the_stock_is_refused_when_negative_stock_is_not_allowed(company, lager):
    """Seals counted at 0 on 30 June, but 250 were taken out in July: taking the 250 off the
    key date would leave the stock today at -250, so posting is refused as a whole."""
    with company.write() as (session, ctx):
        post_moves(session, ctx, [MoveSpec(article_id=lager["seal"], quantity=D("-250"), moved_on=date(2026, 7, 1),
                                           symbol="LS")])
        sid = open_stocktaking(session, ctx, date(2026, 6, 30), "full").id
        enter_counts(session, ctx, sid, [CountInput(article_id=lager["seal"], counted=D("0")),
                                         CountInput(article_id=lager["pipe"], counted=D("99"))])
    with pytest.raises(Conflict, match="negative stock"), company.write() as (session, ctx):
        post_stocktaking(session, ctx, sid)
    with company.read() as (session, ctx):
        assert session.get(Stocktaking, sid).state == "counted"
        assert on_hand(session, ctx, lager["pipe"]) == D("100")
        assert verify_ledger(session, ctx.tenant_id) == []


def test_manual_difference_lists_correct_single_articles_at_any_time(company, lager):
    """Three valves broke in the warehouse, and a recount of the pipes finds 101 m."""
    with company.write() as (session, ctx):
        listed = post_difference_list(session, ctx, date(2026, 3, 15), [
            DifferenceInput(article_id=lager["valve"], difference=D("-3"), reason="Bruch"),
            DifferenceInput(article_id=lager["pipe"], counted=D("101"))], note="Lagerkorrektur März")
        assert (listed.kind, listed.state) == ("manual", "posted")
        rows = {r.article_number: r for r in difference_list(session, ctx, listed.id)}
        assert (rows["V-200"].book, rows["V-200"].counted, rows["V-200"].difference, rows["V-200"].reason) == (
            D("40"), D("37"), D("-3"), "Bruch")
        assert rows["R-100"].difference == D("1")
    with company.read() as (session, ctx):
        assert on_hand(session, ctx, lager["valve"]) == D("37")
        assert on_hand(session, ctx, lager["pipe"]) == D("101")
        assert verify_ledger(session, ctx.tenant_id) == []

    for items, field, rule in [
        ([DifferenceInput(article_id=lager["valve"], difference=D("0"))], "items.0.difference", "not_zero"),
        ([DifferenceInput(article_id=lager["valve"], counted=D("-2"))], "items.0.counted", "non_negative"),
        ([DifferenceInput(article_id=lager["valve"])], "items.0", "one_of"),
        ([], "items", "required"),
    ]:
        with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
            post_difference_list(session, ctx, date(2026, 3, 16), items)
        assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (field, rule)
    with company.read() as (session, ctx):
        assert len(session.exec(select(Stocktaking).where(Stocktaking.tenant_id == ctx.tenant_id)).all()) == 1
