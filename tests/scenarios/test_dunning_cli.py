"""The bookkeeper duns from the command line: levels, preview, run, block, history, print."""

from datetime import date

from click.testing import CliRunner

from kontor.cli import State, main
from tests.scenarios.dunning_setup import customers_and_article, posted_invoice


def test_dunning_from_the_command_line(company):
    bau, haus, work = customers_and_article(company)
    posted_invoice(company, bau, work, "3", date(2026, 3, 2))
    posted_invoice(company, haus, work, "1", date(2026, 3, 2))

    def kontor(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(main, ["--tenant", company.code, "dunning", *args],
                                    obj=State(kontor=company.kontor), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    assert "no dunning levels yet" in kontor("levels")
    kontor("levels", "set", "1", "--name", "Zahlungserinnerung", "--days", "7", "--text", "Offen: {total} {currency}")
    kontor("levels", "set", "2", "--name", "1. Mahnung", "--days", "21", "--after", "14", "--fee", "5.00",
           "--interest", "9.12")
    listing = kontor("levels")
    assert "1  Zahlungserinnerung" in listing and "fee 5.0000" in listing
    assert "fewer days overdue" in kontor("levels", "set", "3", "--name", "X", "--days", "1", code=1)
    assert "3  X" not in kontor("levels")

    preview = kontor("preview", "--on", "2026-04-01")
    assert "2 letters, 2 items" in preview and "nothing written" in preview
    assert "RE000001" in preview and "level 0 -> 1" in preview

    kontor("block", "--customer", "20002", "--reason", "Ratenzahlung")
    assert "customer 20002 Haustechnik Maier KG: Ratenzahlung" in kontor("blocks")
    run = kontor("run", "--on", "2026-04-01")
    assert "1 letters, 1 items" in run and "customer 20001" in run
    assert "made before" in kontor("run", "--on", "2026-04-01")

    history = kontor("history", "RE000001")
    assert "level 1" in history and "2026-04-01 level 1 letter" in history
    assert "never dunned" in kontor("history", "RE000002")
    kontor("block", "--item", "RE000002", "--reason", "Reklamation")
    assert "blocked" in kontor("history", "RE000002")

    letter_id = history.split("letter ")[1].split(":")[0]
    assert "Offen: 357,00 EUR" in kontor("print", letter_id, "--text")
    assert "<h1>Zahlungserinnerung</h1>" in kontor("print", letter_id)
    assert "name either --customer or --item" in kontor("block", code=2)
