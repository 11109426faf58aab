"""The roll-up across levels: an office's own work, then each office below it with everything
under that office, added up by the database from each office's counted figures in a fixed
number of queries."""

import datetime
import io
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coverage.rollup import rollup, rollup_office
from coverage.services import office_figures_refresh
from organisations.models import Office
from rectification import services as rectification
from rectification.figures import rectification_figures
from rounds import services as rounds
from rounds.models import Assignment, Lead
from tests import factories, flows

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 11, 1)
NOW = datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC)
URL = reverse("coverage:rollup")
EXPORT_URL = reverse("coverage:rollup_export")
Level = Office.Level


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


class World:
    """A province with two cities, a county under the first city (each with a cast), and a
    county under the second city that has targets but no term yet.

    By hand, on TODAY:
    - province (own work): 2 targets, 1 covered (on site), 1 round run, 1 lead awaiting;
    - city A: 1 target covered, 1 round run, 2 problems fed back, 1 rectified, the other's item
      overdue;
    - county K (under A): 2 targets covered, 1 of them effectively (closed), 1 round run,
      1 problem fed back with 1 overdue item, 1 lead with a case opened;
    - city B: 1 target not yet covered, its round only planned; county L (under B) has no term,
      so its target counts in no coverage.
    """

    def __init__(self):
        self.province = factories.OfficeFactory(level=Level.PROVINCIAL)
        self.city_a = factories.OfficeFactory(level=Level.MUNICIPAL, parent=self.province)
        self.city_b = factories.OfficeFactory(level=Level.MUNICIPAL, parent=self.province)
        self.county_k = factories.OfficeFactory(level=Level.COUNTY, parent=self.city_a)
        self.county_l = factories.OfficeFactory(level=Level.COUNTY, parent=self.city_b)

        self.p = flows.build_cast(office=self.province)
        flows.on_site(self.p)
        factories.TargetFactory(office=self.province)
        self.p_lead = flows.transferred_lead(self.p)

        self.a = flows.build_cast(office=self.city_a)
        plan = flows.submitted_plan(self.a, findings=2)
        closed, _still_open = plan.items.order_by("pk")
        rectification.progress_report(item=closed, by=self.a.liaison, text="已整改。")
        closed.refresh_from_db()
        closed = rectification.item_claim_done(
            item=closed, by=self.a.liaison, text="已完成。", attachments=[flows.pdf()]
        )
        rectification.item_close(item=closed, by=self.a.office_staff, comment="核实销号")

        self.k = flows.build_cast(office=self.county_k)
        flows.started_item(self.k)
        lead = flows.transferred_lead(self.k)
        rounds.lead_record_outcome(
            lead=lead,
            by=self.k.receiving_officer,
            outcome=Lead.Status.CASE_OPENED,
            outcome_on=datetime.date(2024, 9, 1),
        )
        factories.AssignmentFactory(
            round=self.k.round, team=self.k.team, phase=Assignment.Phase.CLOSED
        )

        self.b = flows.build_cast(office=self.city_b)
        factories.TargetFactory(office=self.county_l)


@pytest.fixture
def world(travel, media_root):
    built = World()
    office_figures_refresh(today=TODAY)
    return built


def figures(row):
    coverage = row.coverage
    return {
        "coverage": None
        if coverage is None
        else (coverage.targets, coverage.covered, coverage.effective),
        "rounds": row.rounds_run,
        "problems": (row.fed_back, row.rectified, row.rate),
        "overdue_items": row.overdue_items,
        "leads": (
            row.leads.transferred,
            row.leads.awaiting,
            row.leads.case_opened,
            row.leads.handled,
            row.leads.no_case,
            row.leads.closed,
        ),
    }


def read(user, office=None):
    office = rollup_office(user, office.pk if office else None)
    return rollup(user, office, today=TODAY)


def test_each_row_counts_its_office_and_everything_under_it(world):
    found = read(world.p.office_staff)
    assert [row.name for row in found.rows] == [
        world.province.name,
        world.city_a.name,
        world.city_b.name,
    ]
    own, city_a, city_b = found.rows
    assert own.own and not city_a.own
    assert figures(own) == {
        "coverage": (2, 1, 0),
        "rounds": 1,
        "problems": (0, 0, None),
        "overdue_items": 0,
        "leads": (1, 1, 0, 0, 0, 0),
    }
    # The county's work is in its city's row.
    assert figures(city_a) == {
        "coverage": (3, 3, 1),
        "rounds": 2,
        "problems": (3, 1, "33.33%"),
        "overdue_items": 2,
        "leads": (1, 0, 1, 0, 0, 0),
    }
    # A county with no term running counts in no coverage; a planned round is not run.
    assert figures(city_b) == {
        "coverage": (1, 0, 0),
        "rounds": 0,
        "problems": (0, 0, None),
        "overdue_items": 0,
        "leads": (0, 0, 0, 0, 0, 0),
    }
    assert (city_b.offices, city_b.offices_in_term) == (2, 1)
    assert figures(found.total) == {
        "coverage": (6, 4, 1),
        "rounds": 3,
        "problems": (3, 1, "33.33%"),
        "overdue_items": 2,
        "leads": (2, 1, 1, 0, 0, 0),
    }
    assert found.total.coverage.rate == "66.67%"


