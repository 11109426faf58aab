"""A page costs the same number of queries whatever its number of rows.

Each list is counted once with 5 rows and must cost exactly the same with 50 (one full page):
a related object read row by row (an N+1) would add at least 45 queries. The rows vary in
target, author, category and receiving body, so a missing select_related cannot hide behind a
shared related object. Every count is taken on a second request, after the session and the
content types are warm.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds import services
from rounds.models import Assignment, Finding, Lead
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = Finding.Status
FEW, MANY = 5, 50


def queries_of(client, url):
    client.get(url)  # warm the session, the user and the content types
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _assignment(cast):
    """Another assignment of the cast's team, at a new target of the office."""
    target = factories.TargetFactory(office=cast.office)
    return factories.AssignmentFactory(
        round=cast.round, team=cast.team, target=target, phase=Assignment.Phase.ON_SITE
    )


def _author():
    return factories.InspectorFactory().user


def add_findings(cast, count):
    for _ in range(count):
        factories.FindingFactory(
            assignment=_assignment(cast),
            category=factories.FindingCategoryFactory(office=cast.office),
            prepared_by=_author(),
            status=Status.REVIEWED,
        )


def add_assignments(cast, count):
    for _ in range(count):
        _assignment(cast)


def add_leads(cast, count):
    for _ in range(count):
        factories.LeadFactory(
            assignment=_assignment(cast),
            registered_by=cast.leader,
            status=Lead.Status.TRANSFERRED,
            receiving_body=factories.ReceivingBodyFactory(office=cast.office),
            transferred_on=datetime.date(2024, 7, 20),
        )


LISTS = {
    "findings": ("rounds:findings", add_findings),
    "assignments": ("rounds:assignments", add_assignments),
    "leads": ("rounds:leads", add_leads),
}


@pytest.mark.parametrize("role", ["office_staff", "leader"])
@pytest.mark.parametrize("name", LISTS)
def test_a_list_of_fifty_rows_costs_what_a_list_of_five_costs(
    client, cast, django_assert_num_queries, name, role
):
    url_name, add = LISTS[name]
    url = reverse(url_name)
    # The cast's own assignment is one row of the assignment list already.
    add(cast, FEW - (name == "assignments"))
    client.force_login(getattr(cast, role))
    few = queries_of(client, url)
    add(cast, MANY - FEW)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["page_obj"]) == MANY


# The finding page ------------------------------------------------------------------------


def evidence_by_many_hands(cast, finding, count):
    for _ in range(count):
        factories.EvidenceFactory(finding=finding, uploaded_by=_author(), internal=False)


def test_the_finding_page_costs_the_same_with_ten_times_the_evidence(
    client, cast, django_assert_num_queries
):
    finding = flows.drafted_finding(cast)
    evidence_by_many_hands(cast, finding, 2)
    url = reverse("rounds:finding", args=[finding.pk])
    client.force_login(cast.office_staff)
    few = queries_of(client, url)
    evidence_by_many_hands(cast, finding, 18)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["evidence"]) == 20


def returned_again(cast, finding, times):
    """Review and return the working paper `times` more times: two history entries each."""
    for _ in range(times):
        finding = services.finding_review(finding=finding, by=cast.deputy, comment="已修改")
        finding = services.finding_return(finding=finding, by=cast.leader, comment="仍需补充")
    return finding


def test_the_finding_page_costs_the_same_with_ten_times_the_history(
    client, cast, django_assert_num_queries
):
    finding = returned_again(cast, flows.drafted_finding(cast), 1)
    url = reverse("rounds:finding", args=[finding.pk])
    client.force_login(cast.office_staff)
    few = queries_of(client, url)
    returned_again(cast, finding, 9)
    client.get(url)
    with django_assert_num_queries(few):
        response = client.get(url)
    assert len(response.context["events"]) == 21
