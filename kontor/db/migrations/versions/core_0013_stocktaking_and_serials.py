"""stocktaking and serials

stocktakings, devaluation, serial and batch numbers (kontor.core.stock.stocktaking_models, serial_models)

Revision ID: core_0013
Revises: core_0012
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

import kontor.db.types  # noqa: F401

revision: str = 'core_0013'
down_revision: str | None = 'core_0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
