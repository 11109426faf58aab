"""Acting on leads: the team leader or the office registers one (on its own or from a finding),
the office transfers it to a receiving body, and that body records the outcome. Each action is
offered to, and taken by, the right role only; the rules' refusals are shown, input kept."""

import datetime
import uuid
from html import unescape

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from rounds.models import Assignment, Lead, LeadView
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = Lead.Status
Phase = Assignment.Phase
TRANSFERRED_ON = datetime.date(2024, 7, 20)


def new_lead_url(cast, finding=None):
    url = reverse("rounds:lead_create", args=[cast.assignment.pk])
    return f"{url}?finding={finding.pk}" if finding else url


def lead_url(lead):
    return reverse("rounds:lead", args=[lead.pk])


def transfer_url(lead):
    return reverse("rounds:lead_transfer", args=[lead.pk])


def outcome_url(lead):
    return reverse("rounds:lead_outcome", args=[lead.pk])


def token():
    return str(uuid.uuid4())


def lead_data(finding=None, **changes):
    data = {
        "submission": token(),
        "subject_name": "孙某某",
        "subject_position": "镇财政所所长",
        "summary": "反映其违规报销个人费用。",
        "finding": finding.pk if finding else "",
    }
    data.update(changes)
    return data


def transfer_data(cast, **changes):
    data = {
        "submission": token(),
        "receiving_body": cast.receiving_body.pk,
        "transferred_on": TRANSFERRED_ON.isoformat(),
    }
    data.update(changes)
    return data


def outcome_data(outcome=Status.CASE_OPENED, **changes):
    data = {
        "submission": token(),
        "outcome": outcome,
        "outcome_on": "2024-08-01",
        "note": "已立案审查。",
    }
    data.update(changes)
    return data


def errors_of(response, form):
    return [unescape(str(error)) for error in response.context[form].non_field_errors()]


def status_of(lead):
    lead.refresh_from_db()
    return lead.status


@pytest.fixture
def person(request, cast):
    """The person of the cast named by the test's parameter; "leadership" is made here."""
    if request.param == "leadership":
        return factories.ProfileFactory(office=cast.office, is_leadership=True).user
    return getattr(cast, request.param)


