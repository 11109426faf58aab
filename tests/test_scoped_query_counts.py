"""A scoped list costs the same number of queries whatever its number of rows or grants.

Every scoped selector turns the person's standing (office, team, liaison, receiving body,
guardian grants) into one WHERE clause, so listing rows takes:

1. SELECT the person's profile (`viewer_of`; then cached on the user object for the request);
2. for the rows under an assignment, for someone who does not read an office: SELECT the ids of
   the few assignments they reach (one union of lookups by their own memberships, grants and
   liaisons; remembered with the profile), so that the rows are found from them by index;
3. SELECT the rows themselves.

A selector that looped over memberships, liaisons or grants in Python, or read them in queries
of their own per row or per grant, would break these counts.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm

from rectification.selectors import items_visible_to
from rounds.models import Assignment, Finding, Lead
from rounds.selectors import (
    assignments_visible_to,
    evidence_visible_to,
    findings_visible_to,
    leads_visible_to,
)
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

User = get_user_model()

# 1. the profile, read by viewer_of; 2. the scoped rows.
LIST_QUERIES = 2
# Lists whose rows are found from the assignments a person reaches, read first
# (rounds.selectors._access, _within_reach): one query more. A reader of an office has those
# they reach beyond the office read, so that their rows are asked by the office alone when
# there are none.
REACHED_FIRST = {"items", "assignments", "findings", "evidence"}


def queries_of(role, name):
    if name not in REACHED_FIRST:
        return LIST_QUERIES
    # Someone who reaches no assignment (a receiving officer) needs no query for the rows.
    return LIST_QUERIES if role == "receiving_officer" else LIST_QUERIES + 1


SELECTORS = {
    "findings": findings_visible_to,
    "leads": leads_visible_to,
    "items": items_visible_to,
    "assignments": assignments_visible_to,
    "evidence": evidence_visible_to,
}
# Which lists a role sees rows in (every unit of the scene); the others come back empty, and
# an empty answer must cost no more than a full one.
SEES_ROWS = {
    "office_staff": {"findings", "leads", "items", "assignments", "evidence"},
    "leader": {"findings", "leads", "items", "assignments", "evidence"},
    "liaison": {"findings", "items", "assignments", "evidence"},
    "receiving_officer": {"leads"},
}


def scene(units):
    """`units` assignments of one team, each at its own target under the same liaison, each fed
    back with one finding, its public evidence, a lead transferred to the cast's body and a
    plan with one item. Factories set the scene: the selectors, not the services, are tested."""
    cast = flows.build_cast()
    assignments = [cast.assignment]
    for _ in range(units - 1):
        target = factories.TargetFactory(office=cast.office)
        factories.LiaisonFactory(target=target, user=cast.liaison)
        assignments.append(
            factories.AssignmentFactory(round=cast.round, team=cast.team, target=target)
        )
    for assignment in assignments:
        Assignment.objects.filter(pk=assignment.pk).update(phase=Assignment.Phase.RECTIFICATION)
        feedback = factories.FeedbackFactory(assignment=assignment, issued_by=cast.office_staff)
        finding = factories.FindingFactory(
            assignment=assignment,
            category=cast.category,
            prepared_by=cast.member,
            status=Finding.Status.FED_BACK,
            signed_by=cast.leader,
            accepted_by=cast.office_staff,
            feedback=feedback,
        )
        factories.EvidenceFactory(finding=finding, internal=False, uploaded_by=cast.member)
        factories.LeadFactory(
            assignment=assignment,
            finding=finding,
            registered_by=cast.leader,
            status=Lead.Status.TRANSFERRED,
            receiving_body=cast.receiving_body,
            transferred_on=datetime.date(2024, 7, 20),
        )
        plan = factories.RectificationPlanFactory(assignment=assignment)
        factories.RectificationItemFactory(plan=plan, finding=finding)
    return cast, assignments


def fresh(user):
    """The same person as a new request would see them: nothing cached on the object yet."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("units", [1, 10])
@pytest.mark.parametrize("name", SELECTORS)
@pytest.mark.parametrize("role", SEES_ROWS)
def test_a_list_takes_a_fixed_number_of_queries_whatever_its_rows(
    role, name, units, django_assert_num_queries
):
    cast, _ = scene(units)
    user = fresh(getattr(cast, role))
    with django_assert_num_queries(queries_of(role, name)):
        rows = list(SELECTORS[name](user))
    assert len(rows) == (units if name in SEES_ROWS[role] else 0)


@pytest.mark.parametrize("grants", [1, 5])
@pytest.mark.parametrize("name", SELECTORS)
def test_a_specialists_list_takes_a_fixed_number_of_queries_whatever_its_grants(
    name, grants, django_assert_num_queries
):
    cast, assignments = scene(5)
    specialist = factories.InspectorFactory(office=cast.office, is_specialist=True).user
    for assignment in assignments[:grants]:
        assign_perm("rounds.view_assignment", specialist, assignment)
    user = fresh(specialist)
    with django_assert_num_queries(queries_of("specialist", name)):
        rows = list(SELECTORS[name](user))
    assert len(rows) == (0 if name == "leads" else grants)


def test_the_profile_is_read_once_per_user_object(django_assert_num_queries):
    cast, _ = scene(1)
    user = fresh(cast.leader)
    # 1. the profile; 2. the assignments the leader reaches; 3.-7. one query per list, the
    # profile and the assignments now remembered on the user.
    with django_assert_num_queries(2 + len(SELECTORS)):
        for selector in SELECTORS.values():
            list(selector(user))


def test_an_anonymous_visitors_list_takes_no_query(django_assert_num_queries):
    scene(1)
    # No profile to read, and an empty queryset that never reaches the database.
    with django_assert_num_queries(0):
        for selector in SELECTORS.values():
            assert list(selector(AnonymousUser())) == []
