"""Test plugin: drops its own database connection in the middle of a request, when a
document carries the customer order number DROP-CONNECTION (PostgreSQL only)."""

from sqlalchemy import create_engine, text

from kontor.api import PluginMeta, hookimpl
from kontor.db.engine import normalize_url  # a test of faults reaches below the public surface on purpose

PLUGIN = PluginMeta(name="test_faults", title="Test faults", version="1.0")


@hookimpl
def kontor_validate(session, subject, record):
    if subject != "documents" or getattr(record, "customer_order_number", "") != "DROP-CONNECTION":
        return None
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
    admin = create_engine(normalize_url(bind.url.render_as_string(hide_password=False)))
    try:
        with admin.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()
    return None
