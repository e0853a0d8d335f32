"""The year-end valuation: stock on a key date at purchase, devalued and sales value, with
an age table for slow stock and manual devaluations on top."""

from datetime import date
from decimal import Decimal

import pytest

from kontor.core.masterdata.articles.models import Article, ArticleSupplier
from kontor.core.masterdata.basics.models import ArticleGroup
from kontor.core.masterdata.parties.models import Supplier
from kontor.core.stock.devaluation import ManualInput, StepInput, add_manual, delete_manual, set_steps
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.valuation import iter_valuation, valuation_page, valuation_totals
from kontor.errors import Invalid

D = Decimal


@pytest.fixture
def bestand(company):
    """Valves bought two years ago (average cost 10.50), pipes bought in January, seals in
    December, some pipes still blocked in the goods receipt, and a sold-out article."""
    with company.write() as (session, ctx):
        armaturen = ArticleGroup(tenant_id=ctx.tenant_id, code="ARM", name="Armaturen")
        session.add(armaturen)
        session.flush()
        valve = Article(tenant_id=ctx.tenant_id, number="A-VALVE", description="Kugelhahn", group_id=armaturen.id,
                        purchase_price=D("11.00"), average_cost=D("10.50"), sales_price_1=D("19.90"))
        pipe = Article(tenant_id=ctx.tenant_id, number="B-PIPE", description="Kupferrohr", purchase_price=D("4.20"),
                       sales_price_1=D("7.90"))
        seal = Article(tenant_id=ctx.tenant_id, number="C-SEAL", description="Dichtring", purchase_price=D("0.15"),
                       sales_price_1=D("0.40"))
        gone = Article(tenant_id=ctx.tenant_id, number="D-GONE", description="Auslaufartikel", purchase_price=D("9"))
        session.add_all([valve, pipe, seal, gone])
        session.flush()
        post_moves(session, ctx, [
            MoveSpec(article_id=valve.id, quantity=D("40"), moved_on=date(2025, 1, 2), symbol="AB"),
            MoveSpec(article_id=pipe.id, quantity=D("100"), moved_on=date(2026, 1, 2), symbol="AB"),
            MoveSpec(article_id=pipe.id, quantity=D("20"), moved_on=date(2026, 12, 20), symbol="WE", blocked=True),
            MoveSpec(article_id=seal.id, quantity=D("250"), moved_on=date(2026, 12, 1), symbol="AB"),
            MoveSpec(article_id=gone.id, quantity=D("5"), moved_on=date(2026, 2, 1), symbol="AB"),
            MoveSpec(article_id=gone.id, quantity=D("-5"), moved_on=date(2026, 3, 1), symbol="LS"),
        ])
        set_steps(session, ctx, [StepInput(min_days=180, percent=D("10")), StepInput(min_days=365, percent=D("25")),
                                 StepInput(min_days=730, percent=D("50"))])
        return {"valve": valve.id, "pipe": pipe.id, "seal": seal.id, "armaturen": armaturen.id}


def test_the_valuation_list_combines_age_based_and_manual_devaluation(company, bestand):
    """Valves are 728 days old on 31 December: 25 % off by age, then 10 % for the group
    Armaturen, then 0.50 per unit by hand: 10.50 x 0.75 x 0.90 - 0.50 = 6.5875."""
    with company.write() as (session, ctx):
        add_manual(session, ctx, ManualInput(article_group_id=bestand["armaturen"], percent=D("10")))
        add_manual(session, ctx, ManualInput(article_id=bestand["valve"], amount=D("0.50"), note="Gehäuse verkratzt"))

    with company.read() as (session, ctx):
        rows, totals = valuation_page(session, ctx, date(2026, 12, 31))
        by = {r.article_number: r for r in rows}
        assert list(by) == ["A-VALVE", "B-PIPE", "C-SEAL"]  # the sold-out article is not listed
        valve = by["A-VALVE"]
        assert (valve.quantity, valve.age_days, valve.age_percent, valve.manual_percent, valve.devaluation_amount) == (
            D("40"), 728, D("25"), D("10"), D("0.50"))
        assert (valve.valuation_price, valve.devalued_price) == (D("10.50"), D("6.5875"))
        assert (valve.purchase_value, valve.devalued_value, valve.sales_value) == (D("420.00"), D("263.50"),
                                                                                    D("796.00"))
        pipe = by["B-PIPE"]  # the blocked receipt of 20 December counts, and makes the pipes young again
        assert (pipe.quantity, pipe.blocked, pipe.age_days, pipe.devalued_price) == (D("120"), D("20"), 11, D("4.20"))
        seal = by["C-SEAL"]
        assert (seal.age_days, seal.devalued_value, seal.purchase_value) == (30, D("37.50"), D("37.50"))
        assert (totals.articles, totals.purchase_value, totals.devalued_value, totals.sales_value) == (
            3, D("961.50"), D("805.00"), D("1844.00"))
        assert valuation_totals(session, ctx, date(2026, 12, 31)) == totals
        assert [r.article_number for r in iter_valuation(session, ctx, date(2026, 12, 31),
                                                         article_group_id=bestand["armaturen"])] == ["A-VALVE"]
        supplier = Supplier(tenant_id=ctx.tenant_id, number="70001", short_name="KME", name1="KME Kupfer")
        session.add(supplier)
        session.flush()
        session.add(ArticleSupplier(tenant_id=ctx.tenant_id, article_id=bestand["pipe"], supplier_id=supplier.id))
        session.flush()
        assert [r.article_number for r in iter_valuation(session, ctx, date(2026, 12, 31),
                                                         supplier_id=supplier.id)] == ["B-PIPE"]

        earlier, _ = valuation_page(session, ctx, date(2025, 12, 31))
        assert [(r.article_number, r.age_days, r.devalued_price) for r in earlier] == [
            ("A-VALVE", 363, D("8.0050"))]  # 10.50 x 0.90 x 0.90 - 0.50
        second_page, _ = valuation_page(session, ctx, date(2026, 12, 31), limit=2, offset=2)
        assert [r.article_number for r in second_page] == ["C-SEAL"]


