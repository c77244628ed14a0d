"""The officers' applications list at 100,000 applications (issue 18).

- Application.score: the assessment's weighted score, copied here (by grants.services.assessments) so
  the list sorts by score through an index; filled in from the assessments.
- Partial indexes of sent applications, newest first and by score: the list reads them in order and
  stops at its page.
- On PostgreSQL only, trigram (pg_trgm) indexes for the search box: the reference and project name,
  and the organisation's name and postcode, as Django's case-insensitive "contains" asks for them
  (UPPER(column::text) LIKE UPPER('%word%')). Other databases (the demo's SQLite) skip them.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

TRIGRAM_INDEXES = (
    ("application_reference_trgm_idx", "grants_application", "reference"),
    ("application_title_trgm_idx", "grants_application", "title"),
    ("organisation_name_trgm_idx", "grants_organisation", "name"),
    ("organisation_postcode_trgm_idx", "grants_organisation", "postcode"),
)


def copy_scores(apps, schema_editor):
    Application = apps.get_model("grants", "Application")
    Assessment = apps.get_model("grants", "Assessment")
    Application.objects.filter(assessment__total_score__isnull=False).update(
        score=Subquery(Assessment.objects.filter(application=OuterRef("pk")).values("total_score")[:1])
    )


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0011_merge_scan_status_and_answer_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="score",
            field=models.DecimalField(
                blank=True, decimal_places=2, editable=False, max_digits=5, null=True, verbose_name="score (%)"
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["-submitted_at", "-id"],
                name="application_sent_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status", "draft"), _negated=True),
                fields=["score", "-id"],
                name="application_sent_score_idx",
            ),
        ),
        migrations.RunPython(copy_scores, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
