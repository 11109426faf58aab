import pytest

from rounds.models import Assignment
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def test_office_staff_see_the_coverage_of_the_current_term_at_home(client):
    profile = factories.OfficeStaffFactory()
    term = factories.TermFactory(
        office=profile.office,
        starts_on=factories.TERM_START,
        ends_on=factories.TERM_START.replace(year=2099),
    )
    round_ = factories.RoundFactory(term=term, office=profile.office)
    factories.AssignmentFactory(round=round_, phase=Assignment.Phase.ON_SITE)
    factories.TargetFactory(office=profile.office)
    client.force_login(profile.user)
    response = client.get("/")
    assert response.context["coverage"].covered == 1
    assert "1 / 2" in response.text


def test_the_leadership_group_finds_the_coverage_and_the_dashboard_at_home(client):
    profile = factories.ProfileFactory(office=factories.OfficeFactory(), is_leadership=True)
    factories.TermFactory(
        office=profile.office,
        starts_on=factories.TERM_START,
        ends_on=factories.TERM_START.replace(year=2099),
    )
    factories.TargetFactory(office=profile.office)
    client.force_login(profile.user)
    response = client.get("/")
    assert response.context["coverage"].targets == 1
    assert 'href="/dashboard/"' in response.text


def test_a_liaison_sees_no_office_figures_at_home(client):
    liaison = factories.LiaisonFactory()
    client.force_login(liaison.user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["coverage"] is None


def test_the_deputy_sees_how_many_working_papers_wait_for_review(client, cast):
    flows.drafted_finding(cast)
    client.force_login(cast.deputy)
    response = client.get("/")
    assert response.context["waiting_findings"] == 1


def test_nothing_waits_for_a_member_whose_papers_are_with_the_deputy(client, cast):
    flows.drafted_finding(cast)
    client.force_login(cast.member)
    assert client.get("/").context["waiting_findings"] == 0


def test_the_receiving_body_sees_how_many_leads_await_its_report(client, cast):
    flows.transferred_lead(cast)
    client.force_login(cast.receiving_officer)
    assert client.get("/").context["waiting_leads"] == 1


def test_the_office_sees_how_many_leads_await_transfer(client, cast):
    flows.registered_lead(cast)
    client.force_login(cast.office_staff)
    assert client.get("/").context["waiting_leads"] == 1


def test_a_member_has_no_leads_to_act_on(client, cast):
    flows.registered_lead(cast)
    client.force_login(cast.member)
    assert client.get("/").context["waiting_leads"] == 0
