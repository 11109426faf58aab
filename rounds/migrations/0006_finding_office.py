import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_offices(apps, schema_editor):
    """Each finding takes the office of its assignment's round."""
    Finding = apps.get_model("rounds", "Finding")
    Assignment = apps.get_model("rounds", "Assignment")
    office = Assignment.objects.filter(pk=OuterRef("assignment_id")).values("round__office_id")
    Finding.objects.update(office_id=Subquery(office[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_target_last_inspected"),
        ("rounds", "0005_fill_last_inspected"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(fill_offices, migrations.RunPython.noop),
    ]
