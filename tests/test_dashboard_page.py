"""The leadership dashboard, /dashboard/: who may open it, its key figures (the hand counts of
tests/chart_scene.py, with leads and filings added here), its charts, and its queries."""

import datetime
import re

import pytest
from django.urls import reverse

from linkage import services as linkage
from linkage.models import UpwardFiling
from rounds.models import Lead
from tests import factories, flows
from tests.chart_scene import Scene, build_elsewhere, fed_back, frozen_on_today, item, plan_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LeadStatus = Lead.Status
URL = reverse("coverage:dashboard")
CHART_KEYS = [
    "chart-coverage-progress",
    "chart-rectification-round",
    "chart-rectification-category",
    "chart-findings-category",
    "chart-overdue-trend",
]


@pytest.fixture(autouse=True)
def today():
    with frozen_on_today():
        yield


def transfer_leads(scene, statuses):
    body = factories.ReceivingBodyFactory(office=scene.office)
    for status in statuses:
        factories.LeadFactory(
            assignment=scene.b,
            status=status,
            receiving_body=body,
            transferred_on=datetime.date(2024, 5, 6),
        )


def file_term_plan(office, starts_on):
    """A lower office files its term plan (due 90 days after its term starts)."""
    staff = factories.OfficeStaffFactory(office=office).user
    return linkage.filing_submit(
        office=office,
        by=staff,
        kind=UpwardFiling.Kind.TERM_PLAN,
        term=factories.TermFactory(office=office, starts_on=starts_on),
        title="届内巡察工作规划",
        summary="一届任期内全覆盖",
        figures={"targets_planned": 40, "rounds_planned": 8},
        document=flows.pdf(),
    )


@pytest.fixture
def scene():
    """The chart scene with four leads transferred (one registered only), and three offices
    below: one filing overdue, one acknowledged, one not yet due."""
    scene = Scene()
    factories.LeadFactory(assignment=scene.b)
    transfer_leads(
        scene,
        [LeadStatus.TRANSFERRED, LeadStatus.CASE_OPENED, LeadStatus.CLOSED, LeadStatus.CLOSED],
    )
    below = [factories.OfficeFactory(parent=scene.office) for _ in range(3)]
    file_term_plan(below[0], datetime.date(2024, 1, 1))
    acknowledged = file_term_plan(below[1], datetime.date(2024, 1, 1))
    linkage.filing_acknowledge(filing=acknowledged, by=scene.staff)
    file_term_plan(below[2], datetime.date(2024, 6, 1))
    return scene


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


# Access ----------------------------------------------------------------------------------


def test_office_staff_open_the_dashboard(client, scene):
    response = get(client, scene.staff)
    assert response.status_code == 200
    assert response.context["term"] == scene.term


def test_the_leadership_group_opens_the_dashboard(client, scene):
    leadership = factories.ProfileFactory(office=scene.office, is_leadership=True).user
    assert get(client, leadership).status_code == 200


def _team_member(scene):
    member = factories.InspectorFactory(office=scene.office).user
    factories.TeamMembershipFactory(team=scene.b.team, user=member)
    return member


def _liaison(scene):
    liaison = factories.ProfileFactory().user
    factories.LiaisonFactory(target=scene.b.target, user=liaison)
    return liaison


def _outsider(scene):
    return factories.ProfileFactory(office=scene.office).user


@pytest.mark.parametrize(
    "person", [_team_member, _liaison, _outsider], ids=["team member", "liaison", "outsider"]
)
def test_anyone_who_does_not_read_the_office_is_not_found(client, scene, person):
    assert get(client, person(scene)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, scene):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_term_of_another_office_is_not_found(client, scene):
    other = factories.TermFactory()
    assert get(client, scene.staff, term=other.pk).status_code == 404


def test_a_term_that_is_not_a_number_is_not_found(client, scene):
    assert get(client, scene.staff, term="latest").status_code == 404


def test_an_office_without_a_term_says_so(client_in_english, db):
    staff = factories.OfficeStaffFactory().user
    response = get(client_in_english, staff)
    assert response.status_code == 200
    assert "No term has been planned yet." in response.content.decode()


# Figures ---------------------------------------------------------------------------------


