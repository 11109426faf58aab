import django.db.models.deletion
from django.db import migrations, models


def fill_problem_states(apps, schema_editor):
    """Every problem with items gets its state, round and category, by the live rule
    (rectification.progress) as it stands now; 0005 left the filling to this migration, once
    the state has every column the rule writes. A database with no item has nothing to fill."""
    if not apps.get_model("rectification", "RectificationItem").objects.exists():
        return
    from rectification.progress import problem_states_refresh_all

    problem_states_refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0006_item_open_by_plan"),
        ("rounds", "0005_fill_last_inspected"),
    ]

    operations = [
        migrations.AddField(
            model_name="problemstate",
            name="round",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rounds.round",
                verbose_name="round",
            ),
        ),
        migrations.AddField(
            model_name="problemstate",
            name="category",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rounds.findingcategory",
                verbose_name="category",
            ),
        ),
        migrations.RunPython(fill_problem_states, migrations.RunPython.noop),
    ]
