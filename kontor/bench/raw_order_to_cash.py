"""The raw-SQL floor of the order-to-cash cycle: the same rows kontor writes, through the
stdlib `sqlite3` module, with no ORM, no validation, no hooks.

One cycle, three transactions (as a clerk's three clicks):
  1. order: draw the number, insert the header and 5 lines, an audit entry;
  2. delivery note: number, header, 5 lines pointing at the order lines, 5 ledger movements,
     5 guarded stock-level updates (never below zero), the order's state, an audit entry;
  3. invoice: header, 5 lines, the posting number, the open item, the states of order and
     delivery note, audit entries for creation and posting.
The file uses the same pragmas as kontor (WAL, synchronous NORMAL, foreign keys on) and
amounts as scaled integers as kontor's SQLite columns do. kontor bench reports kontor's
cycle rate as a ratio to this one, measured in the same run on the same machine.

Run alone: python -m kontor.bench.raw_order_to_cash --cycles 2000
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE number_range (id INTEGER PRIMARY KEY, tenant_id INT, code TEXT, next_value INT, prefix TEXT);
CREATE TABLE document (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INT NOT NULL, kind TEXT NOT NULL,
  number TEXT, state TEXT NOT NULL, done INT NOT NULL DEFAULT 0, doc_date TEXT NOT NULL, customer_id INT,
  bill_name1 TEXT, bill_street TEXT, bill_postal_code TEXT, bill_city TEXT, bill_country_code TEXT,
  ship_name1 TEXT, ship_street TEXT, ship_postal_code TEXT, ship_city TEXT, ship_country_code TEXT,
  currency_code TEXT, price_class INT, payment_term_id INT, clerk TEXT, lines_net INT, net_total INT,
  tax_total INT, gross_total INT, locked INT NOT NULL DEFAULT 0, posted_at TEXT, created_at TEXT, updated_at TEXT);
CREATE UNIQUE INDEX ux_document_number ON document (tenant_id, kind, number);
CREATE INDEX ix_document_customer ON document (tenant_id, customer_id);
CREATE TABLE document_line (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INT NOT NULL, document_id INT NOT NULL
  REFERENCES document(id), position INT, article_id INT, article_number TEXT, description TEXT, article_type TEXT,
  quantity INT, unit TEXT, unit_price INT, discount_percent INT, net_amount INT, tax_code_id INT, tax_rate INT,
  cost_price INT, price_source TEXT, source_line_id INT REFERENCES document_line(id), order_line_id INT);
CREATE INDEX ix_line_document ON document_line (document_id, position);
CREATE INDEX ix_line_order_line ON document_line (order_line_id);
CREATE INDEX ix_line_source ON document_line (source_line_id);
CREATE TABLE stock_level (id INTEGER PRIMARY KEY, tenant_id INT, article_id INT, warehouse_id INT, on_hand INT,
  UNIQUE (tenant_id, article_id, warehouse_id));
CREATE TABLE stock_move (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INT, article_id INT, warehouse_id INT,
  quantity INT, moved_on TEXT, symbol TEXT, document_id INT, document_line_id INT, document_number TEXT,
  unit_cost INT, created_at TEXT);
CREATE INDEX ix_move_article ON stock_move (tenant_id, article_id, moved_on);
CREATE INDEX ix_move_line ON stock_move (document_line_id);
CREATE TABLE open_item (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INT, document_id INT UNIQUE, customer_id INT,
  number TEXT, doc_date TEXT, due_date TEXT, amount INT, open_amount INT, state TEXT);
CREATE TABLE audit_entry (id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id INT, resource TEXT, record_id INT,
  action TEXT, username TEXT, before TEXT, after TEXT, at TEXT);
"""

ARTICLES = 500
SCALE = 10000  # 4 decimal places, as kontor stores exact numbers on SQLite


