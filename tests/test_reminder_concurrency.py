"""The sweep under load and failure: two at once, one that dies half way, and the real thing —
beat's entry, a Celery worker over Redis, the notification centre and the email outbox.

These tests commit (transaction=True), because other connections must see the data.
"""

import datetime
import threading

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.schedulers import DatabaseScheduler

from rectification.models import RectificationItem
from reminders import sweep as sweep_module
from reminders.models import Kind, Reminder
from reminders.schedules import ensure_default_schedules
from tests import flows
from tests.waiting import wait_for
from xunshi.celery import app as celery_app

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english", "media_root"),
]

DAY = datetime.date(2024, 10, 12)  # three days before the walks' deadline


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False)


@pytest.fixture
def three_liaisons_items():
    """Three units, each with one item due in three days: several rows to sweep."""
    casts = []
    for _number in range(3):
        cast = flows.build_cast()
        with on(datetime.date(2024, 8, 20)):
            flows.started_item(cast)
        casts.append(cast)
    return casts


@pytest.fixture
def a_late_plan():
    """A unit whose plan is past due and not submitted: a rule that makes its reminders in
    Python (the items and reports are made by the database)."""
    cast = flows.build_cast()
    flows.opened_plan(cast)
    return cast


def rows():
    return sorted(Reminder.objects.values_list("recipient_id", "kind", "subject_id", "threshold"))


def test_two_sweeps_at_once_make_each_reminder_exactly_once(three_liaisons_items):
    errors = []

    def sweep_in_own_connection():
        try:
            with on(DAY):
                sweep_module.sweep(DAY)
        except Exception as error:  # the assertion below reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep_in_own_connection) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    made = rows()
    assert [kind for _r, kind, _s, _t in made].count(Kind.ITEM_DUE) == 3
    assert len(made) == len(set(made))


@pytest.mark.parametrize("step", ["_insert_for_recipients", "_reminders"])
@pytest.mark.usefixtures("three_liaisons_items", "a_late_plan")
def test_a_sweep_that_dies_half_way_completes_on_the_next_run(monkeypatch, step):
    """`step` is where it dies: inserting item reminders in the database, or making the
    reminders of the small tables in Python."""
    with on(DAY):
        sweep_module.sweep(DAY)
    complete = rows()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Reminder._meta.db_table}")

    real = getattr(sweep_module, step)

    def dies_once_something_was_made(*args, **kwargs):
        if Reminder.objects.exists():
            raise RuntimeError("worker killed")
        return real(*args, **kwargs)

    monkeypatch.setattr(sweep_module, "BATCH", 1)
    monkeypatch.setattr(sweep_module, step, dies_once_something_was_made)
    with on(DAY), pytest.raises(RuntimeError):
        sweep_module.sweep(DAY)
    assert 0 < len(rows()) < len(complete)

    monkeypatch.setattr(sweep_module, step, real)
    with on(DAY):
        sweep_module.sweep(DAY)
    assert rows() == complete


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs the Redis broker")
def test_beat_fires_the_sweep_and_a_worker_fills_the_centre_and_the_outbox(client):
    cast = flows.build_cast()
    with on(datetime.date(2024, 8, 20)):
        item = flows.started_item(cast)
    # Bring the item's deadline to three days from the real today, when the worker sweeps.
    RectificationItem.objects.filter(pk=item.pk).update(
        deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    cast.liaison.email = "liaison@example.org"
    cast.liaison.save()
    ensure_default_schedules()

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        DatabaseScheduler(app=celery_app, lazy=False).tick()
        reminder = wait_for(lambda: Reminder.objects.filter(kind=Kind.ITEM_DUE).first())
        celery_app.send_task("reminders.send_digests")
        wait_for(lambda: mail.outbox)

    assert reminder.recipient == cast.liaison
    assert mail.outbox[0].to == ["liaison@example.org"]
    client.force_login(cast.liaison)
    assert item.measure in client.get(reverse("reminders:list")).content.decode()
