"""The demo's guidance and supervision visits: the province to a city, the city to a county,
with findings open, overdue, reported, returned and closed."""

import pytest
from django.test import override_settings
from django.utils import timezone

from demo.builders import build
from supervision import selectors
from supervision.models import SupervisionFinding, SupervisionVisit
from tests.module_data import built_once

pytestmark = [pytest.mark.django_db]

Status = SupervisionFinding.Status


@pytest.fixture(scope="module")
def seed(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, built once for the module (it takes seconds) and rolled back after it."""
    media = tmp_path_factory.mktemp("supervision-demo-media")
    with override_settings(MEDIA_ROOT=media), built_once(django_db_blocker, build) as made:
        yield made


def test_the_demo_holds_a_visit_down_each_level(seed):
    pairs = set(SupervisionVisit.objects.values_list("upper_office", "lower_office"))
    assert pairs == {
        (seed.offices["province"].pk, seed.offices["yunchuan"].pk),
        (seed.offices["yunchuan"].pk, seed.offices["qingshi"].pk),
    }
    assert SupervisionVisit.objects.exclude(document="").count() == 1


def test_the_demo_shows_every_state_of_a_finding_and_some_overdue(seed):
    statuses = set(SupervisionFinding.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    overdue = SupervisionFinding.objects.filter(selectors.overdue_condition(timezone.localdate()))
    assert {finding.visit.lower_office for finding in overdue} == {
        seed.offices["yunchuan"],
        seed.offices["qingshi"],
    }


def test_the_county_sees_only_the_visit_to_it(seed):
    county_staff = seed.offices["qingshi"].people.get().user
    [visit] = selectors.visits_visible_to(county_staff)
    assert visit.upper_office == seed.offices["yunchuan"]
