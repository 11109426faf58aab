"""Rectification rates, "N of M fed-back problems rectified, X%", counted by the database."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectification.figures import percent, rectification_figures
from rectification.models import RectificationItem
from rectification.progress import problem_states_refresh
from rounds.models import Finding
from tests import factories

pytestmark = pytest.mark.django_db

ItemStatus = RectificationItem.Status
TODAY = datetime.date(2024, 11, 1)
DEADLINE = datetime.date(2024, 10, 15)


def closed_on(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


# How each kind of problem's single item stands on TODAY.
ITEMS = {
    "on_time": {"status": ItemStatus.CLOSED, "closed_at": closed_on(datetime.date(2024, 10, 10))},
    "late": {"status": ItemStatus.CLOSED, "closed_at": closed_on(datetime.date(2024, 10, 20))},
    "overdue": {"status": ItemStatus.IN_PROGRESS},
    "in_progress": {"status": ItemStatus.IN_PROGRESS, "deadline": datetime.date(2024, 12, 31)},
}


class Office:
    """An office's fed-back problems, set directly in the database for a hand count."""

    def __init__(self, office=None, **office_fields):
        self.office = office or factories.OfficeFactory(**office_fields)
        self.round = factories.RoundFactory(term__office=self.office)
        self.team = factories.TeamFactory(round=self.round)
        self.category = factories.FindingCategoryFactory(office=self.office)
        self.staff = factories.OfficeStaffFactory(office=self.office).user
        self.hand = factories.UserFactory()
        self.plans = {}

    def _plan(self, target, round_):
        key = (target.pk if target else None, round_.pk)
        if key not in self.plans:
            target = target or factories.TargetFactory(office=self.office)
            team = self.team if round_ == self.round else factories.TeamFactory(round=round_)
            assignment = factories.AssignmentFactory(round=round_, team=team, target=target)
            factories.FeedbackFactory(assignment=assignment)
            self.plans[key] = factories.RectificationPlanFactory(assignment=assignment)
        return self.plans[key]

    def problem(self, state, *, target=None, round_=None, category=None):
        plan = self._plan(target, round_ or self.round)
        finding = factories.FindingFactory(
            assignment=plan.assignment,
            category=category or self.category,
            status=Finding.Status.FED_BACK,
            signed_by=self.hand,
            accepted_by=self.hand,
            feedback=plan.assignment.feedback,
        )
        fields = {"deadline": DEADLINE, **ITEMS[state]}
        if fields["status"] == ItemStatus.CLOSED:
            fields["closed_by"] = self.hand
        factories.RectificationItemFactory(plan=plan, finding=finding, **fields)
        return finding


def figures(user, by="target"):
    return rectification_figures(user, by=by, today=TODAY)


def counts(figure):
    return (figure.fed_back, figure.rectified, figure.on_time, figure.late, figure.overdue)


def test_two_of_three_rectified_is_a_rate_of_66_67_percent():
    office = Office()
    office.problem("on_time")
    office.problem("late")
    office.problem("overdue")
    total = figures(office.staff).total
    assert (total.rectified, total.fed_back, total.rate) == (2, 3, "66.67%")


def test_on_time_late_overdue_and_in_progress_are_counted_apart():
    office = Office()
    for state in ("on_time", "late", "overdue", "in_progress"):
        office.problem(state)
    total = figures(office.staff).total
    assert (*counts(total), total.in_progress) == (4, 2, 1, 1, 1, 1)


def test_rates_are_published_with_up_to_two_decimals():
    assert [percent(688, 697), percent(3, 4), percent(1, 8), percent(5, 5)] == [
        "98.71%",
        "75%",
        "12.5%",
        "100%",
    ]


def test_no_fed_back_problems_is_no_rate_rather_than_a_division_by_zero():
    assert percent(0, 0) is None


def test_a_problem_whose_item_was_withdrawn_is_not_rectified():
    office = Office()
    finding = office.problem("on_time")
    finding.rectification_items.update(status=ItemStatus.WITHDRAWN, closed_at=None)
    problem_states_refresh([finding.pk])  # as the services do when they change an item
    assert counts(figures(office.staff).total) == (1, 0, 0, 0, 0)


def test_figures_per_target_give_one_row_per_target():
    office = Office()
    town, village = (factories.TargetFactory(office=office.office, name=n) for n in "甲乙")
    office.problem("on_time", target=town)
    office.problem("overdue", target=town)
    office.problem("late", target=village)
    rows = {row.label: counts(row) for row in figures(office.staff).rows}
    assert rows == {"甲": (2, 1, 1, 0, 1), "乙": (1, 1, 0, 1, 0)}


