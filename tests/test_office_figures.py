"""Each office's own figures, counted for the roll-up: by the service in batches, again on
demand from the page, and every few minutes by beat through a worker; the roll-up says when
they were counted and when some are missing or from an earlier day."""

import datetime

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from coverage import office_figures
from coverage.models import OfficeFigures
from coverage.rollup import rollup, rollup_office
from coverage.schedules import REFRESH, ensure_figures_schedule
from coverage.selectors import term_coverage
from coverage.services import office_figures_refresh, office_figures_refresh_below
from organisations.models import Office
from rounds.models import Term
from tests import factories, flows
from tests.test_coverage_rollup import NOW, TODAY, World, figures
from tests.waiting import wait_for
from xunshi.celery import app as celery_app

pytestmark = pytest.mark.django_db

REFRESH_URL = reverse("coverage:rollup_refresh")
ROLLUP_URL = reverse("coverage:rollup")


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(travel, media_root):
    return World()


def read(user, office=None, today=TODAY):
    return rollup(user, rollup_office(user, office.pk if office else None), today=today)


def stored():
    return {
        row.office_id: row
        for row in OfficeFigures.objects.order_by("office_id").select_related("office")
    }


# Counting ----------------------------------------------------------------------------------


def test_every_office_gets_one_row_of_its_own_figures(world):
    assert office_figures_refresh(today=TODAY) == Office.objects.count()
    rows = stored()
    assert set(rows) == set(Office.objects.values_list("pk", flat=True))
    county_k = rows[world.county_k.pk]
    assert (county_k.targets, county_k.covered, county_k.effective) == (2, 2, 1)
    assert (county_k.fed_back, county_k.rectified, county_k.overdue_items) == (1, 0, 1)
    assert (county_k.as_of, county_k.term.office) == (TODAY, world.county_k)


def test_an_office_with_no_term_running_stores_no_term_and_no_coverage(world):
    office_figures_refresh(today=TODAY)
    county_l = stored()[world.county_l.pk]
    assert county_l.term is None
    assert (county_l.targets, county_l.covered, county_l.rounds_run) == (0, 0, 0)


def test_counting_twice_keeps_one_row_per_office_with_the_latest_count(world):
    office_figures_refresh(today=TODAY)
    flows.fed_back(flows.build_cast(office=world.city_b))
    office_figures_refresh(today=TODAY)
    assert OfficeFigures.objects.count() == Office.objects.count()
    assert stored()[world.city_b.pk].fed_back == 1


def test_small_batches_count_the_same_as_one(world):
    office_figures_refresh(today=TODAY)
    whole = {pk: figures_of(row) for pk, row in stored().items()}
    OfficeFigures.objects.all().delete()
    office_figures_refresh(today=TODAY, batch=2)
    assert {pk: figures_of(row) for pk, row in stored().items()} == whole


def figures_of(row):
    return tuple(getattr(row, name) for name in ("term_id", "targets", "covered", "fed_back"))


def test_each_office_counts_coverage_as_its_term_page_does(world):
    office_figures_refresh(today=TODAY)
    for row in stored().values():
        if row.term is None:
            continue
        page = term_coverage(term=row.term)
        assert (row.targets, row.covered, row.effective) == (
            page.targets,
            page.covered,
            page.effectively_covered,
        )


def test_counting_below_an_office_leaves_the_others_as_they_were(world):
    office_figures_refresh(today=TODAY)
    flows.fed_back(flows.build_cast(office=world.city_b))
    flows.fed_back(flows.build_cast(office=world.city_a))
    assert office_figures_refresh_below(office=world.city_a, today=TODAY) == 2
    rows = stored()
    assert rows[world.city_a.pk].fed_back == 3
    assert rows[world.city_b.pk].fed_back == 0


def test_the_live_counts_of_an_office_with_no_work_are_zero(world):
    quiet = factories.OfficeFactory(level=Office.Level.COUNTY, parent=world.city_b)
    counted = office_figures.counted([quiet.pk], TODAY)
    assert counted == {quiet.pk: {"term": None}}


# Reading ----------------------------------------------------------------------------------


def test_the_roll_up_shows_what_was_counted_until_counted_again(world):
    office_figures_refresh(today=TODAY)
    flows.fed_back(flows.build_cast(office=world.city_b))
    city_b = read(world.p.office_staff).rows[2]
    assert figures(city_b)["problems"] == (0, 0, None)
    office_figures_refresh(today=TODAY)
    assert figures(read(world.p.office_staff).rows[2])["problems"] == (1, 0, "0%")


