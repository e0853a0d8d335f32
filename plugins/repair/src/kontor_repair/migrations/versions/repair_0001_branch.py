"""repair branch

Revision ID: repair_0001
Revises:
Create Date: 2026-11-25 00:00:00.000000
"""
from collections.abc import Sequence

revision: str = "repair_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("repair",)
depends_on: str | Sequence[str] | None = "core_0001"


def upgrade() -> None:
    """The repair branch starts empty: the plugin's tables (prefixed "repair_") come
    with the issue that builds its features."""
    pass


def downgrade() -> None:
    """Nothing to undo: the branch's first revision creates no tables."""
    pass