def prepare(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")
    connection.executescript(SCHEMA)
    connection.executemany("INSERT INTO number_range (tenant_id, code, next_value, prefix) VALUES (1, ?, 1, ?)",
                           [("order", "AB"), ("delivery_note", "LS"), ("invoice", "RE")])
    connection.executemany("INSERT INTO stock_level (tenant_id, article_id, warehouse_id, on_hand) VALUES (1, ?, 1, ?)",
                           [(a, 10**9 * SCALE) for a in range(1, ARTICLES + 1)])
    return connection


def _number(cursor: sqlite3.Cursor, code: str) -> str:
    prefix, value = cursor.execute(
        "UPDATE number_range SET next_value = next_value + 1 WHERE tenant_id = 1 AND code = ? "
        "RETURNING prefix, next_value - 1", (code,)).fetchone()
    return f"{prefix}{value:06d}"


def _header(cursor: sqlite3.Cursor, kind: str, number: str | None, state: str, customer: int, net: int, now: str) -> int:
    tax = net * 19 // 100
    cursor.execute(
        "INSERT INTO document (tenant_id, kind, number, state, doc_date, customer_id, bill_name1, bill_street, "
        "bill_postal_code, bill_city, bill_country_code, ship_name1, ship_street, ship_postal_code, ship_city, "
        "ship_country_code, currency_code, price_class, payment_term_id, clerk, lines_net, net_total, tax_total, "
        "gross_total, created_at, updated_at) VALUES (1, ?, ?, ?, '2026-05-04', ?, 'Kunde GmbH', 'Hauptstr. 1', "
        "'93047', 'Regensburg', 'DE', 'Kunde GmbH', 'Hauptstr. 1', '93047', 'Regensburg', 'DE', 'EUR', 1, 1, "
        "'bench', ?, ?, ?, ?, ?, ?)", (kind, number, state, customer, net, net, tax, net + tax, now, now))
    return cursor.lastrowid


def _lines(cursor: sqlite3.Cursor, document_id: int, articles: list[int], sources: list[int] | None,
           orders: list[int] | None) -> list[int]:
    ids = []
    for position, article in enumerate(articles, 1):
        cursor.execute(
            "INSERT INTO document_line (tenant_id, document_id, position, article_id, article_number, description, "
            "article_type, quantity, unit, unit_price, discount_percent, net_amount, tax_code_id, tax_rate, cost_price, "
            "price_source, source_line_id, order_line_id) VALUES (1, ?, ?, ?, ?, 'Artikel', 'M', ?, 'Stk', ?, 0, ?, 1, "
            "?, ?, 'price class 1', ?, ?)",
            (document_id, position, article, f"A{article:07d}", 3 * SCALE, 1000 * SCALE, 3000 * SCALE, 19 * SCALE,
             600 * SCALE, sources[position - 1] if sources else None, orders[position - 1] if orders else None))
        ids.append(cursor.lastrowid)
    return ids


def _audit(cursor: sqlite3.Cursor, record: int, action: str, now: str) -> None:
    cursor.execute("INSERT INTO audit_entry (tenant_id, resource, record_id, action, username, before, after, at) "
                   "VALUES (1, 'documents', ?, ?, 'bench', NULL, '{\"state\": \"open\"}', ?)", (record, action, now))


def cycle(connection: sqlite3.Connection, n: int) -> None:
    cursor = connection.cursor()
    now = time.strftime("%Y-%m-%d %H:%M:%S")
    articles = [(n * 5 + k) % ARTICLES + 1 for k in range(5)]
    net = 5 * 3000 * SCALE
    customer = n % 1000 + 1

    cursor.execute("BEGIN IMMEDIATE")
    order = _header(cursor, "order", _number(cursor, "order"), "open", customer, net, now)
    order_lines = _lines(cursor, order, articles, None, None)
    _audit(cursor, order, "create", now)
    cursor.execute("COMMIT")

    cursor.execute("BEGIN IMMEDIATE")
    note_number = _number(cursor, "delivery_note")
    note = _header(cursor, "delivery_note", note_number, "open", customer, net, now)
    note_lines = _lines(cursor, note, articles, order_lines, order_lines)
    for article, line in zip(articles, note_lines, strict=True):
        cursor.execute("INSERT INTO stock_move (tenant_id, article_id, warehouse_id, quantity, moved_on, symbol, "
                       "document_id, document_line_id, document_number, unit_cost, created_at) "
                       "VALUES (1, ?, 1, ?, '2026-05-05', 'LS', ?, ?, ?, 0, ?)",
                       (article, -3 * SCALE, note, line, note_number, now))
        changed = cursor.execute("UPDATE stock_level SET on_hand = on_hand - ? WHERE tenant_id = 1 AND article_id = ? "
                                 "AND warehouse_id = 1 AND on_hand - ? >= 0", (3 * SCALE, article, 3 * SCALE)).rowcount
        if changed != 1:
            raise RuntimeError("out of stock")
    cursor.execute("UPDATE document SET state = 'delivered' WHERE id = ?", (order,))
    _audit(cursor, note, "convert", now)
    cursor.execute("COMMIT")

    cursor.execute("BEGIN IMMEDIATE")
    invoice = _header(cursor, "invoice", None, "draft", customer, net, now)
    _lines(cursor, invoice, articles, note_lines, order_lines)
    number = _number(cursor, "invoice")
    cursor.execute("UPDATE document SET number = ?, state = 'posted', locked = 1, posted_at = ? WHERE id = ?",
                   (number, now, invoice))
    gross = net + net * 19 // 100
    cursor.execute("INSERT INTO open_item (tenant_id, document_id, customer_id, number, doc_date, due_date, amount, "
                   "open_amount, state) VALUES (1, ?, ?, ?, '2026-05-06', '2026-06-05', ?, ?, 'open')",
                   (invoice, customer, number, gross, gross))
    cursor.execute("UPDATE document SET state = 'invoiced' WHERE id IN (?, ?)", (order, note))
    _audit(cursor, invoice, "convert", now)
    _audit(cursor, invoice, "post", now)
    cursor.execute("COMMIT")


def measure(cycles: int, folder: Path | None = None) -> float:
    """Cycles per second over `cycles` cycles in a fresh file."""
    with tempfile.TemporaryDirectory(prefix="kontor-raw-", dir=folder) as tmp:
        connection = prepare(Path(tmp) / "raw.db")
        cycle(connection, 0)  # warm up
        start = time.perf_counter()
        for n in range(1, cycles + 1):
            cycle(connection, n)
        elapsed = time.perf_counter() - start
        connection.close()
    return cycles / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=2000)
    args = parser.parse_args()
    print(f"raw sqlite3 order-to-cash: {measure(args.cycles):.0f} cycles/s")


if __name__ == "__main__":
    main()
