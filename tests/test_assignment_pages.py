"""The assignment board and an assignment's page: phases moved by the office, the link to a
new working paper for the team."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from rounds.models import Assignment
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Phase = Assignment.Phase


def board(client, **query):
    response = client.get(reverse("rounds:assignments"), query)
    assert response.status_code == 200
    return {assignment.pk for assignment in response.context["page_obj"]}


def page_url(assignment):
    return reverse("rounds:assignment", args=[assignment.pk])


def step_url(assignment, step):
    return reverse("rounds:assignment_step", args=[assignment.pk, step])


def phase_of(assignment):
    assignment.refresh_from_db()
    return assignment.phase


def shown_messages(response):
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def set_phase(cast, phase):
    Assignment.objects.filter(pk=cast.assignment.pk).update(phase=phase)
    return cast.refresh()


# The board -------------------------------------------------------------------------------


def test_office_staff_see_every_assignment_of_the_office_on_the_board(client, cast):
    second = factories.AssignmentFactory(round=cast.round, phase=Phase.ON_SITE)
    factories.AssignmentFactory()  # another office's
    client.force_login(cast.office_staff)
    assert board(client) == {cast.assignment.pk, second.pk}


def test_the_board_filters_by_phase(client, cast):
    on_site = factories.AssignmentFactory(round=cast.round, phase=Phase.ON_SITE)
    client.force_login(cast.office_staff)
    assert board(client, phase=Phase.ON_SITE) == {on_site.pk}


def test_the_board_filters_by_round(client, cast):
    later = factories.RoundFactory(term=cast.round.term)
    in_later = factories.AssignmentFactory(round=later)
    client.force_login(cast.office_staff)
    assert board(client, round=later.pk) == {in_later.pk}


def test_the_round_filter_offers_only_the_rounds_the_person_sees(client, cast, other_cast):
    client.force_login(cast.office_staff)
    response = client.get(reverse("rounds:assignments"))
    offered = set(response.context["filter"].form.fields["round"].queryset)
    assert offered == {cast.round}


@pytest.mark.parametrize(
    "query",
    [{"ordering": "-phase"}, {"ordering": "round,target"}, {"q": "城关"}, {"phase": "bogus"}],
    ids=["by phase", "by round then target", "search a target", "unknown phase"],
)
def test_sorting_and_searching_the_board_works(client, cast, query):
    client.force_login(cast.office_staff)
    assert board(client, **query) <= {cast.assignment.pk}


# Phase steps -----------------------------------------------------------------------------


def test_the_office_moves_an_assignment_on_site(client, cast):
    client.force_login(cast.office_staff)
    response = client.post(step_url(cast.assignment, "on_site"))
    assertRedirects(response, page_url(cast.assignment))
    assert phase_of(cast.assignment) == Phase.ON_SITE


def test_the_office_moves_an_assignment_to_reporting(client, cast):
    flows.on_site(cast)
    client.force_login(cast.office_staff)
    response = client.post(step_url(cast.assignment, "reporting"))
    assertRedirects(response, page_url(cast.assignment))
    assert phase_of(cast.assignment) == Phase.REPORTING


def test_a_step_taken_says_so_after_the_redirect(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(step_url(cast.assignment, "on_site"), follow=True)
    assert shown_messages(response) == [("success", "The assignment moved to the next phase.")]


def test_a_refused_step_shows_why_after_the_redirect(client_in_english, cast):
    flows.on_site(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(step_url(cast.assignment, "rectification"), follow=True)
    assert response.redirect_chain == [(page_url(cast.assignment), 302)]
    [(level, text)] = shown_messages(response)
    assert level == "error"
    assert text == f"{cast.assignment} is on site; it cannot become rectification."
    assert "it cannot become rectification" in response.text


def test_a_refused_step_changes_nothing(client, cast):
    flows.on_site(cast)
    client.force_login(cast.office_staff)
    client.post(step_url(cast.assignment, "rectification"))
    assert phase_of(cast.assignment) == Phase.ON_SITE


def test_an_unknown_step_is_not_found(client, cast):
    client.raise_request_exception = False
    client.force_login(cast.office_staff)
    response = client.post(step_url(cast.assignment, "closed"))
    assert response.status_code == 404


def test_office_staff_get_the_step_buttons(client, cast):
    client.force_login(cast.office_staff)
    response = client.get(page_url(cast.assignment))
    assert response.context["next_steps"] == ["on_site", "reporting", "rectification"]
    assert step_url(cast.assignment, "on_site") in response.text


@pytest.fixture
def leadership(cast):
    return factories.ProfileFactory(office=cast.office, is_leadership=True).user


@pytest.fixture
def person(request, cast, leadership):
    """The person of the cast (or the leadership member) named by the test's parameter."""
    return leadership if request.param == "leadership" else getattr(cast, request.param)


