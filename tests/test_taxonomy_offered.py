"""The categories a person may name to file or filter by (rounds.selectors.categories_visible_to):
those of the offices running an assignment they see."""

import pytest

from rounds.selectors import categories_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


def offered(user):
    return set(categories_visible_to(user))


def test_office_staff_name_their_office_categories_only(cast, other_cast):
    assert offered(cast.office_staff) == {cast.category}


def test_a_reader_on_a_team_of_another_office_names_that_office_categories_too(cast, other_cast):
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.office_staff)
    assert offered(cast.office_staff) == {cast.category, other_cast.category}


def test_a_team_member_names_the_categories_of_the_office_running_the_round(cast, other_cast):
    assert offered(cast.member) == {cast.category}


def test_someone_with_no_assignment_names_none(cast):
    assert offered(factories.ProfileFactory().user) == set()
