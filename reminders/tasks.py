"""Thin tasks: a date or an id in, a service call, retries with backoff."""

import datetime

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.task_options import RETRY
from reminders import selectors, services
from reminders.sweep import office_batches, sweep


@shared_task(name="reminders.sweep", **RETRY)
def sweep_reminders():
    """Queue one task per batch of offices, for the worker pool to share: a nation's sweep in
    one task would keep one process busy for many minutes while the others wait."""
    for office_ids in office_batches():
        sweep_offices.delay(office_ids)


@shared_task(name="reminders.sweep_offices", **RETRY)
def sweep_offices(office_ids):
    """Today's reminders of these offices; safe to run again, in parallel or after a crash."""
    return vars(sweep(timezone.localdate(), office_ids=office_ids))


@shared_task(name="reminders.send_digests", **RETRY)
def send_digests():
    """Queue one digest task per person, so one bad address does not hold up the others."""
    day = timezone.localdate()
    for user_id in selectors.digest_recipients(day).iterator(chunk_size=500):
        send_digest.delay(user_id, day.isoformat())


@shared_task(name="reminders.send_digest", **RETRY)
def send_digest(user_id, day):
    recipient = get_user_model().objects.get(pk=user_id)
    return services.digest_send(recipient=recipient, day=datetime.date.fromisoformat(day))
