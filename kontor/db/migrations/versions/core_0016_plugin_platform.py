"""plugin platform

Reserved for issue 12: plugin settings per tenant, recorded event failures. Until that work lands this revision changes nothing, so the chain of
core revisions stays linear while the issues are built side by side.

Revision ID: core_0016
Revises: core_0015
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

revision: str = 'core_0016'
down_revision: str | None = 'core_0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
