"""Engines and units of work for SQLite (default, WAL) and PostgreSQL (psycopg 3, pooled).

The caller owns the transaction: services take a Session and never commit. A unit of work
is opened with `Database.write()` (one transaction, committed at the end, rolled back on any
error) or `Database.read()`.

SQLite note: the stdlib driver's own transaction handling is switched off and kontor emits
BEGIN itself. Write units start with BEGIN IMMEDIATE, so two writers queue on the database
lock at the start instead of failing half-way with "database is locked" when a reader
upgrades to a writer. Read units use a plain deferred BEGIN and never block writers (WAL).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

_WRITE_OPTION = "kontor_write"


def normalize_url(url: str) -> str:
    """Accept plain postgresql:// URLs and use the psycopg 3 driver for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 20, pool_timeout: int = 10,
                echo: bool = False) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
        _prepare_sqlite(engine)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        pool_recycle=1800,
    )


def _prepare_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # kontor emits BEGIN itself (see module doc)
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        immediate = connection.get_execution_options().get(_WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _WriteQueue:
    """The turn of one writer thread at a time, waiting no longer than SQLite's busy timeout
    would (then the unit fails as a locked database does, and is retried like one)."""

    def __init__(self, timeout: float = 30.0):
        self._lock = threading.RLock()
        self._timeout = timeout

    def __enter__(self):
        if not self._lock.acquire(timeout=self._timeout):
            import sqlite3

            from sqlalchemy.exc import OperationalError

            raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
        return self

    def __exit__(self, *exc_info):
        self._lock.release()
        return False


class Database:
    """One database: its engine and the units of work opened on it."""

    def __init__(self, url: str, **engine_options):
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, **engine_options)
        self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        # SQLite lets one writer at a time in; the threads of this process wait for their turn
        # here, woken as soon as the writer before them commits, instead of polling the file
        # lock with SQLite's busy handler (which sleeps up to 100 ms between tries). Other
        # processes still queue on the file lock. PostgreSQL needs no queue: rows are locked.
        self._write_queue = _WriteQueue() if self.engine.dialect.name == "sqlite" else nullcontext()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        # close_resets_only=False: a session used after its unit has ended raises instead of
        # silently opening a new transaction (which on SQLite would hold the write lock).
        with self._write_queue:
            with Session(self._write_engine, expire_on_commit=False, autoflush=True,
                         close_resets_only=False) as session:
                with session.begin():
                    yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit; anything written by mistake is rolled back when it closes.
        (Closing, unlike an explicit rollback, keeps loaded records readable afterwards.)"""
        with Session(self.engine, expire_on_commit=False, close_resets_only=False) as session:
            yield session

    def run(self, work, *, attempts: int | None = None):
        """`work(session)` in a write unit of its own, run again when the database rolled it
        back for a deadlock or serialization failure (see kontor.db.retry)."""
        from kontor.db.retry import ATTEMPTS, retrying

        return retrying(self.write, work, attempts or ATTEMPTS)

    def dispose(self) -> None:
        self.engine.dispose()