def test_the_roll_up_says_when_its_figures_were_counted(world):
    office_figures_refresh(today=TODAY)
    found = read(world.p.office_staff)
    assert found.counted_at == NOW
    assert found.as_of == TODAY
    assert not found.out_of_date


def test_an_office_not_counted_yet_makes_the_roll_up_out_of_date(world):
    office_figures_refresh(today=TODAY)
    factories.OfficeFactory(level=Office.Level.COUNTY, parent=world.city_b)
    found = read(world.p.office_staff)
    assert found.uncounted == 1
    assert found.out_of_date
    # The new office still counts among the offices of its city.
    assert found.rows[2].offices == 3


def test_figures_counted_for_an_earlier_day_make_the_roll_up_out_of_date(world):
    office_figures_refresh(today=TODAY - datetime.timedelta(days=1))
    found = read(world.p.office_staff)
    assert found.out_of_date
    assert found.as_of == TODAY - datetime.timedelta(days=1)


def test_a_roll_up_never_counted_has_no_figures_and_says_so(world):
    found = read(world.p.office_staff)
    assert found.counted_at is None
    assert found.uncounted == Office.objects.count()
    assert found.total.fed_back == 0


# The page ------------------------------------------------------------------------------------


def test_the_page_says_when_the_figures_were_counted(client_in_english, world):
    office_figures_refresh(today=TODAY)
    client_in_english.force_login(world.p.office_staff)
    page = client_in_english.get(ROLLUP_URL).content.decode()
    assert "Figures counted at 2024-11-01 18:00" in page
    assert "have not been counted yet" not in page


def test_the_page_warns_of_offices_not_counted_yet(client_in_english, world):
    client_in_english.force_login(world.p.office_staff)
    page = client_in_english.get(ROLLUP_URL).content.decode()
    assert "5 offices have not been counted yet" in page


def test_a_reader_has_the_figures_counted_again_at_once(client_in_english, world):
    office_figures_refresh(today=TODAY)
    flows.fed_back(flows.build_cast(office=world.city_b))
    client_in_english.force_login(world.p.office_staff)
    response = client_in_english.post(REFRESH_URL, {"office": world.city_b.pk}, follow=True)
    assert response.redirect_chain[-1][0] == f"{ROLLUP_URL}?office={world.city_b.pk}"
    assert "counted again just now" in response.content.decode()
    assert figures(response.context["rollup"].rows[0])["problems"] == (1, 0, "0%")


def test_the_leadership_group_may_have_the_figures_counted_again(client, world):
    leadership = factories.ProfileFactory(office=world.province, is_leadership=True).user
    client.force_login(leadership)
    assert client.post(REFRESH_URL).status_code == 302
    assert OfficeFigures.objects.count() == Office.objects.count()


def test_no_one_counts_an_office_they_do_not_read(client, world):
    for user, office in (
        (world.a.office_staff, world.province),
        (world.a.office_staff, world.city_b),
        (world.a.leader, world.city_a),
        (world.a.liaison, world.city_a),
    ):
        client.force_login(user)
        assert client.post(REFRESH_URL, {"office": office.pk}).status_code == 404
    client.force_login(world.a.office_staff)
    assert client.post(REFRESH_URL, {"office": "x"}).status_code == 404
    assert not OfficeFigures.objects.exists()


def test_counting_again_takes_a_post(client, world):
    client.force_login(world.p.office_staff)
    assert client.get(REFRESH_URL).status_code == 405
    assert not OfficeFigures.objects.exists()


# Beat and the worker ----------------------------------------------------------------------


def test_the_schedule_is_created_when_missing():
    assert ensure_figures_schedule() == [REFRESH]
    assert PeriodicTask.objects.get(name=REFRESH).interval.every == 10


def test_an_administrators_change_to_the_schedule_is_kept():
    ensure_figures_schedule()
    PeriodicTask.objects.filter(name=REFRESH).update(enabled=False)
    assert ensure_figures_schedule() == []
    assert PeriodicTask.objects.get(name=REFRESH).enabled is False


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs the Redis broker")
def test_beat_fires_the_count_and_a_worker_stores_every_office(media_root):
    cast = flows.build_cast()
    flows.on_site(cast)
    Term.objects.filter(office=cast.office).update(
        starts_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2099, 12, 31)
    )
    ensure_figures_schedule()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        DatabaseScheduler(app=celery_app, lazy=False).tick()
        row = wait_for(lambda: OfficeFigures.objects.filter(office=cast.office).first())
    assert (row.targets, row.covered) == (1, 1)
