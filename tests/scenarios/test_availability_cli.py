"""The commands a buyer types: the availability of the pump, reserving an order, the plan,
and a reorder proposal created, shown and ordered."""

from datetime import date, timedelta

from click.testing import CliRunner

from kontor.cli import main
from kontor.cli.base import State
from kontor.core.documents.models import Document
from tests.scenarios.planning_shop import build_shop, order_for


def test_buyer_commands(company):
    shop = build_shop(company)
    order_id, _ = order_for(company, shop, [("pump", "5"), ("radiator", "2")],
                            delivery_date=date.today() + timedelta(days=5))
    with company.read() as (session, ctx):
        order_number = session.get(Document, order_id).number

    def run(*args, code=0):
        result = CliRunner().invoke(main, ["--tenant", company.code, *args], obj=State(kontor=company.kontor))
        assert result.exit_code == code, result.output
        return result.output

    out = run("availability", "show", "UP-25", "--customer", "20001", "--since", "2026-01-01")
    assert "on hand 20  reserved 0  available 20" in out and "warehouse HL" in out and "list price 189" in out
    out = run("availability", "reserve-order", order_number)
    assert "line 1: open 5, reserved before 0, from stock 5" in out and "line 2:" in out and "missing 2" in out
    assert "from stock          for Sanitär Huber KG AB" in run("availability", "show", "UP-25")
    assert "HK-600" in run("availability", "plan")
    out = run("proposals", "create", "--trigger", "minimum")
    assert "TV-12" in out and "Heizungsgroßhandel Nord" in out
    proposal_id = out.split()[2]
    shown = run("proposals", "show", proposal_id)
    assert "TV-12" in shown and "supplier 70001 Heizungsgroßhandel Nord: 1 lines, 245.0000 net" in shown
    assert "purchase order" in run("proposals", "order", proposal_id)
    assert "nothing left to order" in run("proposals", "order", proposal_id, code=1)
    assert "HK-600" in run("proposals", "from-order", order_number, "--supplier", "70002")
    assert "no article 'XX'" in run("availability", "show", "XX", code=1)
    assert "available by 2030-01-01: 15" in run("availability", "show", "UP-25", "--on", "2030-01-01")
    assert "stock levels equal the ledger and the reservations" in run("stock", "verify")