def test_figures_per_round_give_one_row_per_round():
    office = Office()
    second = factories.RoundFactory(term=office.round.term, ordinal=office.round.ordinal + 1)
    office.problem("on_time")
    office.problem("overdue", round_=second)
    rows = figures(office.staff, by="round").rows
    assert [(row.fed_back, row.rectified) for row in rows] == [(1, 1), (1, 0)]


def test_figures_per_category_give_one_row_per_category():
    office = Office()
    conduct = factories.FindingCategoryFactory(office=office.office, name="专项整治")
    office.problem("on_time")
    office.problem("on_time", category=conduct)
    office.problem("overdue", category=conduct)
    rows = figures(office.staff, by="category").rows
    assert {row.label: row.rate for row in rows} == {
        office.category.name: "100%",
        "专项整治": "50%",
    }


def test_per_office_the_figures_roll_up_the_offices_below():
    city = Office(level="municipal")
    county = Office(parent=city.office, name="县委巡察办")
    township_level = Office(parent=county.office)  # two levels down rolls into the county
    city.problem("on_time")
    county.problem("overdue")
    township_level.problem("on_time")
    rows = figures(city.staff, by="office").rows
    assert [(row.label, row.fed_back, row.rectified) for row in rows] == [
        (city.office.name, 1, 1),
        ("县委巡察办", 2, 1),
    ]


def test_the_per_office_total_includes_the_offices_below():
    city = Office(level="municipal")
    Office(parent=city.office).problem("on_time")
    city.problem("overdue")
    total = figures(city.staff, by="office").total
    assert (total.rectified, total.fed_back, total.rate) == (1, 2, "50%")


def test_an_office_never_counts_a_sibling_or_its_parent():
    city = Office(level="municipal")
    county = Office(parent=city.office)
    Office(parent=city.office).problem("on_time")
    city.problem("on_time")
    county.problem("overdue")
    assert counts(figures(county.staff, by="office").total) == (1, 0, 0, 0, 1)


def test_the_other_groupings_count_only_the_offices_own_rounds():
    city = Office(level="municipal")
    Office(parent=city.office).problem("on_time")
    city.problem("overdue")
    assert figures(city.staff, by="target").total.fed_back == 1


def test_the_figures_take_a_fixed_number_of_queries(django_assert_num_queries):
    office = Office()
    for state in ("on_time", "late", "overdue", "in_progress"):
        office.problem(state)
    # 1 the person's profile, 2 the office, 3 the counts by group and problem state (the
    # total adds the groups up).
    with django_assert_num_queries(3):
        figures(office.staff)


def test_the_per_office_figures_take_one_query_per_level_below(django_assert_num_queries):
    city = Office(level="municipal")
    for _ in range(3):
        Office(parent=city.office).problem("on_time")
    # 1 profile, 2 office, 3-4 the offices one and two levels down (none further), 5 the
    # counts by office and problem state, 6 their names (the total adds the offices up).
    with django_assert_num_queries(6):
        figures(city.staff, by="office")


# The page ---------------------------------------------------------------------------------


def page(client, user, query=None):
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC)):
        return client.get(reverse("rectification:figures"), query or {})


def test_the_page_reads_as_offices_report_it(client_in_english, english):
    office = Office()
    office.problem("on_time")
    office.problem("late")
    office.problem("overdue")
    response = page(client_in_english, office.staff)
    assert "2 of 3 fed-back problems rectified, 66.67%" in response.content.decode()


def test_the_page_shows_a_dash_when_nothing_was_fed_back(client):
    office = Office()
    response = page(client, office.staff)
    assert response.context["figures"].total.rate is None
    assert '<p class="figure">—</p>' in response.content.decode()


def test_the_leadership_group_reads_the_figures(client):
    office = Office()
    leadership = factories.ProfileFactory(office=office.office, is_leadership=True).user
    assert page(client, leadership).status_code == 200


@pytest.mark.parametrize("role", ["leader", "liaison", "receiving_officer", "outsider"])
def test_the_figures_are_not_found_for_anyone_else(client, cast, role):
    assert page(client, getattr(cast, role)).status_code == 404


def test_an_unknown_grouping_falls_back_to_targets(client):
    office = Office()
    assert page(client, office.staff, {"by": "person"}).context["figures"].by == "target"


@pytest.mark.parametrize("by", ["target", "round", "category", "office"])
def test_the_page_costs_the_same_with_more_problems(client, django_assert_num_queries, by):
    office = Office()
    office.problem("on_time")
    client.force_login(office.staff)
    url = reverse("rectification:figures") + f"?by={by}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for state in ("late", "overdue", "in_progress") * 5:
        office.problem(state, target=factories.TargetFactory(office=office.office))
    with django_assert_num_queries(len(few)):
        client.get(url)
