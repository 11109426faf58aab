import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from the filling (0007): PostgreSQL alters no table with the foreign keys' checks
    of that filling still pending in the same transaction."""

    dependencies = [
        ("rectification", "0007_problem_state_round_and_category"),
    ]

    operations = [
        migrations.AlterField(
            model_name="problemstate",
            name="round",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rounds.round",
                verbose_name="round",
            ),
        ),
        migrations.AlterField(
            model_name="problemstate",
            name="category",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="rounds.findingcategory",
                verbose_name="category",
            ),
        ),
        migrations.AddIndex(
            model_name="problemstate",
            index=models.Index(
                fields=["round"],
                include=("category", "open_deadline", "unfinished", "closed_late"),
                name="problem_state_by_round",
            ),
        ),
    ]
