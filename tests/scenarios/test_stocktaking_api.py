"""Stocktaking as the clerk does it over HTTP and the administrator on the command line."""

from datetime import date
from decimal import Decimal

from click.testing import CliRunner
from sqlmodel import select

from kontor.cli import State, main
from kontor.core.masterdata.articles.models import Article
from kontor.core.stock.ledger import MoveSpec, post_moves
from kontor.core.stock.models import StockMove
from kontor.core.stock.queries import verify_ledger

D = Decimal


def _articles(company):
    with company.write() as (session, ctx):
        pipe = Article(tenant_id=ctx.tenant_id, number="R-100", description="Kupferrohr", purchase_price=D("4.20"),
                       sales_price_1=D("7.90"))
        valve = Article(tenant_id=ctx.tenant_id, number="V-200", description="Kugelhahn", purchase_price=D("11"),
                        sales_price_1=D("19.90"))
        session.add_all([pipe, valve])
        session.flush()
        post_moves(session, ctx, [MoveSpec(article_id=pipe.id, quantity=D("100"), moved_on=date(2026, 1, 2), symbol="AB"),
                                  MoveSpec(article_id=valve.id, quantity=D("40"), moved_on=date(2026, 1, 2), symbol="AB")])
        return pipe.id, valve.id


def test_a_stocktaking_over_http_from_opening_to_posting(api, company):
    pipe, valve = _articles(company)
    opened = api.post("/api/stock/stocktakings", json={"key_date": "2026-12-31", "kind": "full"},
                      headers={"Idempotency-Key": "inv-2026"})
    assert opened.status_code == 201, opened.text
    again = api.post("/api/stock/stocktakings", json={"key_date": "2026-12-31", "kind": "full"},
                     headers={"Idempotency-Key": "inv-2026"})
    assert again.json()["id"] == opened.json()["id"]  # a retried request opens no second stocktaking
    sid = opened.json()["id"]
    assert (opened.json()["state"], opened.json()["lines"], opened.json()["counted"]) == ("open", 2, 0)

    negative = api.post(f"/api/stock/stocktakings/{sid}/counts", json={"counts": [
        {"article_id": pipe, "counted": "98"}, {"article_id": valve, "counted": "-1"}]})
    assert negative.status_code == 422
    assert [(e["field"], e["rule"]) for e in negative.json()["errors"]] == [("counts.1.counted", "non_negative")]
    assert api.get(f"/api/stock/stocktakings/{sid}").json()["counted"] == 0

    counted = api.post(f"/api/stock/stocktakings/{sid}/counts", json={"counts": [
        {"article_id": pipe, "counted": "98", "reason": "Verschnitt"}, {"article_id": valve, "counted": "40"}]})
    assert counted.status_code == 200, counted.text
    assert (counted.json()["state"], counted.json()["differences"], counted.json()["difference_value"]) == (
        "counted", 1, "-8.40")
    rows = api.get(f"/api/stock/stocktakings/{sid}/differences", params={"only_differences": "true"}).json()
    assert [(r["article_number"], r["book"], r["counted"], r["difference"]) for r in rows] == [
        ("R-100", "100.0000", "98.0000", "-2.0000")]

    posted = api.post(f"/api/stock/stocktakings/{sid}/post")
    assert posted.status_code == 200 and posted.json()["state"] == "posted"
    twice = api.post(f"/api/stock/stocktakings/{sid}/post")
    assert twice.status_code == 409 and "posted already" in twice.json()["detail"]
    ledger = api.get(f"/api/stock/articles/{pipe}").json()
    assert [(m["symbol"], m["quantity"], m["moved_on"]) for m in ledger["movements"]][-1] == (
        "IN", "-2.0000", "2026-12-31")

    manual = api.post("/api/stock/difference-lists", json={"on": "2027-01-15", "items": [
        {"article_id": valve, "difference": "-1", "reason": "Bruch"}]})
    assert manual.status_code == 201 and manual.json()["kind"] == "manual"
    assert api.get(f"/api/stock/articles/{valve}").json()["on_hand"] == "39.0000"
    assert [s["kind"] for s in api.get("/api/stock/stocktakings", params={"state": "posted"}).json()] == [
        "manual", "full"]
    with company.read() as (session, ctx):
        assert verify_ledger(session, ctx.tenant_id) == []


def test_stocktaking_on_the_command_line(company, tmp_path):
    """Open, count from a file, list the differences, post, and print the valuation list."""
    pipe, valve = _articles(company)
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(main, ["--tenant", company.code, *args], obj=State(kontor=company.kontor),
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    opened = run("stocktaking", "open", "--on", "2026-12-31")
    sid = opened.split("(id ")[1].split(")")[0]
    counts = tmp_path / "counts.csv"
    counts.write_text("R-100;97,5;Verschnitt\nV-200;41\n", encoding="utf-8")
    assert "2 counts entered" in run("stocktaking", "count", sid, str(counts))
    listed = run("stocktaking", "differences", sid, "--only")
    assert "R-100" in listed and "-2.5000" in listed and "2 differences" in listed
    assert "posted: 2 differences" in run("stocktaking", "post", sid)
    valuation = run("stocktaking", "valuation", "--on", "2026-12-31")
    assert "2 articles, purchase value 860.50" in valuation  # 97.5 x 4.20 + 41 x 11
    with company.read() as (session, ctx):
        assert len(session.exec(select(StockMove).where(StockMove.tenant_id == ctx.tenant_id,
                                                        StockMove.symbol == "IN")).all()) == 2
    assert "0 line(s) with incomplete numbers" in run("serials", "missing")


def test_a_viewer_reads_the_valuation_but_cannot_count_or_post(http, company):
    """Read permission on stock shows lists; counting and posting need write and post."""
    from kontor.testing import api_as

    pipe, _ = _articles(company)
    with company.write() as (session, ctx):
        from kontor.core.stock.stocktaking import open_stocktaking

        sid = open_stocktaking(session, ctx, date(2026, 12, 31)).id
    viewer = api_as(http, company, "viewer")
    assert viewer.get("/api/stock/valuation", params={"on": "2026-12-31"}).status_code == 200
    assert viewer.post(f"/api/stock/stocktakings/{sid}/counts",
                       json={"counts": [{"article_id": pipe, "counted": "1"}]}).status_code == 403
    assert viewer.post(f"/api/stock/stocktakings/{sid}/post").status_code == 403
    assert viewer.post("/api/stock/difference-lists", json={"on": "2026-12-31", "items": [
        {"article_id": pipe, "difference": "1"}]}).status_code == 403
