"""printing and einvoices

Issue 14: translations of article texts, text blocks and the documents' wording; output
profiles and the print log; the mail outbox with its attachments; the original files of
supplier e-invoices read in; on customers the buyer reference (Leitweg-ID) and the e-invoice
syntax mailed with invoices; on contacts the document kinds mailed to them
(kontor.core.printing.models, kontor.core.einvoice.models).

Revision ID: core_0018
Revises: core_0017
Create Date: 2026-12-04 00:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = 'core_0018'
down_revision: str | None = 'core_0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('document_wording',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('language_code', sa.String(length=2), nullable=False),
    sa.Column('msgid', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'language_code', 'msgid'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_document_wording_tenant_id'), 'document_wording', ['tenant_id'], unique=False)
    op.create_table('outgoing_mail',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('record_label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('sender', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('recipients', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_outgoing_mail_state', 'outgoing_mail', ['tenant_id', 'state'], unique=False)
    op.create_index(op.f('ix_outgoing_mail_tenant_id'), 'outgoing_mail', ['tenant_id'], unique=False)
    op.create_table('output_profile',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_kind', sa.String(length=30), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('printer', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('folder', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('template', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_output_profile_kind', 'output_profile', ['tenant_id', 'document_kind', 'user_id'], unique=False)
    op.create_index(op.f('ix_output_profile_tenant_id'), 'output_profile', ['tenant_id'], unique=False)
    op.create_table('print_log',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('record_label', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('destination', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('template', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('record_state', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('printed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_print_log_record', 'print_log', ['tenant_id', 'subject', 'record_id'], unique=False)
    op.create_index(op.f('ix_print_log_tenant_id'), 'print_log', ['tenant_id'], unique=False)
    op.create_table('mail_attachment',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('media_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['mail_id'], ['outgoing_mail.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_mail_attachment_mail_id'), 'mail_attachment', ['mail_id'], unique=False)
    op.create_index(op.f('ix_mail_attachment_tenant_id'), 'mail_attachment', ['tenant_id'], unique=False)
    op.create_table('text_block_translation',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text_block_id', sa.Integer(), nullable=False),
    sa.Column('language_code', sa.String(length=2), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.ForeignKeyConstraint(['text_block_id'], ['text_block.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'text_block_id', 'language_code'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_text_block_translation_tenant_id'), 'text_block_translation', ['tenant_id'], unique=False)
    op.create_index(op.f('ix_text_block_translation_text_block_id'), 'text_block_translation', ['text_block_id'], unique=False)
    op.create_table('einvoice_import',
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('invoice_number', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('syntax', sa.String(length=10), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('imported_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.ForeignKeyConstraint(['supplier_id'], ['supplier.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    op.create_index('ix_einvoice_import_invoice', 'einvoice_import', ['tenant_id', 'supplier_id', 'invoice_number'], unique=False)
    op.create_index(op.f('ix_einvoice_import_tenant_id'), 'einvoice_import', ['tenant_id'], unique=False)
    op.create_table('article_translation',
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('language_code', sa.String(length=2), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('description2', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('long_description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('tenant_id', 'article_id', 'language_code'),
    sqlite_autoincrement=True
    )
    op.create_index(op.f('ix_article_translation_article_id'), 'article_translation', ['article_id'], unique=False)
    op.create_index(op.f('ix_article_translation_tenant_id'), 'article_translation', ['tenant_id'], unique=False)
    op.add_column('agent_contact', sa.Column('document_kinds', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
    op.add_column('customer', sa.Column('buyer_reference', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False, server_default=''))
    op.add_column('customer', sa.Column('einvoice_syntax', sa.String(length=10), nullable=False, server_default=''))
    op.add_column('customer_contact', sa.Column('document_kinds', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=''))
    op.add_column('supplier_contact', sa.Column('document_kinds', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False))


def downgrade() -> None:
    op.drop_column('supplier_contact', 'document_kinds')
    op.drop_column('customer_contact', 'document_kinds')
    op.drop_column('customer', 'einvoice_syntax')
    op.drop_column('customer', 'buyer_reference')
    op.drop_column('agent_contact', 'document_kinds')
    op.drop_index(op.f('ix_article_translation_tenant_id'), table_name='article_translation')
    op.drop_index(op.f('ix_article_translation_article_id'), table_name='article_translation')
    op.drop_table('article_translation')
    op.drop_index(op.f('ix_einvoice_import_tenant_id'), table_name='einvoice_import')
    op.drop_index('ix_einvoice_import_invoice', table_name='einvoice_import')
    op.drop_table('einvoice_import')
    op.drop_index(op.f('ix_text_block_translation_text_block_id'), table_name='text_block_translation')
    op.drop_index(op.f('ix_text_block_translation_tenant_id'), table_name='text_block_translation')
    op.drop_table('text_block_translation')
    op.drop_index(op.f('ix_mail_attachment_tenant_id'), table_name='mail_attachment')
    op.drop_index(op.f('ix_mail_attachment_mail_id'), table_name='mail_attachment')
    op.drop_table('mail_attachment')
    op.drop_index(op.f('ix_print_log_tenant_id'), table_name='print_log')
    op.drop_index('ix_print_log_record', table_name='print_log')
    op.drop_table('print_log')
    op.drop_index(op.f('ix_output_profile_tenant_id'), table_name='output_profile')
    op.drop_index('ix_output_profile_kind', table_name='output_profile')
    op.drop_table('output_profile')
    op.drop_index(op.f('ix_outgoing_mail_tenant_id'), table_name='outgoing_mail')
    op.drop_index('ix_outgoing_mail_state', table_name='outgoing_mail')
    op.drop_table('outgoing_mail')
    op.drop_index(op.f('ix_document_wording_tenant_id'), table_name='document_wording')
    op.drop_table('document_wording')