def test_the_key_figures_of_the_term(client, scene):
    board = get(client, scene.staff).context["dashboard"]
    assert (board.coverage.covered_percent, board.coverage.effective_percent) == (
        "71.43%",
        "14.29%",
    )
    assert (board.rounds_run, board.rounds_planned) == (2, 1)
    assert board.problems_found == 6
    assert (board.rectification.rectified, board.rectification.fed_back) == (3, 5)
    assert board.items_overdue == 2


def test_leads_are_counted_by_outcome(client, scene):
    board = get(client, scene.staff).context["dashboard"]
    assert board.leads_transferred == 4
    assert [(outcome.status, outcome.count) for outcome in board.lead_outcomes] == [
        (LeadStatus.TRANSFERRED, 1),
        (LeadStatus.CASE_OPENED, 1),
        (LeadStatus.CLOSED, 2),
    ]


def test_overdue_filings_are_those_of_the_offices_below_past_due_and_not_acknowledged(
    client, scene
):
    assert get(client, scene.staff).context["dashboard"].filings_overdue == 1


def test_filings_owed_by_the_offices_below_and_never_made_are_counted(client, scene):
    # The two offices whose term began in January owe their 2024 annual plans (due with the
    # term plan, on 31 March); the third office's term began in June: nothing is due yet.
    board = get(client, scene.staff).context["dashboard"]
    assert board.filings_missing == 2


def test_another_office_figures_never_appear(client, scene):
    build_elsewhere(scene)
    board = get(client, scene.staff).context["dashboard"]
    assert (board.problems_found, board.items_overdue, board.coverage.targets) == (6, 2, 7)


def test_the_page_shows_the_figures_in_english(client_in_english, scene):
    page = get(client_in_english, scene.staff).content.decode()
    assert "5 of 7 active targets" in page
    assert "3 of 5 fed-back problems rectified" in page
    assert "awaiting an outcome 1" in page
    assert "case closed 2" in page
    assert "Coverage progress over the term" in page
    assert "Overdue rectification items" in page


def test_each_chart_has_its_data_and_a_table(client, scene):
    page = get(client, scene.staff).content.decode()
    for key in CHART_KEYS:
        assert f'data-chart="{key}-data"' in page
        assert f'<script id="{key}-data" type="application/json">' in page
    assert page.count('<details class="chart-data">') == len(CHART_KEYS)


def test_the_page_has_no_inline_script_or_style(client, scene):
    page = get(client, scene.staff).content.decode()
    assert "style=" not in page
    for tag in re.findall(r"<script[^>]*>", page):
        assert ' src="' in tag or 'type="application/json"' in tag, tag


def test_office_staff_get_a_link_to_the_leads(client, scene):
    assert reverse("rounds:leads") in get(client, scene.staff).content.decode()


def test_the_leadership_group_sees_lead_counts_without_a_link(client, scene):
    leadership = factories.ProfileFactory(office=scene.office, is_leadership=True).user
    response = get(client, leadership)
    assert response.context["dashboard"].leads_transferred == 4
    assert reverse("rounds:leads") not in response.content.decode()


# Queries ---------------------------------------------------------------------------------


def more_of_everything(scene, n):
    for index in range(n):
        target = factories.TargetFactory(office=scene.office, code=f"X{index}")
        assignment = factories.AssignmentFactory(
            round=scene.round2, target=target, phase="rectification"
        )
        finding = fed_back(assignment, scene.categories[index % 2])
        item(plan_of(assignment), finding, deadline=(2024, 4, 1 + index))
    transfer_leads(scene, [LeadStatus.HANDLED, LeadStatus.NO_CASE] * n)
    for index in range(n):
        file_term_plan(
            factories.OfficeFactory(parent=scene.office), datetime.date(2023, 1, 1 + index)
        )


def test_the_page_takes_a_fixed_number_of_queries(client, scene, django_assert_num_queries):
    """Session, user, the person's standing, the menu, the name in the header and the session's
    update (3, 2 of them a savepoint): 8. The page's own: the terms, the coverage headline,
    the charts (5: both rectification rates and the problems found come from two, the problems
    and where the fed-back ones stand, and one for the names of their categories), the rounds,
    the leads, the filings overdue, and for those never filed: the office's deadlines, the
    offices below, the terms without a term plan, the annual plans filed and the terms they
    were due in, the rounds without a summary: 16."""
    client.force_login(scene.staff)
    with django_assert_num_queries(24):
        client.get(URL)
    more_of_everything(scene, 6)
    with django_assert_num_queries(24):
        response = client.get(URL)
    assert response.context["dashboard"].problems_found == 12
