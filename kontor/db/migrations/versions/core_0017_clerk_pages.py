"""clerk pages

Reserved for issue 13: web sessions, saved views, user language. Until that work lands this revision changes nothing, so the chain of
core revisions stays linear while the issues are built side by side.

Revision ID: core_0017
Revises: core_0016
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

revision: str = 'core_0017'
down_revision: str | None = 'core_0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
