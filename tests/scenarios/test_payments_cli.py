"""Entering a payment and printing the ageing list from the command line.

The bookkeeper types the bank statement line for Bau GmbH: 349,86 for invoice RE000001 with
cash discount; then prints the open items at the end of March: the second invoice is still
open, 1-30 days past due.
"""

from datetime import date

from click.testing import CliRunner

from kontor.cli import State, main
from tests.scenarios.test_payments import item, make_customer, make_invoice


def test_kontor_payments_enter_and_open_items_ageing(kontor_system, company):
    ids = make_customer(company)
    first = make_invoice(company, ids, date(2026, 2, 20))
    make_invoice(company, ids, date(2026, 2, 25))

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(main, ["--tenant", company.code, *args], obj=State(kontor=kontor_system),
                                    catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output.splitlines()

    entered = run("payments", "enter", "--customer", "20001", "--amount", "349,86", "--on", "2026-03-06",
                  "--item", "RE000001", "--cash-discount", "--reference", "KA 9")
    assert entered[0].startswith("payment ") and entered[0].endswith("349.86 from customer 20001 on 2026-03-06")
    assert [line.split()[0] for line in entered[1:3]] == ["payment", "cash_discount"]
    assert entered[-1] == "unallocated (credit): 0.00"
    assert item(company, first).state == "paid"

    listed = run("open-items", "ageing", "--on", "2026-03-31")
    assert listed[0] == "open items on 2026-03-31"
    assert listed[2].split() == ["20001", "Bau", "GmbH", "0.00", "357.00", "0.00", "0.00", "0.00", "0.00", "357.00"]
    assert listed[3].split()[0] == "total" and listed[3].split()[-1] == "357.00"

    payment_id = entered[0].split()[1].rstrip(":")
    undone = run("payments", "reverse", payment_id, "--reason", "falscher Kunde", "--on", "2026-04-01")
    assert len(undone) == 1 and undone[0].startswith(f"payment {payment_id} reversed by payment ")
    assert undone[0].endswith("(-349.86)")
    assert item(company, first).state == "open"

    refused = run("payments", "enter", "--customer", "20001", "--amount", "1", "--item", "RE000009", code=1)
    assert "no open item RE000009" in refused[-1]