# Registering -----------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["leader", "office_staff"], indirect=True)
def test_the_leader_and_the_office_register_a_lead_on_its_own(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    assert client.get(new_lead_url(cast)).status_code == 200
    response = client.post(new_lead_url(cast), lead_data())
    lead = Lead.objects.get()
    assertRedirects(response, lead_url(lead))
    assert (lead.subject_name, lead.subject_position, lead.finding, lead.registered_by) == (
        "孙某某",
        "镇财政所所长",
        None,
        person,
    )
    assert lead.status == Status.REGISTERED


def test_the_form_opened_from_a_finding_has_the_finding_chosen(client, cast):
    finding = flows.signed_finding(cast)
    client.force_login(cast.leader)
    form = client.get(new_lead_url(cast, finding)).context["form"]
    assert form["finding"].value() == finding.pk


def test_a_lead_registered_from_a_finding_keeps_it(client, cast):
    finding = flows.accepted_finding(cast)
    client.force_login(cast.office_staff)
    client.post(new_lead_url(cast, finding), lead_data(finding))
    assert Lead.objects.get().finding == finding


def test_the_lead_page_links_back_to_its_finding_for_the_office(client, cast):
    finding = flows.accepted_finding(cast)
    client.force_login(cast.office_staff)
    client.post(new_lead_url(cast, finding), lead_data(finding))
    response = client.get(lead_url(Lead.objects.get()))
    assert reverse("rounds:finding", args=[finding.pk]) in response.text


def test_a_finding_of_another_assignment_is_not_found(client, cast, other_cast):
    flows.on_site(cast)
    elsewhere = flows.drafted_finding(other_cast)
    client.force_login(cast.office_staff)
    assert client.get(new_lead_url(cast, elsewhere)).status_code == 404
    response = client.post(new_lead_url(cast), lead_data(elsewhere))
    assert response.status_code == 400
    assert not Lead.objects.exists()


def test_a_finding_that_is_not_a_number_is_not_found(client, cast):
    flows.on_site(cast)
    client.force_login(cast.leader)
    url = reverse("rounds:lead_create", args=[cast.assignment.pk])
    assert client.get(f"{url}?finding=abc").status_code == 404


def test_a_lead_without_a_person_is_refused_keeping_what_was_typed(client_in_english, cast):
    flows.on_site(cast)
    client_in_english.force_login(cast.leader)
    response = client_in_english.post(new_lead_url(cast), lead_data(subject_name=" "))
    assert response.status_code == 400
    assert errors_of(response, "form") == ["Name the person concerned and summarise the lead."]
    assert response.context["form"]["summary"].value() == "反映其违规报销个人费用。"
    assert not Lead.objects.exists()


def test_a_second_press_registers_one_lead(client, cast):
    flows.on_site(cast)
    client.force_login(cast.leader)
    data = lead_data()
    first = client.post(new_lead_url(cast), data)
    second = client.post(new_lead_url(cast), data)
    lead = Lead.objects.get()
    assertRedirects(first, lead_url(lead))
    assertRedirects(second, lead_url(lead))


@pytest.mark.parametrize(
    "person",
    ["deputy", "member", "leadership", "liaison", "receiving_officer", "outsider"],
    indirect=True,
)
def test_no_one_else_registers_a_lead(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    assert client.get(new_lead_url(cast)).status_code == 404
    assert client.post(new_lead_url(cast), lead_data()).status_code == 404
    assert not Lead.objects.exists()


def test_staff_of_another_office_cannot_register_a_lead(client, cast, other_cast):
    flows.on_site(cast)
    client.force_login(other_cast.office_staff)
    assert client.post(new_lead_url(cast), lead_data()).status_code == 404


def test_no_lead_is_registered_before_the_team_is_on_site(client, cast):
    client.force_login(cast.leader)
    assert client.get(new_lead_url(cast)).status_code == 404


@pytest.mark.parametrize("person", ["leader", "office_staff"], indirect=True)
def test_the_leader_and_the_office_find_the_lead_link_on_the_assignment_page(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    response = client.get(reverse("rounds:assignment", args=[cast.assignment.pk]))
    assert new_lead_url(cast) in response.text


@pytest.mark.parametrize("person", ["deputy", "member", "leadership"], indirect=True)
def test_others_find_no_lead_link_on_the_assignment_page(client, cast, person):
    flows.on_site(cast)
    client.force_login(person)
    response = client.get(reverse("rounds:assignment", args=[cast.assignment.pk]))
    assert new_lead_url(cast) not in response.text


# Transferring ----------------------------------------------------------------------------


@pytest.fixture
def registered(cast):
    return flows.registered_lead(cast)


def test_the_office_transfers_a_lead_to_a_receiving_body(client, cast, registered):
    client.force_login(cast.office_staff)
    response = client.post(transfer_url(registered), transfer_data(cast))
    assertRedirects(response, lead_url(registered))
    registered.refresh_from_db()
    assert (registered.status, registered.receiving_body, registered.transferred_on) == (
        Status.TRANSFERRED,
        cast.receiving_body,
        TRANSFERRED_ON,
    )


def test_the_office_is_offered_only_its_own_receiving_bodies(client, cast, other_cast, registered):
    client.force_login(cast.office_staff)
    form = client.get(lead_url(registered)).context["transfer_form"]
    assert set(form.fields["receiving_body"].queryset) == {cast.receiving_body}


def test_a_body_of_another_office_is_refused(client, cast, other_cast, registered):
    client.force_login(cast.office_staff)
    data = transfer_data(cast, receiving_body=other_cast.receiving_body.pk)
    assert client.post(transfer_url(registered), data).status_code == 400
    assert status_of(registered) == Status.REGISTERED


def test_a_transfer_dated_in_the_future_is_refused_keeping_the_body(
    client_in_english, cast, registered
):
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(
        transfer_url(registered), transfer_data(cast, transferred_on="2999-01-01")
    )
    assert response.status_code == 400
    assert errors_of(response, "transfer_form") == ["A transfer cannot be dated in the future."]
    assert response.context["transfer_form"]["receiving_body"].value() == str(
        cast.receiving_body.pk
    )
    assert status_of(registered) == Status.REGISTERED


def test_the_leader_sees_no_transfer_form_and_a_transfer_posted_is_refused(
    client_in_english, cast, registered
):
    client_in_english.force_login(cast.leader)
    assert client_in_english.get(lead_url(registered)).context["transfer_form"] is None
    response = client_in_english.post(transfer_url(registered), transfer_data(cast))
    assert response.status_code == 400
    assert errors_of(response, "transfer_form") == [f"Only staff of {cast.office} may do this."]
    assert status_of(registered) == Status.REGISTERED


@pytest.mark.parametrize(
    "person", ["deputy", "member", "leadership", "liaison", "receiving_officer"], indirect=True
)
def test_people_who_cannot_open_the_lead_cannot_transfer_it(client, cast, registered, person):
    client.force_login(person)
    assert client.post(transfer_url(registered), transfer_data(cast)).status_code == 404
    assert status_of(registered) == Status.REGISTERED


def test_staff_of_another_office_cannot_transfer_the_lead(client, cast, other_cast, registered):
    client.force_login(other_cast.office_staff)
    assert client.post(transfer_url(registered), transfer_data(cast)).status_code == 404


def test_a_second_press_of_transfer_is_harmless(client, cast, registered):
    client.force_login(cast.office_staff)
    data = transfer_data(cast)
    client.post(transfer_url(registered), data)
    response = client.post(transfer_url(registered), data)
    assertRedirects(response, lead_url(registered))
    assert status_of(registered) == Status.TRANSFERRED


def test_a_refused_transfer_still_records_that_the_lead_was_shown(client, cast, registered):
    client.force_login(cast.leader)
    client.post(transfer_url(registered), transfer_data(cast))
    assert LeadView.objects.filter(lead=registered, user=cast.leader).count() == 1


def test_a_transferred_lead_offers_no_transfer_again(client, cast):
    lead = flows.transferred_lead(cast)
    client.force_login(cast.office_staff)
    assert client.get(lead_url(lead)).context["transfer_form"] is None


# Recording the outcome -------------------------------------------------------------------


@pytest.fixture
def transferred(cast):
    return flows.transferred_lead(cast, transferred_on=TRANSFERRED_ON)


def offered_outcomes(client, lead):
    form = client.get(lead_url(lead)).context["outcome_form"]
    return None if form is None else [value for value, _label in form.fields["outcome"].choices]


def test_the_receiving_body_records_that_a_case_was_opened(client, cast, transferred):
    client.force_login(cast.receiving_officer)
    response = client.post(outcome_url(transferred), outcome_data())
    assertRedirects(response, lead_url(transferred))
    transferred.refresh_from_db()
    assert (transferred.status, transferred.outcome_on, transferred.outcome_note) == (
        Status.CASE_OPENED,
        datetime.date(2024, 8, 1),
        "已立案审查。",
    )


def test_a_transferred_lead_offers_case_opened_handled_or_no_case(client, cast, transferred):
    client.force_login(cast.receiving_officer)
    assert offered_outcomes(client, transferred) == [
        Status.CASE_OPENED,
        Status.HANDLED,
        Status.NO_CASE,
    ]


def test_an_opened_case_offers_handled_or_closed(client, cast, transferred):
    client.force_login(cast.receiving_officer)
    client.post(outcome_url(transferred), outcome_data())
    assert offered_outcomes(client, transferred) == [Status.HANDLED, Status.CLOSED]


def test_a_closed_case_offers_nothing_more(client, cast, transferred):
    client.force_login(cast.receiving_officer)
    client.post(outcome_url(transferred), outcome_data())
    client.post(outcome_url(transferred), outcome_data(Status.CLOSED, outcome_on="2024-09-01"))
    assert status_of(transferred) == Status.CLOSED
    assert offered_outcomes(client, transferred) is None


def test_an_outcome_not_allowed_next_is_refused_with_the_reason(
    client_in_english, cast, transferred
):
    client_in_english.force_login(cast.receiving_officer)
    response = client_in_english.post(outcome_url(transferred), outcome_data(Status.CLOSED))
    assert response.status_code == 400
    assert errors_of(response, "outcome_form") == [
        f"{transferred.number} is transferred; it cannot become case closed."
    ]
    assert status_of(transferred) == Status.TRANSFERRED


def test_an_outcome_dated_before_the_transfer_is_refused_keeping_the_note(
    client_in_english, cast, transferred
):
    client_in_english.force_login(cast.receiving_officer)
    response = client_in_english.post(
        outcome_url(transferred), outcome_data(outcome_on="2024-07-01")
    )
    assert response.status_code == 400
    assert errors_of(response, "outcome_form") == [
        "The outcome cannot be dated before the transfer."
    ]
    assert response.context["outcome_form"]["note"].value() == "已立案审查。"
    assert status_of(transferred) == Status.TRANSFERRED


@pytest.mark.parametrize("person", ["office_staff", "leader"], indirect=True)
def test_the_office_and_the_leader_cannot_record_an_outcome(
    client_in_english, cast, transferred, person
):
    client_in_english.force_login(person)
    assert client_in_english.get(lead_url(transferred)).context["outcome_form"] is None
    response = client_in_english.post(outcome_url(transferred), outcome_data())
    assert response.status_code == 400
    assert errors_of(response, "outcome_form") == [
        "Only the body the lead was transferred to may record its outcome."
    ]
    assert status_of(transferred) == Status.TRANSFERRED


def test_another_receiving_body_cannot_record_an_outcome(client, cast, transferred):
    elsewhere = factories.ReceivingBodyFactory(office=cast.office)
    officer = factories.ProfileFactory(receiving_body=elsewhere).user
    client.force_login(officer)
    assert client.post(outcome_url(transferred), outcome_data()).status_code == 404
    assert status_of(transferred) == Status.TRANSFERRED


@pytest.mark.parametrize("person", ["deputy", "member", "liaison", "outsider"], indirect=True)
def test_people_who_cannot_open_the_lead_cannot_record_an_outcome(
    client, cast, transferred, person
):
    client.force_login(person)
    assert client.post(outcome_url(transferred), outcome_data()).status_code == 404
    assert status_of(transferred) == Status.TRANSFERRED


def test_the_body_cannot_act_on_a_lead_not_yet_transferred_to_it(client, cast, registered):
    client.force_login(cast.receiving_officer)
    assert client.post(outcome_url(registered), outcome_data()).status_code == 404


def test_a_second_press_of_record_outcome_is_harmless(client, cast, transferred):
    client.force_login(cast.receiving_officer)
    data = outcome_data()
    client.post(outcome_url(transferred), data)
    response = client.post(outcome_url(transferred), data)
    assertRedirects(response, lead_url(transferred))
    assert status_of(transferred) == Status.CASE_OPENED


@pytest.mark.parametrize("name", ["lead_transfer", "lead_outcome", "lead_create"])
def test_an_id_that_does_not_exist_is_not_found(client, cast, name):
    client.force_login(cast.office_staff)
    assert client.post(reverse(f"rounds:{name}", args=[987654]), {}).status_code == 404
