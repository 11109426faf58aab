"""The default beat schedules, created where missing and never changed once they exist."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

SWEEP = "reminders: sweep for what is due"
DIGESTS = "reminders: daily email digests"


@transaction.atomic
def ensure_default_schedules():
    """Return the names of the schedules created now; an administrator's edits stay."""
    created = []
    if not PeriodicTask.objects.filter(name=SWEEP).exists():
        hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
        # With a start time, beat runs a new task at once instead of waiting a whole period.
        PeriodicTask.objects.create(
            name=SWEEP, task="reminders.sweep", interval=hourly, start_time=timezone.now()
        )
        created.append(SWEEP)
    if not PeriodicTask.objects.filter(name=DIGESTS).exists():
        morning, _ = CrontabSchedule.objects.get_or_create(
            minute="30",
            hour="8",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        # Queued after the first sweep, so a new installation mails its first digests at once.
        PeriodicTask.objects.create(
            name=DIGESTS,
            task="reminders.send_digests",
            crontab=morning,
            start_time=timezone.now(),
        )
        created.append(DIGESTS)
    return created
