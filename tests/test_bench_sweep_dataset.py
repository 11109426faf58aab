"""The reminder sweep's benchmark data set (bench/sweep_dataset.py) at a tiny shape: it keeps
every constraint, holds what its shape says, and the sweep and the ledger read it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from bench.sweep_dataset import Shape, SweepLoader, staff_username
from rectification.models import RectificationItem
from reminders.models import Reminder
from reminders.sweep import sweep

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)
NOW = datetime.datetime(2026, 5, 20, 2, tzinfo=datetime.UTC)
TINY = Shape(offices=2, assignments_per_office=3, findings_per_assignment=2, items_per_finding=2)


@pytest.fixture
def loaded():
    return SweepLoader(TINY, TODAY, NOW).load()


def test_the_data_set_holds_the_items_of_its_shape(loaded):
    assert loaded["rectification.RectificationItem"] == 2 * 3 * 2 * 2
    assert RectificationItem.objects.count() == 24


def test_the_loaded_rows_keep_every_foreign_key(loaded):
    connection.check_constraints()


def test_a_sweep_over_the_data_set_makes_reminders(loaded):
    assert sweep(TODAY).created > 0
    assert Reminder.objects.exists()


def test_the_first_offices_staff_read_its_items_in_the_ledger(loaded, client):
    client.force_login(get_user_model().objects.get(username=staff_username(0)))
    response = client.get(reverse("rectification:ledger_items"))
    assert response.context["page_obj"].paginator.count == 3 * 2 * 2


def test_the_offices_items_interleave_as_when_offices_work_side_by_side(loaded):
    first_office = RectificationItem.objects.filter(
        plan__assignment__round__office__code="B0000"
    ).values_list("pk", flat=True)
    others = RectificationItem.objects.exclude(pk__in=first_office)
    assert others.filter(pk__gt=min(first_office), pk__lt=max(first_office)).exists()
