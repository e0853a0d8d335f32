"""hardening

Reserved for issue 11: login throttling, token revocation and the other tables of the hardening work. Until that work lands this revision changes nothing, so the chain of
core revisions stays linear while the issues are built side by side.

Revision ID: core_0015
Revises: core_0014
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

revision: str = 'core_0015'
down_revision: str | None = 'core_0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
