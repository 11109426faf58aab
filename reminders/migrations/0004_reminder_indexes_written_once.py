import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Only the two indexes go: altering the fields would drop and re-add their foreign keys, and
# PostgreSQL would check every reminder again under a lock.
INDEXES = {
    "reminders_reminder_recipient_id_c7b2d7b0": "recipient_id",
    "reminders_reminder_subject_type_id_83ef4979": "subject_type_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reminders", "0003_filing_and_follow_up_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="reminder",
                    name="recipient",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reminders",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
                migrations.AlterField(
                    model_name="reminder",
                    name="subject_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON reminders_reminder ({column})",
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
