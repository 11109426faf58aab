import pytest

from core.errors import DomainError, NotAllowed
from rounds import services
from rounds.models import AssignmentGrant, LeadView
from rounds.selectors import findings_visible_to, leads_visible_to
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]


def test_a_specialist_granted_an_assignment_sees_its_shared_findings(cast):
    specialist = factories.InspectorFactory(office=cast.office, is_specialist=True).user
    finding = flows.reviewed_finding(cast)
    services.assignment_grant(
        assignment=cast.assignment,
        user=specialist,
        permission="view_assignment",
        by=cast.office_staff,
    )
    assert list(findings_visible_to(specialist)) == [finding]


def test_a_deputy_granted_the_leads_sees_them(cast):
    lead = flows.registered_lead(cast)
    services.assignment_grant(
        assignment=cast.assignment,
        user=cast.deputy,
        permission="view_leads",
        by=cast.office_staff,
    )
    assert list(leads_visible_to(cast.deputy)) == [lead]


def test_the_right_to_see_leads_goes_only_to_a_deputy(cast):
    with pytest.raises(DomainError, match="deputy"):
        services.assignment_grant(
            assignment=cast.assignment,
            user=cast.member,
            permission="view_leads",
            by=cast.office_staff,
        )


def test_only_office_staff_give_rights(cast):
    with pytest.raises(NotAllowed):
        services.assignment_grant(
            assignment=cast.assignment, user=cast.deputy, permission="view_leads", by=cast.leader
        )


def test_a_revoked_right_no_longer_shows_the_leads(cast):
    flows.registered_lead(cast)
    for action in (services.assignment_grant, services.assignment_revoke):
        action(
            assignment=cast.assignment,
            user=cast.deputy,
            permission="view_leads",
            by=cast.office_staff,
        )
    assert not leads_visible_to(cast.deputy).exists()


def test_giving_a_right_is_recorded_with_who_gave_it(cast):
    services.assignment_grant(
        assignment=cast.assignment,
        user=cast.deputy,
        permission="view_leads",
        by=cast.office_staff,
    )
    record = AssignmentGrant.history.get()
    assert (record.history_type, record.history_user) == ("+", cast.office_staff)


def test_opening_a_lead_is_recorded(cast):
    lead = flows.registered_lead(cast)
    services.lead_view_record(lead=lead, by=cast.office_staff)
    view = LeadView.objects.get()
    assert (view.lead, view.user, view.purpose) == (lead, cast.office_staff, "view")