def test_manual_devaluations_are_checked_and_can_be_taken_back(company, bestand):
    for data, field, rule in [
        (ManualInput(article_id=bestand["valve"], article_group_id=bestand["armaturen"], percent=D("5")),
         "article_id", "one_of"),
        (ManualInput(article_group_id=bestand["armaturen"], amount=D("1")), "amount", "article_only"),
        (ManualInput(article_id=bestand["valve"]), "percent", "required"),
    ]:
        with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
            add_manual(session, ctx, data)
        assert (refused.value.problems[0].field, refused.value.problems[0].rule) == (field, rule)
    with pytest.raises(Invalid) as refused, company.write() as (session, ctx):
        set_steps(session, ctx, [StepInput(min_days=30, percent=D("5")), StepInput(min_days=30, percent=D("9"))])
    assert refused.value.problems[0].field == "steps.1.min_days"

    with company.write() as (session, ctx):
        manual = add_manual(session, ctx, ManualInput(article_id=bestand["seal"], percent=D("100")))
        rows, _ = valuation_page(session, ctx, date(2026, 12, 31))
        assert {r.article_number: r.devalued_value for r in rows}["C-SEAL"] == D("0.00")
        delete_manual(session, ctx, manual.id)
        rows, _ = valuation_page(session, ctx, date(2026, 12, 31))
        assert {r.article_number: r.devalued_value for r in rows}["C-SEAL"] == D("37.50")


def test_valuation_and_devaluation_over_http(api, company):
    """Set the age table, add a manual devaluation and read the list with its totals."""
    with company.write() as (session, ctx):
        pump = Article(tenant_id=ctx.tenant_id, number="P-1", description="Pumpe", purchase_price=D("40"),
                       sales_price_1=D("100"))
        session.add(pump)
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pump.id, quantity=D("3"), moved_on=date(2025, 6, 1),
                                           symbol="AB")])
        pump_id = pump.id
    steps = api.put("/api/stock/devaluation/steps", json={"steps": [{"min_days": 365, "percent": "20"}]})
    assert steps.status_code == 200 and steps.json() == [{"min_days": 365, "percent": "20.0000"}]
    assert api.get("/api/stock/devaluation/steps").json()[0]["min_days"] == 365
    manual = api.post("/api/stock/devaluation/manual", json={"article_id": pump_id, "amount": "2"})
    assert manual.status_code == 201, manual.text
    bad = api.post("/api/stock/devaluation/manual", json={"article_id": pump_id, "percent": "120"})
    assert bad.status_code == 422
    listed = api.get("/api/stock/valuation", params={"on": "2026-12-31", "totals": "true"}).json()
    row = listed["rows"][0]
    assert (row["quantity"], row["age_days"], row["devalued_price"], row["devalued_value"]) == (
        "3.0000", 578, "30.0000", "90.00")  # 40 x 0.80 - 2
    assert (listed["totals"]["purchase_value"], listed["totals"]["devalued_value"], listed["totals"]["sales_value"]) \
        == ("120.00", "90.00", "300.00")
    assert api.delete(f"/api/stock/devaluation/manual/{manual.json()['id']}").status_code == 204
    assert api.get("/api/stock/devaluation/manual").json() == []


def test_the_valuation_list_runs_a_fixed_number_of_queries_however_many_articles(company):
    """Sixty articles with three movements each: the list still asks the database a handful
    of times (rules, then one grouped query), never once per article."""
    from sqlalchemy import event

    with company.write() as (session, ctx):
        articles = [Article(tenant_id=ctx.tenant_id, number=f"M-{i:03d}", description=f"Muffe {i}",
                            purchase_price=D("1.10"), sales_price_1=D("2.00")) for i in range(60)]
        session.add_all(articles)
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=a.id, quantity=q, moved_on=date(2026, m, 1), symbol=s)
                                  for a in articles for q, m, s in ((D("10"), 1, "AB"), (D("-3"), 2, "LS"),
                                                                     (D("5"), 3, "WE"))])
    with company.read() as (session, ctx):
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(session.get_bind(), "before_cursor_execute", listener)
        try:
            rows = list(iter_valuation(session, ctx, date(2026, 12, 31)))
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", listener)
        assert len(rows) == 60 and {r.quantity for r in rows} == {D("12")}
        assert len([s for s in statements if "stock_move" in s]) == 1
        assert len(statements) <= 4