def test_a_city_reads_its_own_work_and_its_counties(world):
    found = read(world.a.office_staff)
    own, county = found.rows
    assert figures(own)["problems"] == (2, 1, "50%")
    assert figures(own)["coverage"] == (1, 1, 0)
    assert figures(own)["overdue_items"] == 1
    assert figures(county) == {
        "coverage": (2, 2, 1),
        "rounds": 1,
        "problems": (1, 0, "0%"),
        "overdue_items": 1,
        "leads": (1, 0, 1, 0, 0, 0),
    }
    assert figures(found.total)["problems"] == (3, 1, "33.33%")


def test_an_office_with_no_term_running_has_no_coverage_figures(world):
    found = read(world.p.office_staff, world.county_l)
    assert found.term is None
    assert found.rows[0].coverage is None
    assert found.total.coverage is None


def test_the_rectification_rate_is_the_figures_pages_own(world):
    """The same definition of rectified as the rectification figures by office."""
    by_office = rectification_figures(world.p.office_staff, by="office", today=TODAY)
    found = read(world.p.office_staff)
    assert [(row.fed_back, row.rectified) for row in found.rows] == [
        (row.fed_back, row.rectified) for row in by_office.rows
    ]


def test_the_breadcrumb_runs_from_the_viewers_office_to_the_chosen_one(world):
    found = read(world.p.office_staff, world.county_k)
    assert found.breadcrumb == [world.province, world.city_a, world.county_k]
    assert read(world.a.office_staff, world.county_k).breadcrumb == [
        world.city_a,
        world.county_k,
    ]


def test_the_rows_are_plain_values_for_the_api(world):
    city_a = read(world.p.office_staff).rows[1].as_dict()
    assert json.loads(json.dumps(city_a)) == city_a
    assert city_a["office_id"] == world.city_a.pk
    assert city_a["coverage"] == {
        "targets": 3,
        "covered": 3,
        "effective": 1,
        "rate": "100%",
        "effective_rate": "33.33%",
    }
    assert (city_a["rate"], city_a["leads"]["transferred"]) == ("33.33%", 1)


# The page --------------------------------------------------------------------------------


def get(client, user, query=None, url=URL):
    client.force_login(user)
    return client.get(url, query or {})


def test_the_page_shows_the_rows_and_links_down(client_in_english, world):
    response = get(client_in_english, world.p.office_staff)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.city_a.name in page and world.city_b.name in page
    assert f'href="?office={world.city_a.pk}"' in page
    assert "33.33%" in page


def test_a_city_drills_into_its_county_but_not_up_or_sideways(client, world):
    staff = world.a.office_staff
    drilled = get(client, staff, {"office": world.county_k.pk})
    assert drilled.status_code == 200
    assert drilled.context["rollup"].office == world.county_k
    assert f'href="?office={world.city_a.pk}"' in drilled.content.decode()
    for office in (world.province, world.city_b, world.county_l):
        assert get(client, staff, {"office": office.pk}).status_code == 404
    assert get(client, staff, {"office": "x"}).status_code == 404
    assert get(client, staff, {"office": 999999}).status_code == 404
    assert get(client, staff, {"office": "9" * 30}).status_code == 404


def test_the_province_drills_down_two_levels(client, world):
    response = get(client, world.p.office_staff, {"office": world.county_k.pk})
    assert response.status_code == 200
    assert figures(response.context["rollup"].total)["overdue_items"] == 1


def test_only_readers_of_an_office_see_the_roll_up(client, world):
    for user in (world.a.leader, world.a.member, world.a.liaison, world.a.receiving_officer):
        assert get(client, user).status_code == 404
    leadership = factories.ProfileFactory(office=world.city_a, is_leadership=True).user
    assert get(client, leadership).status_code == 200


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_leads_appear_as_counts_only(client, world):
    page = get(client, world.p.office_staff).content.decode()
    drilled = get(client, world.p.office_staff, {"office": world.county_k.pk}).content.decode()
    for lead in Lead.objects.all():
        for text in (lead.subject_name, lead.subject_position, lead.summary, lead.number):
            assert text not in page
            assert text not in drilled


def test_the_export_holds_the_rows_and_the_total(client_in_english, world):
    response = get(client_in_english, world.p.office_staff, url=EXPORT_URL)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3 + 1
    assert rows[2][0] == world.city_a.name
    assert rows[2][1:4] == (3, 3, 1)
    assert rows[-1][0] == "Total"
    assert (
        get(
            client_in_english, world.a.office_staff, {"office": world.province.pk}, url=EXPORT_URL
        ).status_code
        == 404
    )


# Queries ---------------------------------------------------------------------------------


def queries_of(client, query=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, query or {})
    assert response.status_code == 200
    return len(captured)


def more_offices(world):
    """Two more cities, counties under each, with their own work."""
    for _ in range(2):
        city = factories.OfficeFactory(level=Level.MUNICIPAL, parent=world.province)
        flows.fed_back(flows.build_cast(office=city))
        for _ in range(2):
            county = factories.OfficeFactory(level=Level.COUNTY, parent=city)
            flows.started_item(flows.build_cast(office=county))
    office_figures_refresh(today=TODAY)


def test_the_page_costs_the_same_with_more_offices(client, world, django_assert_num_queries):
    client.force_login(world.p.office_staff)
    few = queries_of(client)
    more_offices(world)
    client.get(URL)
    with django_assert_num_queries(few):
        response = client.get(URL)
    assert len(response.context["rollup"].rows) == 5


def test_the_selector_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    user = world.p.office_staff
    office = rollup_office(user)
    # The office and those below it, their stored figures added up, the office's term.
    with django_assert_num_queries(3):
        rollup(user, office, today=TODAY)
    more_offices(world)
    with django_assert_num_queries(3):
        found = rollup(user, office, today=TODAY)
    assert len(found.rows) == 5
