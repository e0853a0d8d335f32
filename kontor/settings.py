"""Parameter settings (Programmgrundlagen / Steuerungsparameter).

Three layers, later ones win:
1. the defaults below (documented, key by key, in config/kontor.toml),
2. a TOML file: $KONTOR_CONFIG, else ./config/kontor.toml, else the one beside the sources,
3. environment variables KONTOR_<KEY> (KONTOR_DATABASE_URL, KONTOR_DATA_DIR, ...).

Per-tenant parameters (which plugins are enabled, the tenant's basics) live in the database,
in `tenant_setting` rows, read and written through `kontor.core.tenancy.parameters`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

_SOURCE_CONFIG = Path(__file__).resolve().parent.parent / "config" / "kontor.toml"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("kontor-data")
    database_url: str = ""  # empty: SQLite file kontor.db in data_dir
    host: str = "127.0.0.1"
    port: int = 8000
    db_pool_size: int = 10
    db_max_overflow: int = 10
    db_pool_timeout: int = 10
    token_lifetime_hours: int = 12
    auth_cache_seconds: int = 5
    password_time_cost: int = 3
    password_memory_kib: int = 65536
    default_plugins: tuple[str, ...] = ()
    page_size: int = 50
    max_page_size: int = 500
    bundles_dir: Path | None = None
    config_file: Path | None = field(default=None, compare=False)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'kontor.db').resolve()}"

    @property
    def resolved_bundles_dir(self) -> Path | None:
        if self.bundles_dir is not None:
            return self.bundles_dir
        if self.config_file is not None:
            return self.config_file.parent / "bundles"
        return None


def _find_config_file(environ: dict[str, str]) -> Path | None:
    if environ.get("KONTOR_CONFIG"):
        return Path(environ["KONTOR_CONFIG"])
    for candidate in (Path.cwd() / "config" / "kontor.toml", _SOURCE_CONFIG):
        if candidate.is_file():
            return candidate
    return None


def _coerce(name: str, raw, target_type: str):
    if "tuple" in target_type:
        if isinstance(raw, str):
            return tuple(p.strip() for p in raw.split(",") if p.strip())
        return tuple(raw)
    if "Path" in target_type:
        return Path(raw) if raw not in (None, "") else None
    if target_type == "int":
        return int(raw)
    return str(raw)


def load_settings(environ: dict[str, str] | None = None, **overrides) -> Settings:
    """Settings from defaults, the config file and the environment (see module doc)."""
    environ = dict(os.environ if environ is None else environ)
    config_file = _find_config_file(environ)
    values: dict[str, object] = {}
    if config_file is not None and config_file.is_file():
        with config_file.open("rb") as handle:
            document = tomllib.load(handle)
        values.update(document.get("kontor", {}))
    known = {f.name: str(f.type) for f in fields(Settings) if f.name != "config_file"}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"unknown setting(s) in {config_file}: {', '.join(sorted(unknown))}")
    for name in known:
        env_value = environ.get(f"KONTOR_{name.upper()}")
        if env_value is not None:
            values[name] = env_value
    values.update(overrides)
    coerced = {name: _coerce(name, value, known[name]) for name, value in values.items()}
    settings = replace(Settings(), **coerced, config_file=config_file)
    if settings.data_dir is None:
        settings = replace(settings, data_dir=Path("kontor-data"))
    return settings
