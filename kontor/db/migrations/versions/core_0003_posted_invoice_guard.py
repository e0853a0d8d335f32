"""posted invoice guard (PostgreSQL)

Posted invoices, credit notes, partial and final invoices never change (GoBD). The services
refuse it on every database; on PostgreSQL, triggers refuse it for plain SQL as well:

- document: UPDATE or DELETE of a posted invoice-like row raises, except an UPDATE that
  changes nothing but `archived_at` (history) and `done` (working list);
- document_line and document_charge: INSERT, UPDATE or DELETE of a line or charge of such a
  document raises (also moving a row into or out of one).

SQLite gets nothing here (the services guard it).

Revision ID: core_0003
Revises: core_0002
Create Date: 2026-11-27 00:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = 'core_0003'
down_revision: str | None = 'core_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "('invoice', 'credit_note', 'partial_invoice', 'final_invoice')"
QUOTED_KINDS = KINDS.replace("'", "''")  # inside the quoted text of format()

DOCUMENT_GUARD = f"""
CREATE OR REPLACE FUNCTION kontor_guard_posted_document() RETURNS trigger AS $$
BEGIN
    IF OLD.posted_at IS NOT NULL AND OLD.kind IN {KINDS} THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'posted % % (id %) cannot be deleted; correct it with a credit note',
                OLD.kind, OLD.number, OLD.id;
        END IF;
        IF (to_jsonb(NEW) - 'archived_at' - 'done') IS DISTINCT FROM (to_jsonb(OLD) - 'archived_at' - 'done') THEN
            RAISE EXCEPTION 'posted % % (id %) cannot change; correct it with a credit note',
                OLD.kind, OLD.number, OLD.id;
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

# The document table is looked up in the schema of the table that fired the trigger, so the
# guard works whatever the search_path of the session is.
PART_GUARD = f"""
CREATE OR REPLACE FUNCTION kontor_guard_posted_document_part() RETURNS trigger AS $$
DECLARE
    ids integer[];
    found text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY[NEW.document_id];
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY[OLD.document_id, NEW.document_id];
    ELSE
        ids := ARRAY[OLD.document_id];
    END IF;
    EXECUTE format('SELECT kind || '' '' || coalesce(number, '''') FROM %I.document '
                   'WHERE id = ANY($1) AND posted_at IS NOT NULL AND kind IN {QUOTED_KINDS} LIMIT 1',
                   TG_TABLE_SCHEMA)
        INTO found USING ids;
    IF found IS NOT NULL THEN
        RAISE EXCEPTION 'posted % cannot change (% of % refused); correct it with a credit note',
            found, TG_OP, TG_TABLE_NAME;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""

TRIGGERS = (
    ("document", "kontor_guard_posted_document", "UPDATE OR DELETE", "kontor_guard_posted_document"),
    ("document_line", "kontor_guard_posted_document_line", "INSERT OR UPDATE OR DELETE",
     "kontor_guard_posted_document_part"),
    ("document_charge", "kontor_guard_posted_document_charge", "INSERT OR UPDATE OR DELETE",
     "kontor_guard_posted_document_part"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DOCUMENT_GUARD)
    op.execute(PART_GUARD)
    for table, trigger, events, function in TRIGGERS:
        op.execute(f"CREATE TRIGGER {trigger} BEFORE {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, trigger, _events, _function in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS kontor_guard_posted_document_part()")
    op.execute("DROP FUNCTION IF EXISTS kontor_guard_posted_document()")
