"""The default beat schedule of the roll-up's figures, created where missing and never changed
once it exists."""

from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

REFRESH = "coverage: count each office's figures for the roll-up"
# How stale the roll-up may be by default: counting the whole nation takes a few seconds.
EVERY_MINUTES = 10


@transaction.atomic
def ensure_figures_schedule():
    """Return the names of the schedules created now; an administrator's edits stay."""
    if PeriodicTask.objects.filter(name=REFRESH).exists():
        return []
    every, _ = IntervalSchedule.objects.get_or_create(
        every=EVERY_MINUTES, period=IntervalSchedule.MINUTES
    )
    # With a start time, beat runs a new task at once instead of waiting a whole period.
    PeriodicTask.objects.create(
        name=REFRESH,
        task="coverage.refresh_office_figures",
        interval=every,
        start_time=timezone.now(),
    )
    return [REFRESH]
