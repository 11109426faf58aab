"""The figures API: rectification rates and a term's coverage, for the office's readers."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coverage.services import office_figures_refresh
from rectification import services as rectification
from rounds.models import Assignment
from tests import factories, flows
from tests.test_figures import Office

pytestmark = pytest.mark.django_db

RECTIFICATION = "/api/v1/figures/rectification/"
COVERAGE = "/api/v1/figures/coverage/"
# tests.test_figures.Office sets its problems' items as they stand on this day.
FIGURES_DAY = datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC)


def counts(figure):
    keys = ("fed_back", "rectified", "on_time", "late", "overdue", "in_progress", "rate")
    return tuple(figure[key] for key in keys)


@pytest.fixture
def on_figures_day():
    with time_machine.travel(FIGURES_DAY):
        yield


# rectification rates ----------------------------------------------------------------------


@time_machine.travel(datetime.datetime(2024, 10, 1, 10, tzinfo=datetime.UTC))
def test_two_fed_back_problems_one_rectified_read_1_of_2_50_percent(cast, api_as, media_root):
    plan = flows.accepted_plan(cast, findings=2)
    item = plan.items.order_by("pk").first()
    rectification.progress_report(item=item, by=cast.liaison, text="已召开专题民主生活会。")
    rectification.item_claim_done(
        item=item, by=cast.liaison, text="制度已印发执行。", attachments=[flows.pdf()]
    )
    rectification.item_close(item=item, by=cast.office_staff, comment="核实销号")
    response = api_as(cast.office_staff).get(RECTIFICATION, {"by": "target"})
    assert response.status_code == 200
    body = response.json()
    assert body["office"] == {"id": cast.office.pk, "name": cast.office.name}
    assert body["by"] == "target"
    # Closed before its deadline (15 October); the other item is open and not yet due.
    assert counts(body["total"]) == (2, 1, 1, 0, 0, 1, "50%")
    assert [(row["label"], counts(row)) for row in body["rows"]] == [
        (cast.assignment.target.name, (2, 1, 1, 0, 0, 1, "50%"))
    ]


def test_without_a_grouping_the_rows_are_per_target(api_as, on_figures_day):
    office = Office()
    office.problem("on_time")
    assert api_as(office.staff).get(RECTIFICATION).json()["by"] == "target"


def test_on_time_late_overdue_and_in_progress_are_counted_apart(api_as, on_figures_day):
    office = Office()
    for state in ("on_time", "late", "overdue", "in_progress"):
        office.problem(state)
    total = api_as(office.staff).get(RECTIFICATION).json()["total"]
    assert counts(total) == (4, 2, 1, 1, 1, 1, "50%")


def test_per_category_each_category_has_its_rate(api_as, on_figures_day):
    office = Office()
    conduct = factories.FindingCategoryFactory(office=office.office, name="专项整治")
    office.problem("on_time")
    office.problem("on_time", category=conduct)
    office.problem("overdue", category=conduct)
    rows = api_as(office.staff).get(RECTIFICATION, {"by": "category"}).json()["rows"]
    assert {row["label"]: row["rate"] for row in rows} == {
        office.category.name: "100%",
        "专项整治": "50%",
    }


def test_per_office_the_offices_below_are_rolled_up(api_as, on_figures_day):
    city = Office(level="municipal")
    county = Office(parent=city.office, name="县委巡察办")
    Office(parent=county.office).problem("on_time")
    city.problem("on_time")
    county.problem("overdue")
    body = api_as(city.staff).get(RECTIFICATION, {"by": "office"}).json()
    assert [(row["label"], row["fed_back"], row["rectified"]) for row in body["rows"]] == [
        (city.office.name, 1, 1),
        ("县委巡察办", 2, 1),
    ]
    assert (body["total"]["fed_back"], body["total"]["rate"]) == (3, "66.67%")


def test_nothing_fed_back_has_no_rate(api_as):
    office = Office()
    body = api_as(office.staff).get(RECTIFICATION).json()
    assert body["rows"] == []
    assert counts(body["total"]) == (0, 0, 0, 0, 0, 0, None)


def test_the_leadership_group_reads_the_figures(cast, api_as):
    leadership = factories.ProfileFactory(office=cast.office, is_leadership=True).user
    assert api_as(leadership).get(RECTIFICATION).status_code == 200


@pytest.mark.parametrize("role", ["leader", "member", "liaison", "receiving_officer", "outsider"])
def test_the_figures_are_not_found_for_anyone_else_as_on_the_page(cast, api_as, role):
    response = api_as(getattr(cast, role)).get(RECTIFICATION)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_grouping_is_a_field_error(cast, api_as):
    response = api_as(cast.office_staff).get(RECTIFICATION, {"by": "person"})
    assert response.status_code == 400
    assert "by" in response.json()["errors"]


@pytest.mark.parametrize("by", ["target", "round", "category", "office"])
def test_the_figures_cost_the_same_queries_with_more_problems(api_as, on_figures_day, by):
    office = Office()
    office.problem("on_time")
    client = api_as(office.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(RECTIFICATION, {"by": by})
    for state in ("late", "overdue", "in_progress") * 3:
        office.problem(state, target=factories.TargetFactory(office=office.office))
    with CaptureQueriesContext(connection) as many:
        response = client.get(RECTIFICATION, {"by": by})
    assert response.json()["total"]["fed_back"] == 10
    assert len(many) == len(few)


def test_the_figures_by_target_take_four_queries(api_as, on_figures_day, django_assert_num_queries):
    office = Office()
    for state in ("on_time", "late", "overdue"):
        office.problem(state, target=factories.TargetFactory(office=office.office))
    client = api_as(office.staff)
    # The token with its person, the profile, the office, the counts by target and problem
    # state (the total adds the targets up).
    with django_assert_num_queries(4):
        client.get(RECTIFICATION, {"by": "target"})


# coverage ---------------------------------------------------------------------------------


def test_a_terms_coverage_counts_the_offices_active_targets(cast, api_as):
    flows.on_site(cast)
    factories.TargetFactory(office=cast.office)
    factories.TargetFactory(office=cast.office, active=False)
    term = cast.round.term
    response = api_as(cast.office_staff).get(COVERAGE, {"term": term.pk})
    assert response.status_code == 200
    assert response.json() == {
        "term": {
            "id": term.pk,
            "name": term.name,
            "starts_on": term.starts_on.isoformat(),
            "ends_on": term.ends_on.isoformat(),
        },
        "targets": 2,
        "covered": 1,
        "effectively_covered": 0,
        "rate": "50%",
        "effective_rate": "0%",
    }


def test_a_closed_assignment_covers_effectively(cast, api_as):
    Assignment.objects.filter(pk=cast.assignment.pk).update(phase=Assignment.Phase.CLOSED)
    body = api_as(cast.office_staff).get(COVERAGE, {"term": cast.round.term_id}).json()
    assert (body["effectively_covered"], body["effective_rate"]) == (1, "100%")


def test_an_office_without_active_targets_has_no_coverage_rate(api_as):
    term = factories.TermFactory()
    staff = factories.OfficeStaffFactory(office=term.office).user
    body = api_as(staff).get(COVERAGE, {"term": term.pk}).json()
    assert (body["targets"], body["rate"], body["effective_rate"]) == (0, None, None)


def test_another_offices_term_is_not_found(cast, other_cast, api_as):
    response = api_as(cast.office_staff).get(COVERAGE, {"term": other_cast.round.term_id})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("role", ["member", "liaison", "outsider"])
def test_coverage_is_not_found_for_those_who_do_not_read_the_plan(cast, api_as, role):
    response = api_as(getattr(cast, role)).get(COVERAGE, {"term": cast.round.term_id})
    assert response.status_code == 404


@pytest.mark.parametrize("query", [{}, {"term": "first"}, {"term": "0"}])
def test_a_missing_or_malformed_term_is_a_field_error(cast, api_as, query):
    response = api_as(cast.office_staff).get(COVERAGE, query)
    assert response.status_code == 400
    assert "term" in response.json()["errors"]


def test_coverage_costs_the_same_queries_with_more_targets(cast, api_as):
    client = api_as(cast.office_staff)
    query = {"term": cast.round.term_id}
    with CaptureQueriesContext(connection) as few:
        client.get(COVERAGE, query)
    for _ in range(4):
        factories.TargetFactory(office=cast.office)
    with CaptureQueriesContext(connection) as many:
        assert client.get(COVERAGE, query).json()["targets"] == 5
    assert len(many) == len(few)


# The roll-up across levels -------------------------------------------------------------------

ROLLUP = "/api/v1/figures/rollup/"


def test_the_rollup_gives_the_office_s_own_work_each_office_below_and_the_total(api_as, cast):
    flows.fed_back(cast)
    city = factories.OfficeFactory(level="municipal", parent=cast.office)
    office_figures_refresh(today=timezone.localdate())
    body = api_as(cast.office_staff).get(ROLLUP).json()
    rows = {row["name"]: row for row in body["rows"]}
    assert rows[cast.office.name]["own"] and rows[cast.office.name]["fed_back"] == 1
    assert rows[city.name]["fed_back"] == 0
    assert body["total"]["fed_back"] == 1 and body["total"]["office_id"] is None


def test_the_rollup_of_an_office_above_reads_as_missing(api_as, cast):
    county = factories.OfficeFactory(level="county", parent=cast.office)
    staff = factories.OfficeStaffFactory(office=county).user
    assert api_as(staff).get(ROLLUP, {"office": cast.office.pk}).status_code == 404


def test_the_rollup_is_not_for_the_unit(api_as, cast):
    flows.fed_back(cast)
    assert api_as(cast.liaison).get(ROLLUP).status_code == 404


def test_a_malformed_office_in_the_rollup_is_a_field_error(api_as, cast):
    response = api_as(cast.office_staff).get(ROLLUP, {"office": "abc"})
    assert response.status_code == 400
    assert "office" in response.json()["errors"]
