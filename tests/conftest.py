import pytest

from tests.plugins import document_events_plugin, price_plugin, registration_plugin, validation_plugin


@pytest.fixture(scope="session")
def extra_plugins() -> list:
    """Test-only plugins that implement each hook, so tests can show they change behaviour."""
    return [price_plugin, validation_plugin, registration_plugin, document_events_plugin]
