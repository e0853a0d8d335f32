"""Parameter settings: defaults, the config file, the environment."""

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from kontor.settings import Settings, load_settings

CONFIG = Path(__file__).resolve().parents[2] / "config" / "kontor.toml"


def test_the_shipped_config_file_documents_every_default():
    documented = tomllib.loads(CONFIG.read_text())["kontor"]
    defaults = Settings()
    settable = {f.name for f in fields(Settings)} - {"config_file", "bundles_dir"}
    assert set(documented) == settable
    loaded = load_settings(environ={"KONTOR_CONFIG": str(CONFIG)})
    for name in settable:
        assert getattr(loaded, name) == getattr(defaults, name), name


def test_environment_overrides_the_file(tmp_path):
    settings = load_settings(environ={
        "KONTOR_CONFIG": str(CONFIG),
        "KONTOR_DATABASE_URL": "postgresql://kontor@db/kontor",
        "KONTOR_PORT": "9000",
        "KONTOR_DEFAULT_PLUGINS": "pos, special_prices",
    })
    assert settings.database_url == "postgresql://kontor@db/kontor"
    assert settings.port == 9000
    assert settings.default_plugins == ("pos", "special_prices")


def test_the_default_database_is_a_sqlite_file_in_the_data_folder(tmp_path):
    settings = load_settings(environ={"KONTOR_CONFIG": str(CONFIG), "KONTOR_DATA_DIR": str(tmp_path)})
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'kontor.db'}"
    assert settings.resolved_bundles_dir == CONFIG.parent / "bundles"


def test_an_unknown_key_in_the_config_file_is_refused(tmp_path):
    bad = tmp_path / "kontor.toml"
    bad.write_text('[kontor]\ndatabse_url = "x"\n')
    with pytest.raises(ValueError, match="unknown setting\\(s\\) .*databse_url"):
        load_settings(environ={"KONTOR_CONFIG": str(bad)})
