"""What the database itself holds for payments (PostgreSQL; SQLite for `make run` gets only the CHECKs):

- committed no longer counts "paid" ledger entries: a payment does not change what is committed, so the
  committed trigger of migration 0009 sums every entry except "paid" ones;
- a grant's instalments add up to its award: a constraint trigger, deferred to the end of the
  transaction so a service can replace a schedule row by row, checks each grant touched (and a grant
  whose award changes while it has instalments);
- a paid instalment never changes and is never deleted;
- the Finance group exists (its permissions are set after every migrate, kbt/accounts/roles.py), and
  the payments' reminders have their default timings.
"""

import datetime as dt

from django.db import migrations

COMMITTED = """
CREATE OR REPLACE FUNCTION grants_committed_matches_ledger() RETURNS trigger AS $$
DECLARE
    ledger numeric;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.committed IS NOT DISTINCT FROM OLD.committed THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'grants_strand' THEN
        SELECT COALESCE(SUM(amount), 0) INTO ledger FROM grants_ledgerentry
            WHERE strand_id = NEW.id AND kind <> 'paid';
    ELSE
        SELECT COALESCE(SUM(amount), 0) INTO ledger FROM grants_ledgerentry
            WHERE ward_pot_id = NEW.id AND kind <> 'paid';
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

COMMITTED_BEFORE = COMMITTED.replace(" AND kind <> 'paid'", "")

ADD_UP = """
CREATE OR REPLACE FUNCTION grants_instalments_add_up() RETURNS trigger AS $$
DECLARE
    grant_id bigint;
    awarded numeric;
    scheduled numeric;
    how_many integer;
BEGIN
    IF TG_TABLE_NAME = 'grants_application' THEN
        grant_id := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        grant_id := OLD.application_id;
    ELSE
        grant_id := NEW.application_id;
    END IF;
    SELECT COUNT(*), COALESCE(SUM(amount), 0) INTO how_many, scheduled
        FROM grants_instalment WHERE application_id = grant_id;
    IF how_many = 0 THEN
        RETURN NULL;
    END IF;
    SELECT amount_awarded INTO awarded FROM grants_application WHERE id = grant_id;
    IF awarded IS DISTINCT FROM scheduled THEN
        RAISE EXCEPTION 'the instalments of application % add up to %, not its award of %', grant_id, scheduled, awarded
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

PAID_STAYS = """
CREATE OR REPLACE FUNCTION grants_paid_instalment_stays() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'paid' THEN
        RAISE EXCEPTION 'instalment % is paid: a paid instalment never changes', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

REMINDER_TIMINGS = [
    # kind, days, weekday (0 is Monday)
    ("finance_digest", 7, 0),
    ("payment_held_report", 0, None),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Finance")
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, weekday in REMINDER_TIMINGS:
        ReminderRule.objects.get_or_create(
            kind=kind, days=days, defaults={"weekday": weekday, "send_from": dt.time(8, 0), "enabled": True}
        )
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in (COMMITTED, ADD_UP, PAID_STAYS):
        schema_editor.execute(sql, params=None)  # None: the % signs are PL/pgSQL's
    schema_editor.execute(
        "CREATE CONSTRAINT TRIGGER grants_instalment_adds_up "
        "AFTER INSERT OR UPDATE OF amount, application_id OR DELETE ON grants_instalment "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION grants_instalments_add_up()"
    )
    schema_editor.execute(
        "CREATE CONSTRAINT TRIGGER grants_application_award_adds_up AFTER UPDATE OF amount_awarded "
        "ON grants_application DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION grants_instalments_add_up()"
    )
    schema_editor.execute(
        "CREATE TRIGGER grants_instalment_paid_stays BEFORE UPDATE OR DELETE ON grants_instalment "
        "FOR EACH ROW EXECUTE FUNCTION grants_paid_instalment_stays()"
    )


def backwards(apps, schema_editor):
    ReminderRule = apps.get_model("grants", "ReminderRule")
    for kind, days, _ in REMINDER_TIMINGS:
        ReminderRule.objects.filter(kind=kind, days=days).delete()
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS grants_instalment_paid_stays ON grants_instalment")
    schema_editor.execute("DROP TRIGGER IF EXISTS grants_application_award_adds_up ON grants_application")
    schema_editor.execute("DROP TRIGGER IF EXISTS grants_instalment_adds_up ON grants_instalment")
    schema_editor.execute("DROP FUNCTION IF EXISTS grants_paid_instalment_stays()")
    schema_editor.execute("DROP FUNCTION IF EXISTS grants_instalments_add_up()")
    schema_editor.execute(COMMITTED_BEFORE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0012_payments"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