NOT_OFFICE = ["leadership", "leader", "deputy", "member"]


@pytest.mark.parametrize("person", NOT_OFFICE, indirect=True)
def test_no_one_but_the_office_gets_step_buttons(client, cast, person):
    client.force_login(person)
    response = client.get(page_url(cast.assignment))
    assert response.status_code == 200
    assert response.context["next_steps"] == []
    assert "/phase/" not in response.text


@pytest.mark.parametrize("person", NOT_OFFICE, indirect=True)
def test_a_step_posted_by_anyone_but_the_office_is_refused(client_in_english, cast, person):
    client_in_english.force_login(person)
    response = client_in_english.post(step_url(cast.assignment, "on_site"), follow=True)
    assert response.redirect_chain == [(page_url(cast.assignment), 302)]
    assert shown_messages(response) == [("error", f"Only staff of {cast.office} may do this.")]
    assert phase_of(cast.assignment) == Phase.PREPARATION


# The link to a new working paper ---------------------------------------------------------


@pytest.mark.parametrize("person", ["leader", "deputy", "member"], indirect=True)
def test_the_team_on_site_sees_the_new_working_paper_link(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    response = client.get(page_url(cast.assignment))
    assert response.context["may_file"] is True
    assert reverse("rounds:finding_create", args=[cast.assignment.pk]) in response.text


@pytest.mark.parametrize("person", ["office_staff", "leadership"], indirect=True)
def test_the_office_does_not_see_the_new_working_paper_link(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    response = client.get(page_url(cast.assignment))
    assert response.context["may_file"] is False
    assert reverse("rounds:finding_create", args=[cast.assignment.pk]) not in response.text


@pytest.mark.parametrize(
    ("phase", "offered"),
    [
        (Phase.PREPARATION, False),
        (Phase.ON_SITE, True),
        (Phase.REPORTING, True),
        (Phase.FEEDBACK, False),
        (Phase.RECTIFICATION, False),
        (Phase.CLOSED, False),
    ],
)
def test_the_link_is_shown_only_on_site_or_while_reporting(client, cast, phase, offered):
    set_phase(cast, phase)
    client.force_login(cast.member)
    response = client.get(page_url(cast.assignment))
    assert response.context["may_file"] is offered
    link = reverse("rounds:finding_create", args=[cast.assignment.pk])
    assert (link in response.text) is offered


def test_the_form_itself_is_not_found_outside_the_filing_phases(client, cast):
    client.force_login(cast.member)
    response = client.get(reverse("rounds:finding_create", args=[cast.assignment.pk]))
    assert response.status_code == 404


def test_the_office_sees_the_history_of_the_assignment(client_in_english, cast):
    flows.reporting(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.get(page_url(cast.assignment))
    steps = [(event.by, str(event.what)) for event in response.context["events"]]
    assert steps[-2:] == [
        (cast.office_staff, "preparation → on site"),
        (cast.office_staff, "on site → reporting"),
    ]


def test_the_team_does_not_see_the_history_of_the_assignment(client, cast):
    flows.reporting(cast)
    client.force_login(cast.leader)
    response = client.get(page_url(cast.assignment))
    assert response.context["events"] == []
