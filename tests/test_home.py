import pytest

from rounds.models import Assignment
from tests import factories

pytestmark = pytest.mark.django_db


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


def test_a_liaison_sees_no_office_figures_at_home(client):
    liaison = factories.LiaisonFactory()
    client.force_login(liaison.user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["coverage"] is None
