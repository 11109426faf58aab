"""Lead pages: the most confidential record. Every opening is recorded; only the office, the
team leader and the body a lead went to may open one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from rounds import services
from rounds.models import LeadView
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LEADS = reverse("rounds:leads")


def lead_url(lead):
    return reverse("rounds:lead", args=[lead.pk])


def listed(response):
    return {lead.pk for lead in response.context["page_obj"]}


def menu_urls(client):
    return {entry["url"] for entry in client.get(reverse("home")).context["menu"]}


@pytest.fixture
def lead(cast):
    """A lead transferred to the cast's receiving body, then feedback given to the unit."""
    transferred = flows.transferred_lead(cast)
    flows.fed_back(cast)
    return transferred


@pytest.fixture
def person(request, cast):
    """The person of the cast named by the test's parameter; "leadership" is made here."""
    if request.param == "leadership":
        return factories.ProfileFactory(office=cast.office, is_leadership=True).user
    return getattr(cast, request.param)


# Every opening is recorded ---------------------------------------------------------------


def test_opening_a_lead_records_who_opened_it_and_when(client, cast, lead):
    client.force_login(cast.office_staff)
    before = timezone.now()
    response = client.get(lead_url(lead))
    assert response.status_code == 200
    view = LeadView.objects.get()
    assert (view.lead, view.user, view.purpose) == (lead, cast.office_staff, "view")
    assert before <= view.at <= timezone.now()


def test_each_opening_records_one_more_view(client, cast, lead):
    client.force_login(cast.leader)
    for _ in range(3):
        client.get(lead_url(lead))
    assert LeadView.objects.filter(lead=lead, user=cast.leader).count() == 3


def test_the_list_of_leads_records_no_view(client, cast, lead):
    client.force_login(cast.office_staff)
    assert listed(client.get(LEADS)) == {lead.pk}
    assert not LeadView.objects.exists()


def test_office_staff_see_who_opened_the_lead(client, cast, lead):
    for reader in (cast.leader, cast.receiving_officer):
        client.force_login(reader)
        client.get(lead_url(lead))
    client.force_login(cast.office_staff)
    response = client.get(lead_url(lead))
    assert [view.user for view in response.context["views"]] == [
        cast.office_staff,
        cast.receiving_officer,
        cast.leader,
    ]
    assert cast.leader.profile.name in response.text


@pytest.mark.parametrize("person", ["leader", "receiving_officer"], indirect=True)
def test_only_the_office_sees_who_opened_the_lead(client, cast, lead, person):
    services.lead_view_record(lead=lead, by=cast.office_staff)
    client.force_login(person)
    response = client.get(lead_url(lead))
    assert response.status_code == 200
    assert response.context["views"] == []
    assert cast.office_staff.profile.name not in response.text


# The receiving body ----------------------------------------------------------------------


def test_the_receiving_body_lists_only_the_leads_transferred_to_it(client, cast, other_cast, lead):
    flows.registered_lead(cast)
    elsewhere = factories.ReceivingBodyFactory(office=cast.office)
    sent_elsewhere = services.lead_transfer(
        lead=flows.registered_lead(cast),
        by=cast.office_staff,
        receiving_body=elsewhere,
        transferred_on=datetime.date(2024, 7, 20),
    )
    flows.transferred_lead(other_cast)
    client.force_login(cast.receiving_officer)
    assert listed(client.get(LEADS)) == {lead.pk}
    client.force_login(cast.office_staff)
    assert sent_elsewhere.pk in listed(client.get(LEADS))


def test_the_receiving_body_opens_a_lead_transferred_to_it(client, cast, lead):
    client.force_login(cast.receiving_officer)
    response = client.get(lead_url(lead))
    assert response.status_code == 200
    assert response.context["lead"] == lead


def test_the_receiving_body_cannot_open_a_lead_not_yet_transferred(client, cast, lead):
    registered = flows.registered_lead(cast)
    client.force_login(cast.receiving_officer)
    assert client.get(lead_url(registered)).status_code == 404
    assert not LeadView.objects.exists()


def test_another_receiving_body_cannot_open_the_lead(client, cast, other_cast, lead):
    client.force_login(other_cast.receiving_officer)
    assert client.get(lead_url(lead)).status_code == 404


# Everyone else ---------------------------------------------------------------------------

NO_LEADS = ["leadership", "deputy", "member", "liaison", "outsider"]


@pytest.mark.parametrize("person", NO_LEADS, indirect=True)
def test_people_without_a_right_to_leads_cannot_open_one(client, cast, lead, person):
    client.force_login(person)
    assert client.get(lead_url(lead)).status_code == 404
    assert not LeadView.objects.exists()


@pytest.mark.parametrize("person", NO_LEADS, indirect=True)
def test_people_without_a_right_to_leads_list_none(client, cast, lead, person):
    client.force_login(person)
    response = client.get(LEADS)
    assert response.status_code == 200
    assert listed(response) == set()


@pytest.mark.parametrize("person", NO_LEADS, indirect=True)
def test_people_without_a_right_to_leads_have_no_leads_menu_entry(client, cast, lead, person):
    client.force_login(person)
    assert LEADS not in menu_urls(client)


@pytest.mark.parametrize("person", ["office_staff", "leader", "receiving_officer"], indirect=True)
def test_people_with_a_right_to_leads_have_the_leads_menu_entry(client, cast, lead, person):
    client.force_login(person)
    assert LEADS in menu_urls(client)


def test_a_deputy_given_the_right_opens_the_teams_leads(client, cast, lead):
    assign_perm("rounds.view_leads", cast.deputy, cast.assignment)
    client.force_login(cast.deputy)
    assert client.get(lead_url(lead)).status_code == 200
    assert LeadView.objects.filter(user=cast.deputy).count() == 1
