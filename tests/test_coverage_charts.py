"""The chart series of coverage.charts against hand counts, their scoping and their queries.

The scene (tests/chart_scene.py) is a two-year term, 2024–2025, read on 15 July 2024.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse

from coverage import charts
from coverage.selectors import TermCoverage
from organisations.selectors import viewer_of
from rectification.models import RectificationItem
from rectification.progress import overdue_item
from rounds.models import Round
from tests import factories
from tests.chart_scene import (
    SHANGHAI,
    TODAY,
    Phase,
    Scene,
    build_elsewhere,
    fed_back,
    frozen_on_today,
    item,
    plan_of,
)

pytestmark = pytest.mark.django_db

Status = Round.Status


@pytest.fixture(autouse=True)
def today():
    with frozen_on_today():
        yield


@pytest.fixture
def scene():
    return Scene()


@pytest.fixture
def elsewhere(scene):
    return build_elsewhere(scene)


def values(chart, name=None):
    series = chart.series if name is None else [s for s in chart.series if s.name == name]
    return series[0].values


# Coverage progress -------------------------------------------------------------------------


def test_coverage_counts_each_target_from_the_month_its_team_first_went_on_site(scene):
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    assert chart.categories[:7] == [f"2024-0{month}" for month in range(1, 8)]
    assert len(chart.categories) == 24
    # A, B in March; H in April; C in May; D (date ahead) in the current month.
    assert values(chart)[:7] == [0, 0, 2, 3, 4, 4, 5]


def test_coverage_has_no_figure_for_the_months_ahead(scene):
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    assert values(chart)[7:] == [None] * 17


def test_coverage_last_figure_is_the_headline(scene):
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    total = chart.total
    assert (total.targets, total.covered, total.effectively_covered) == (7, 5, 1)
    assert values(chart)[6] == total.covered


def test_the_even_pace_covers_every_target_by_the_term_end(scene):
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    pace = chart.series[1]
    assert pace.dashed
    # Seven targets over the term's 731 days: 31 days by the end of January.
    assert pace.values[0] == round(7 * 31 / 731, 1)
    assert pace.values[11] == round(7 * 366 / 731, 1)
    assert pace.values[-1] == 7.0


def test_coverage_table_holds_the_months_by_year(scene):
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    (year, rows), (next_year, later) = chart.tables
    assert (year, next_year) == ("2024", "2025")
    assert rows[2] == ["2024-03", 2, "0.9"]
    assert later[0][1] == "—"


def test_coverage_of_a_term_that_is_over_ends_on_its_headline(scene):
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=SHANGHAI), tick=False):
        chart = charts.coverage_progress(scene.staff, scene.term, today=datetime.date(2026, 3, 1))
    assert values(chart)[-1] == 5
    assert None not in values(chart)


def test_a_term_not_yet_begun_has_only_its_pace(scene):
    later = factories.TermFactory(
        office=scene.office,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    chart = charts.coverage_progress(scene.staff, later, today=TODAY)
    assert values(chart) == [None] * 12
    assert chart.series[1].values[-1] == 7.0


# Rectification rates and problems ------------------------------------------------------------


def test_rectification_rate_by_round(scene, english):
    chart, _by_category, _found = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert chart.categories == ["Round 1", "Round 2"]
    assert values(chart) == [66.7, 50.0]
    assert chart.rows == [["Round 1", 3, 2, 1, "66.67%"], ["Round 2", 2, 1, 0, "50%"]]


def test_rectification_total_is_the_term_rounds_together(scene):
    by_round, by_category, _found = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert by_category.total == by_round.total
    total = by_round.total
    assert (total.fed_back, total.rectified, total.overdue, total.rate) == (5, 3, 1, "60%")


def test_rectification_rate_by_category(scene):
    _by_round, chart, _found = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert chart.categories == ["政治建设", "作风建设"]
    assert values(chart) == [50.0, 66.7]
    assert [row[1:4] for row in chart.rows] == [[2, 1, 1], [3, 2, 0]]


def test_problems_found_by_category_counts_accepted_and_fed_back(scene):
    *_rates, chart = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert chart.categories == ["政治建设", "作风建设"]
    fed, waiting = chart.series
    assert (fed.values, waiting.values) == ([2, 3], [1, 0])
    assert chart.stacked
    assert chart.total == 6


def test_problems_of_another_term_are_left_out(scene):
    old = factories.RoundFactory(
        term__office=scene.office,
        term__starts_on=datetime.date(2019, 1, 1),
        term__ends_on=datetime.date(2023, 12, 31),
    )
    assignment = factories.AssignmentFactory(round=old, phase=Phase.RECTIFICATION)
    fed_back(assignment, scene.categories[0])
    by_round, _by_category, found = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert found.total == 6
    assert by_round.total.fed_back == 5


# Overdue trend ------------------------------------------------------------------------------


def test_overdue_trend_at_the_end_of_each_of_the_last_twelve_months(scene, english):
    chart = charts.overdue_trend(scene.staff, scene.term, today=TODAY)
    assert chart.categories == [
        "2023-08",
        "2023-09",
        "2023-10",
        "2023-11",
        "2023-12",
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
        "today",
    ]
    # Feb: the item closed on 1 May; Mar–Apr: and the claimed one; Jun: the claimed one and
    # the one closed in July; today: the claimed one and the open one.
    assert values(chart) == [0, 0, 0, 0, 0, 0, 1, 2, 2, 1, 2, 2]


def test_overdue_today_is_the_ledger_count(scene):
    chart = charts.overdue_trend(scene.staff, scene.term, today=TODAY)
    ledger = RectificationItem.objects.filter(overdue_item(TODAY)).count()
    assert chart.total == ledger == 2


# Scoping ---------------------------------------------------------------------------------


def test_another_office_data_never_appears(scene, elsewhere):
    assert values(charts.coverage_progress(scene.staff, scene.term, today=TODAY))[1] == 0
    assert charts.overdue_trend(scene.staff, scene.term, today=TODAY).total == 2
    by_round, _by_category, found = charts.problem_charts(scene.staff, scene.term, today=TODAY)
    assert found.total == 6
    assert by_round.total.fed_back == 5


def test_the_staff_of_another_office_get_empty_charts_of_this_term(scene, elsewhere):
    progress = charts.coverage_progress(elsewhere, scene.term, today=TODAY)
    assert progress.total.targets == 0
    assert set(values(progress)[:7]) == {0}
    by_round, by_category, found = charts.problem_charts(elsewhere, scene.term, today=TODAY)
    assert by_round.empty and by_category.empty and found.empty
    assert set(values(charts.overdue_trend(elsewhere, scene.term, today=TODAY))) == {0}


def test_a_team_member_gets_empty_charts(scene):
    member = factories.InspectorFactory(office=scene.office).user
    factories.TeamMembershipFactory(team=scene.b.team, user=member)
    assert all(chart.empty for chart in charts.problem_charts(member, scene.term, today=TODAY))
    assert charts.coverage_progress(member, scene.term, today=TODAY).total.targets == 0


def test_the_leadership_group_reads_the_charts(scene):
    leader = factories.ProfileFactory(office=scene.office, is_leadership=True).user
    *_rates, found = charts.problem_charts(leader, scene.term, today=TODAY)
    assert found.total == 6


# Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chart", "queries"),
    [
        (
            lambda user, term: charts.coverage_progress(
                user,
                term,
                today=TODAY,
                total=TermCoverage(targets=7, covered=5, effectively_covered=1),
            ),
            1,
        ),
        # The problems found, where the fed-back ones stand, then the names of their
        # categories.
        (lambda user, term: charts.problem_charts(user, term, today=TODAY), 3),
        (lambda user, term: charts.overdue_trend(user, term, today=TODAY), 1),
    ],
    ids=["coverage with its headline given", "rates and problems", "overdue"],
)
def test_each_chart_takes_a_fixed_number_of_queries_whatever_the_data(
    scene, chart, queries, django_assert_num_queries
):
    viewer_of(scene.staff)  # the person's standing is read once per request
    with django_assert_num_queries(queries):
        chart(scene.staff, scene.term)
    for n in range(5):
        target = factories.TargetFactory(office=scene.office, code=f"X{n}")
        assignment = factories.AssignmentFactory(
            round=scene.round1, target=target, phase=Phase.RECTIFICATION
        )
        finding = fed_back(assignment, scene.categories[n % 2])
        item(plan_of(assignment), finding, deadline=(2024, 4, n + 1))
    with django_assert_num_queries(queries):
        chart(scene.staff, scene.term)


def test_coverage_counts_its_headline_in_one_more_query(scene, django_assert_num_queries):
    viewer_of(scene.staff)
    with django_assert_num_queries(2):
        chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY)
    assert chart.total.covered == 5


def test_chart_data_carries_every_word_from_the_server(scene, english):
    data = charts.overdue_trend(scene.staff, scene.term, today=TODAY).data()
    assert (data["xLabel"], data["yLabel"]) == ("month", "items overdue")
    assert data["series"] == [
        {"name": "items overdue", "values": [0, 0, 0, 0, 0, 0, 1, 2, 2, 1, 2, 2], "dashed": False}
    ]
    assert data["kind"] == "line"


def test_the_coverage_page_carries_the_progress_chart(client, scene):
    client.force_login(scene.staff)
    response = client.get(reverse("coverage:term"), {"term": scene.term.pk})
    assert response.context["progress"].total.covered == 5
    page = response.content.decode()
    assert 'data-chart="chart-coverage-progress-data"' in page
    assert '<script id="chart-coverage-progress-data" type="application/json">' in page


def test_with_the_offices_below_their_targets_are_charted_too(scene):
    below = factories.OfficeFactory(parent=scene.office)
    round_ = factories.RoundFactory(
        term__office=below, status=Status.IN_PROGRESS, planned_start=datetime.date(2024, 2, 1)
    )
    factories.AssignmentFactory(
        round=round_, phase=Phase.ON_SITE, on_site_from=datetime.date(2024, 2, 5)
    )
    chart = charts.coverage_progress(scene.staff, scene.term, today=TODAY, below=True)
    assert (chart.total.targets, chart.total.covered) == (8, 6)
    assert values(chart)[:7] == [0, 1, 3, 4, 5, 5, 6]
