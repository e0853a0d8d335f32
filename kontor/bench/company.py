"""A fresh database and benchmark company: SQLite in a temporary folder by default, or a
fresh schema in the PostgreSQL database of KONTOR_DATABASE_URL (dropped afterwards)."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from kontor.db.engine import normalize_url
from kontor.db.migrate import upgrade
from kontor.plugins import build_plugin_host
from kontor.runtime import Kontor
from kontor.settings import load_settings

TENANT = "bench"


@contextmanager
def fresh_database(url: str | None, folder: Path) -> Iterator[str]:
    if not url:
        yield f"sqlite:///{folder / 'kontor-bench.db'}"
        return
    schema = f"kontor_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@dataclass
class BenchSystem:
    kontor: Kontor
    url: str
    folder: Path
    tenant_code: str = TENANT

    def write(self):
        return _unit(self, write=True)

    def read(self):
        return _unit(self, write=False)

    @property
    def backend(self) -> str:
        return "postgresql" if self.url.startswith("postgres") else "sqlite"


@contextmanager
def _unit(system: BenchSystem, write: bool):
    db = system.kontor.db
    with (db.write() if write else db.read()) as session:
        yield session, system.kontor.system_context(session, system.tenant_code)


@contextmanager
def bench_system(url: str | None = None) -> Iterator[BenchSystem]:
    from kontor.tenant_setup import setup_tenant

    with tempfile.TemporaryDirectory(prefix="kontor-bench-") as tmp, fresh_database(url, Path(tmp)) as db_url:
        settings = load_settings(environ={}, data_dir=Path(tmp), database_url=db_url)
        host = build_plugin_host()
        kontor = Kontor.build(settings, host=host)
        upgrade(kontor.db, host)
        with kontor.db.write() as session:
            setup_tenant(session, kontor, TENANT, "Bench Haustechnik GmbH", plugins=[])
        try:
            yield BenchSystem(kontor, db_url, Path(tmp))
        finally:
            kontor.db.dispose()
