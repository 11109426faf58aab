"""How the sets a person may see are asked of the database: each side of a person's reach is
found by its own index and the sides joined as one set, never tested row by row as "among
these, or among those", which made PostgreSQL read a national table whole for a province's
page (bench: a million targets for a ledger's choice of 800)."""

import pytest

from rectification.ledgers import ItemLedgerFilter, item_ledger
from rounds.models import Finding
from rounds.selectors import (
    findings_waiting_for,
    rounds_visible_to,
    targets_visible_to,
    teams_visible_to,
)
from tests import factories, flows

pytestmark = pytest.mark.django_db


def sql_of(queryset):
    return str(queryset.query)


@pytest.mark.parametrize(
    "visible", [rounds_visible_to, teams_visible_to, targets_visible_to], ids=lambda f: f.__name__
)
@pytest.mark.parametrize("role", ["office_staff", "member", "liaison"])
def test_what_a_person_sees_is_one_set_of_ids(cast, visible, role):
    assert " OR " not in sql_of(visible(getattr(cast, role)))


@pytest.mark.parametrize("role", ["office_staff", "leader", "member"])
def test_the_findings_waiting_for_a_person_are_one_set_of_ids(cast, role):
    waiting = Finding.objects.filter(findings_waiting_for(getattr(cast, role)))
    assert " OR " not in sql_of(waiting)


def test_the_ledger_choices_of_an_office_reader_on_another_team_are_one_set(cast, other_cast):
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.office_staff)
    flows.accepted_plan(cast)
    request = type("Request", (), {"user": cast.office_staff})()
    ledger = ItemLedgerFilter(
        {}, queryset=item_ledger(cast.office_staff, cast.round.planned_start), request=request
    )
    assert " OR " not in sql_of(ledger.filters["target"].queryset)
