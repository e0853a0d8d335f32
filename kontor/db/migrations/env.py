"""Alembic environment: runs on the connection kontor hands over (see kontor.db.migrate)."""

from alembic import context
from sqlmodel import SQLModel

import kontor.db.models  # noqa: F401  (fills the metadata)
from kontor.db.types import Exact


def render_item(kind, obj, autogen_context):
    """Write Exact columns with their scale into generated revisions."""
    if kind == "type" and isinstance(obj, Exact):
        autogen_context.imports.add("import kontor.db.types")
        return f"kontor.db.types.Exact(scale={obj.scale}, precision={obj.precision})"
    return False


config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
