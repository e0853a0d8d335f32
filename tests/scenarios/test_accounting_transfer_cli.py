"""Month end from the command line: `kontor accounting journal` lists January,
`export` writes the DATEV files into a folder without closing anything, `transfer` writes
them and closes January, a second `transfer` is refused until `--repeat` is given."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

from kontor.cli import State, main
from tests.scenarios.accounting_scenario import build_january, parse

PERIOD = ["--from", "2026-01-01", "--to", "2026-01-31"]
FILES = ["EXTF_Buchungsstapel_Ausgang_20260101_20260131.csv", "EXTF_Buchungsstapel_Eingang_20260101_20260131.csv",
         "EXTF_Debitoren_20260101_20260131.csv", "EXTF_Kreditoren_20260101_20260131.csv"]


def test_journal_export_and_transfer_from_the_command_line(company, tmp_path):
    build_january(company)

    def run(*args: str, code: int = 0):
        result = CliRunner().invoke(main, ["--tenant", company.code, "accounting", *args],
                                    obj=State(kontor=company.kontor), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    journal_csv = tmp_path / "journal.csv"
    listed = run("journal", *PERIOD, "--out", str(journal_csv))
    assert "4 documents, net 4285.0000, tax 423.3500, gross 4708.3500" in listed
    lines = journal_csv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "number;date;kind;party;name;currency;net;tax;gross"
    assert lines[1].startswith("RE000001;2026-01-15;invoice;10001;Bäckerei Krüger;EUR;2315.0000;436.2500;2751.2500")
    assert len(lines) == 5

    looked = tmp_path / "look"
    assert "the period is not closed" in run("export", *PERIOD, "--out", str(looked))
    assert sorted(p.name for p in looked.iterdir()) == sorted(FILES)
    assert run("transfers") == ""

    out = tmp_path / "datev"
    done = run("transfer", *PERIOD, "--out", str(out))
    assert "run 1" in done and "2026-01-01 to 2026-01-31 is closed" in done
    assert "1 unposted invoice(s) dated in the period are not in the files" in done
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no .part left
    header = parse((out / FILES[0]).read_bytes())[0]
    assert header[:5] == ["EXTF", "700", "21", "Buchungsstapel", "13"]

    refused = run("transfer", *PERIOD, "--out", str(tmp_path / "again"), code=1)
    assert "was transferred to accounting on" in refused
    assert not (tmp_path / "again").exists() or not any((tmp_path / "again").iterdir())

    again = run("transfer", *PERIOD, "--out", str(tmp_path / "again"), "--repeat")
    assert "run 2" in again
    history = run("transfers").splitlines()
    assert [line.split()[:4] for line in history] == [["2026-01-01", "2026-01-31", "run", "2"],
                                                      ["2026-01-01", "2026-01-31", "run", "1"]]
    with company.read() as (session, ctx):
        from kontor.core.finance.transfers import list_transfers

        first = list_transfers(session, ctx)[-1]
        assert first.checksums == {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in FILES}
