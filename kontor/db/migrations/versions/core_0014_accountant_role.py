"""accountant role

The standard role `accountant` (accounts receivable: finance post, credit limits write,
everything else read) for the tenants that exist already; new tenants get it when they are
set up (kontor.core.users.services.STANDARD_ROLES). A tenant that made a role of that name
itself keeps its own.

Revision ID: core_0014
Revises: core_0013
Create Date: 2026-11-25 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = 'core_0014'
down_revision: str | None = 'core_0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "accountant"
DESCRIPTION = "Accounts receivable: payments, write-offs, dunning, credit limits and the transfer to accounting"
# read 1, write 2, post 3 (kontor.core.users.permissions.Level); the core parts of this revision
GRANTS = {"masterdata": 1, "basics": 1, "sales": 1, "returns": 1, "purchasing": 1, "stock": 1, "finance": 3,
          "users": 1, "settings": 1, "credit_limits": 2}


def upgrade() -> None:
    connection = op.get_bind()
    tenants = connection.execute(sa.text(
        "SELECT id FROM tenant WHERE id NOT IN (SELECT tenant_id FROM role WHERE name = :name)"), {"name": NAME}).scalars()
    for tenant_id in list(tenants):
        connection.execute(sa.text("INSERT INTO role (tenant_id, name, description) VALUES (:t, :n, :d)"),
                           {"t": tenant_id, "n": NAME, "d": DESCRIPTION})
        role_id = connection.execute(sa.text("SELECT id FROM role WHERE tenant_id = :t AND name = :n"),
                                     {"t": tenant_id, "n": NAME}).scalar_one()
        for part, level in GRANTS.items():
            connection.execute(sa.text("INSERT INTO role_grant (tenant_id, role_id, part, level) "
                                       "VALUES (:t, :r, :p, :l)"), {"t": tenant_id, "r": role_id, "p": part, "l": level})


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("DELETE FROM role_grant WHERE role_id IN (SELECT id FROM role WHERE name = :n AND "
                               "id NOT IN (SELECT role_id FROM user_role))"), {"n": NAME})
    connection.execute(sa.text("DELETE FROM role WHERE name = :n AND id NOT IN (SELECT role_id FROM user_role)"),
                       {"n": NAME})
