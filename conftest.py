"""Repository-wide pytest setup: the fixtures live in kontor.testing (see pyproject addopts).

The test-only plugins are registered here, at the root, so that the shared system has them
whichever test folder (tests/ or a plugin's tests/) starts the session.
"""

import pytest

from tests.plugins import (
    currency_plugin,
    document_events_plugin,
    faults_plugin,
    line_builder_plugin,
    listener_failure_plugin,
    open_items_plugin,
    price_plugin,
    printing_plugin,
    registration_plugin,
    stock_plan_plugin,
    validation_plugin,
)


@pytest.fixture(scope="session")
def extra_plugins() -> list:
    """Test-only plugins that implement each hook, so tests can show they change behaviour."""
    return [price_plugin, validation_plugin, registration_plugin, document_events_plugin, open_items_plugin,
            printing_plugin, faults_plugin, stock_plan_plugin, currency_plugin, line_builder_plugin,
            listener_failure_plugin]
