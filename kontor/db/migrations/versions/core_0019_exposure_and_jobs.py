"""exposure and jobs

customer_exposure (one row per customer: open items, uninvoiced, open orders) and
document_exposure (each open document's share of them), kept beside their sources
(kontor.core.finance.exposure_models); filled from the documents, open items and payments
already there after the upgrade (kontor.db.migrate.fill_exposure). job_run and job_chunk: batch runs as jobs and their chunks (kontor.jobs.models);
on PostgreSQL also the queue's own tables (procrastinate's schema), unless present.

Revision ID: core_0019
Revises: core_0018
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kontor.db.types

revision: str = 'core_0019'
down_revision: str | None = 'core_0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exact(name: str) -> sa.Column:
    return sa.Column(name, kontor.db.types.Exact(scale=4, precision=18), nullable=False)


def upgrade() -> None:
    op.create_table('customer_exposure',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), autoincrement=False, nullable=False),
    _exact('open_items'),
    _exact('uninvoiced'),
    _exact('open_orders'),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('customer_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('customer_exposure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_exposure_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('document_exposure',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    _exact('uninvoiced'),
    _exact('open_orders'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('document_id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('document_exposure', schema=None) as batch_op:
        batch_op.create_index('ix_document_exposure_customer', ['tenant_id', 'customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_exposure_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('job_run',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('chunks', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.JSON(), nullable=False),
    sa.Column('queued', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.create_index('ix_job_run_tenant_created', ['tenant_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_run_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('job_chunk',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('finished_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['job_run.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'seq'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('job_chunk', schema=None) as batch_op:
        batch_op.create_index('ix_job_chunk_run_state', ['run_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_chunk_tenant_id'), ['tenant_id'], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # The queue's own tables (procrastinate), beside kontor's in the same schema.
        present = bind.exec_driver_sql("SELECT to_regclass('procrastinate_jobs')").scalar()
        if present is None:
            from kontor.jobs.queue import schema_sql

            bind.exec_driver_sql(schema_sql().replace("%", "%%"))  # no parameters: psycopg would read % as one

    # The exposure rows are filled from the documents, open items and payments already there
    # once the whole chain is at its head (kontor.db.migrate.fill_exposure): they are counted in
    # home currency, whose columns a later revision adds.


def downgrade() -> None:
    op.drop_table('job_chunk')
    op.drop_table('job_run')
    op.drop_table('document_exposure')
    op.drop_table('customer_exposure')
