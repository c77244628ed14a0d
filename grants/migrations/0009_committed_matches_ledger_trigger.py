"""PostgreSQL refuses any committed counter that differs from the sum of its ledger entries.

Strand.committed and WardPot.committed are counters kept by the ledger service
(grants.services.workflow._write_entry): it inserts the ledger entry, then adds the amount to the
counters, under the strand and ward pot row locks. A trigger on each table checks, whenever
`committed` is written with a new value (or a row is inserted), that the new value equals the sum of
the row's ledger entries as that transaction sees them. So a stale save that writes back an old
figure, a command or a hand-typed UPDATE that sets the counter, is refused with a check violation
(an IntegrityError in Django) and the transaction rolls back. The CHECK constraints still keep the
counter within 0 and the budget. The trigger reads the ledger through the foreign-key indexes; the
service already holds the row lock, so there is no extra locking.

Other databases (SQLite for `make run` on a bare machine) get no trigger; the periodic
reconciliation (grants.services.budgets.budgets_reconcile) still reports any difference."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION grants_committed_matches_ledger() RETURNS trigger AS $$
DECLARE
    ledger numeric;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.committed IS NOT DISTINCT FROM OLD.committed THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'grants_strand' THEN
        SELECT COALESCE(SUM(amount), 0) INTO ledger FROM grants_ledgerentry WHERE strand_id = NEW.id;
    ELSE
        SELECT COALESCE(SUM(amount), 0) INTO ledger FROM grants_ledgerentry WHERE ward_pot_id = NEW.id;
    END IF;
    IF NEW.committed IS DISTINCT FROM ledger THEN
        RAISE EXCEPTION 'committed (%) of %.id=% must equal its ledger entries (%): only the ledger moves money',
            NEW.committed, TG_TABLE_NAME, NEW.id, ledger
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

TABLES = ("grants_strand", "grants_wardpot")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # None: its % signs are PL/pgSQL's, not parameters
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_committed_matches_ledger BEFORE INSERT OR UPDATE OF committed ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION grants_committed_matches_ledger()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_committed_matches_ledger ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS grants_committed_matches_ledger()")


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0008_budget_changes_and_checks"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
