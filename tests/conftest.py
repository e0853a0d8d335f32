import pytest

from tests.plugins import price_plugin, validation_plugin, registration_plugin


@pytest.fixture(scope="session")
def extra_plugins() -> list:
    """Test-only plugins that implement each hook, so tests can show they change behaviour."""
    return [price_plugin, validation_plugin, registration_plugin]
