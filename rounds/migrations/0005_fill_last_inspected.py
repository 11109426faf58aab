from django.db import migrations


def fill_last_inspected(apps, schema_editor):
    """Every target gets its last inspection from its assignments, by the live rule
    (rounds.coverage) as it stands now: a database with no assignment yet (a new one) has
    nothing to fill and never calls it."""
    if not apps.get_model("rounds", "Assignment").objects.exists():
        return
    from rounds.coverage import last_inspected_refresh_all

    last_inspected_refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_target_last_inspected"),
        ("rounds", "0004_coverage_and_rollup_indexes"),
    ]

    operations = [
        migrations.RunPython(fill_last_inspected, migrations.RunPython.noop),
    ]
