import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_offices(apps, schema_editor):
    """Each measure takes the office of its plan's round."""
    Item = apps.get_model("rectification", "RectificationItem")
    Plan = apps.get_model("rectification", "RectificationPlan")
    office = Plan.objects.filter(pk=OuterRef("plan_id")).values("assignment__round__office_id")
    Item.objects.update(office_id=Subquery(office[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_target_last_inspected"),
        ("rectification", "0008_problem_state_round_and_category_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="rectificationitem",
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
