"""Trigram indexes for the public register's search by project name or group name (issue 15), so a
search stays fast at 100,000 grants. Django's icontains on PostgreSQL is UPPER(column::text) LIKE
UPPER('%words%'): the indexes are on exactly that expression. PostgreSQL only (pg_trgm); on SQLite
(the demo) there is nothing to do."""

from django.db import migrations

INDEXES = [
    ("application_title_trgm_idx", "grants_application", "title"),
    ("organisation_name_trgm_idx", "grants_organisation", "name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("grants", "0014_public_summary_no_contact_details")]

    operations = [migrations.RunPython(create, drop)]
