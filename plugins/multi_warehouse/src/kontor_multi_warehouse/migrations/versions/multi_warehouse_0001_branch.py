"""multi_warehouse branch

Revision ID: multi_warehouse_0001
Revises:
Create Date: 2026-11-25 00:00:00.000000
"""
from collections.abc import Sequence

revision: str = "multi_warehouse_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("multi_warehouse",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    """The multi_warehouse branch starts empty: the plugin's tables (prefixed "multi_warehouse_") come
    with the issue that builds its features."""
    pass


def downgrade() -> None:
    """Nothing to undo: the branch's first revision creates no tables."""
    pass
