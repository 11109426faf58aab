"""/api/v1/findings/: working papers as each person may see them, the three-step sign-off, what
the inspected unit sees, and the list's cost."""

import datetime

import pytest
from django.utils import timezone

from rounds import services
from rounds.models import Finding, TeamMembership
from rounds.selectors import sees_finding_only_as_unit
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = Finding.Status
FINDINGS = "/api/v1/findings/"
SECRET_STATEMENT = "证人甲称：书记亲自安排了此事。"
SECRET_RULE = "《中国共产党纪律处分条例》第一百零二条"


def finding_url(finding, action=None):
    return f"{FINDINGS}{finding.pk}/" + (f"{action}/" if action else "")


def listed(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def status_of(finding):
    finding.refresh_from_db()
    return finding.status


def team_names(cast):
    return [person.profile.name for person in (cast.leader, cast.deputy, cast.member)]


@pytest.fixture
def round_of_work(cast):
    """A draft by the deputy, a reviewed paper, and a finding fed back to the unit."""
    draft = flows.drafted_finding(cast, by=cast.deputy)
    reviewed = flows.reviewed_finding(cast)
    feedback = flows.fed_back(cast)
    return {"draft": draft, "reviewed": reviewed, "fed_back": feedback.findings.get()}


# Who sees which finding ------------------------------------------------------------------

SEES = {
    "office_staff": {"draft", "reviewed", "fed_back"},
    "leadership": {"draft", "reviewed", "fed_back"},
    "leader": {"draft", "reviewed", "fed_back"},
    "deputy": {"draft", "reviewed", "fed_back"},
    "member": {"reviewed", "fed_back"},
    "liaison": {"fed_back"},
    "receiving_officer": set(),
    "outsider": set(),
    "other office_staff": set(),
}


@pytest.mark.parametrize("person", SEES, indirect=True)
def test_each_person_lists_the_findings_the_pages_show_them(api_as, round_of_work, person, request):
    role = request.node.callspec.params["person"]
    response = api_as(person).get(FINDINGS)
    assert listed(response) == {round_of_work[name].pk for name in SEES[role]}


def test_a_finding_of_another_office_is_not_found(api_as, cast, other_cast):
    finding = flows.reviewed_finding(other_cast)
    response = api_as(cast.office_staff).get(finding_url(finding))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_draft_is_not_found_by_a_member_who_did_not_write_it(api_as, cast):
    draft = flows.drafted_finding(cast, by=cast.deputy)
    assert api_as(cast.member).get(finding_url(draft)).status_code == 404


def test_an_anonymous_request_is_refused(anonymous_api, cast):
    assert anonymous_api.get(FINDINGS).status_code == 401


# What the inspected unit sees ------------------------------------------------------------

INTERNALS = [
    "source",
    "tags",
    "breached_rule",
    "statements",
    "prepared_by",
    "prepared_by_name",
    "prepared_on",
]


@pytest.fixture
def fed_back_with_secrets(cast):
    """A fed-back finding with who said what, the rule, a tag and evidence of both kinds."""
    tag = factories.FindingTagFactory(office=cast.office, name="关键少数")
    finding = flows.drafted_finding(
        cast,
        statements=SECRET_STATEMENT,
        breached_rule=SECRET_RULE,
        source=Finding.Source.PETITION,
        tags=[tag],
    )
    internal = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title="举报信原件", internal=True
    )
    public = services.evidence_attach(
        finding=finding, by=cast.member, upload=flows.pdf(), title="会议纪要", internal=False
    )
    finding = services.finding_review(finding=finding, by=cast.deputy)
    finding = services.finding_sign(finding=finding, by=cast.leader)
    finding = services.finding_accept(finding=finding, by=cast.office_staff)
    flows.reporting(cast)
    services.feedback_issue(
        assignment=cast.assignment,
        by=cast.office_staff,
        delivered_on=factories.FEEDBACK_ON,
        recipients="镇党委领导班子",
        top_official="张书记",
        findings=[finding],
    )
    finding.refresh_from_db()
    return finding, internal, public


def test_the_liaison_reads_a_fed_back_finding_without_its_internals(
    api_as, cast, fed_back_with_secrets
):
    finding, _internal, _public = fed_back_with_secrets
    body = api_as(cast.liaison).get(finding_url(finding)).json()
    assert (body["summary"], body["as_unit"], body["actions"]) == (finding.summary, True, [])
    assert {name: body[name] for name in INTERNALS} == dict.fromkeys(INTERNALS)


def test_the_liaison_never_gets_the_sources_or_the_team_s_names(
    api_as, cast, fed_back_with_secrets
):
    finding, _internal, _public = fed_back_with_secrets
    client = api_as(cast.liaison)
    text = client.get(finding_url(finding)).content.decode() + client.get(FINDINGS).content.decode()
    for secret in (SECRET_STATEMENT, SECRET_RULE, "petition", *team_names(cast)):
        assert secret not in text


def test_the_team_still_reads_the_whole_fed_back_finding(api_as, cast, fed_back_with_secrets):
    finding, _internal, _public = fed_back_with_secrets
    body = api_as(cast.member).get(finding_url(finding)).json()
    assert body["as_unit"] is False
    assert (body["statements"], body["breached_rule"], body["source"]) == (
        SECRET_STATEMENT,
        SECRET_RULE,
        "petition",
    )
    assert body["prepared_by_name"] == cast.member.profile.name


@pytest.mark.parametrize("person", ["office_staff", "leader", "member", "liaison"], indirect=True)
def test_the_unit_flag_agrees_with_the_pages(api_as, cast, fed_back_with_secrets, person):
    finding, _internal, _public = fed_back_with_secrets
    body = api_as(person).get(finding_url(finding)).json()
    assert body["as_unit"] is sees_finding_only_as_unit(person, finding)


# The representation ----------------------------------------------------------------------


def test_one_finding_says_what_the_leader_may_do_next(api_as, cast):
    finding = flows.reviewed_finding(cast)
    body = api_as(cast.leader).get(finding_url(finding)).json()
    assert body["actions"] == ["sign", "return"]
    assert (body["may_edit"], body["may_add_evidence"], body["may_register_lead"]) == (
        False,
        True,
        True,
    )


def test_the_author_of_a_returned_paper_may_edit_it(api_as, cast):
    finding = flows.returned_finding(cast)
    body = api_as(cast.member).get(finding_url(finding)).json()
    assert (body["actions"], body["may_edit"]) == ([], True)


def test_list_rows_leave_the_next_steps_to_the_finding_itself(api_as, cast):
    flows.reviewed_finding(cast)
    [row] = api_as(cast.leader).get(FINDINGS).json()["results"]
    assert [row[name] for name in ("actions", "may_edit", "may_register_lead")] == [None] * 3


def test_a_row_names_its_target_category_and_whose_hand_it_is_in(api_as, cast):
    finding = flows.reviewed_finding(cast)
    [row] = api_as(cast.office_staff).get(FINDINGS).json()["results"]
    assert row["target_name"] == cast.assignment.target.name
    assert (row["category"], row["category_name"]) == (cast.category.pk, cast.category.name)
    assert (row["number"], row["status"]) == (finding.number, "reviewed")
    assert row["waiting_for"] == "the leader's signature"


# Filters, search, ordering and pages -----------------------------------------------------


@pytest.fixture
def three_papers(cast):
    return {
        "draft": flows.drafted_finding(cast, title="公车私用"),
        "reviewed": flows.reviewed_finding(cast, severity=Finding.Severity.SERIOUS),
        "signed": flows.signed_finding(cast, source=Finding.Source.TALK),
    }


def test_the_list_filters_by_status(api_as, cast, three_papers):
    response = api_as(cast.office_staff).get(FINDINGS, {"status": "signed"})
    assert listed(response) == {three_papers["signed"].pk}


def test_the_list_filters_by_severity_and_source(api_as, cast, three_papers):
    client = api_as(cast.office_staff)
    assert listed(client.get(FINDINGS, {"severity": "serious"})) == {three_papers["reviewed"].pk}
    assert listed(client.get(FINDINGS, {"source": "talk"})) == {three_papers["signed"].pk}


def test_the_list_filters_by_assignment_round_and_category(api_as, cast, three_papers):
    client = api_as(cast.office_staff)
    everything = {finding.pk for finding in three_papers.values()}
    assert listed(client.get(FINDINGS, {"assignment": cast.assignment.pk})) == everything
    assert listed(client.get(FINDINGS, {"round": cast.round.pk})) == everything
    assert listed(client.get(FINDINGS, {"category": cast.category.pk + 1000})) == set()


def test_an_unknown_status_is_a_field_error(api_as, cast):
    response = api_as(cast.office_staff).get(FINDINGS, {"status": "published"})
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_updated_since_returns_only_what_changed_after(api_as, cast, three_papers):
    later = timezone.now() + datetime.timedelta(seconds=1)
    Finding.objects.filter(pk=three_papers["draft"].pk).update(
        updated_at=later + datetime.timedelta(minutes=5)
    )
    response = api_as(cast.office_staff).get(FINDINGS, {"updated_since": later.isoformat()})
    assert listed(response) == {three_papers["draft"].pk}


def test_search_matches_the_title(api_as, cast, three_papers):
    response = api_as(cast.office_staff).get(FINDINGS, {"search": "公车"})
    assert listed(response) == {three_papers["draft"].pk}


def test_waiting_lists_what_needs_the_person_next(api_as, cast, three_papers):
    response = api_as(cast.leader).get(FINDINGS, {"waiting": "true"})
    assert listed(response) == {three_papers["draft"].pk, three_papers["reviewed"].pk}


def test_the_list_orders_by_number(api_as, cast, three_papers):
    rows = api_as(cast.office_staff).get(FINDINGS, {"ordering": "number"}).json()["results"]
    numbers = [row["number"] for row in rows]
    assert numbers == sorted(numbers)


def test_the_next_cursor_leads_to_the_rest(api_as, cast, three_papers):
    client = api_as(cast.office_staff)
    first = client.get(FINDINGS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(seen) == sorted(finding.pk for finding in three_papers.values())
    assert second["next"] is None


# Filing and rework -----------------------------------------------------------------------


def paper(cast, **changes):
    data = {
        "assignment": cast.assignment.pk,
        "title": "违规使用公务用车",
        "summary": "2023年多次将公务用车用于私人事务。",
        "source": "document",
        "category": cast.category.pk,
    }
    data.update(changes)
    return data


def test_a_member_files_a_working_paper(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(FINDINGS, paper(cast), format="json")
    assert response.status_code == 201
    body = response.json()
    finding = Finding.objects.get(pk=body["id"])
    assert (finding.prepared_by, finding.status, finding.severity) == (
        cast.member,
        Status.DRAFT,
        "general",
    )
    assert (body["may_edit"], body["prepared_on"]) == (True, timezone.localdate().isoformat())


def test_a_paper_is_filed_with_the_office_s_tags(api_as, cast):
    flows.on_site(cast)
    tag = factories.FindingTagFactory(office=cast.office)
    response = api_as(cast.member).post(FINDINGS, paper(cast, tags=[tag.pk]), format="json")
    assert response.json()["tags"] == [tag.pk]


def test_a_paper_without_its_fields_names_each_missing_one(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(FINDINGS, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "assignment",
        "title",
        "summary",
        "source",
        "category",
    }


def test_a_paper_with_ids_of_the_wrong_type_is_refused(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(
        FINDINGS, paper(cast, assignment="first", category=[1]), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"assignment", "category"}


def test_a_category_of_another_office_does_not_exist_for_the_member(api_as, cast, other_cast):
    flows.on_site(cast)
    response = api_as(cast.member).post(
        FINDINGS, paper(cast, category=other_cast.category.pk), format="json"
    )
    assert response.status_code == 400
    assert "category" in response.json()["errors"]
    assert not Finding.objects.exists()


def test_an_assignment_of_another_office_does_not_exist_for_the_member(api_as, cast, other_cast):
    flows.on_site(other_cast)
    response = api_as(cast.member).post(
        FINDINGS, paper(cast, assignment=other_cast.assignment.pk), format="json"
    )
    assert response.status_code == 400
    assert "assignment" in response.json()["errors"]


def test_a_tag_of_another_office_the_member_works_for_is_refused(api_as, cast, other_cast):
    flows.on_site(cast)
    factories.TeamMembershipFactory(team=other_cast.team, user=cast.member)
    foreign = factories.FindingTagFactory(office=other_cast.office)
    response = api_as(cast.member).post(FINDINGS, paper(cast, tags=[foreign.pk]), format="json")
    assert response.status_code == 400
    assert "tags" in response.json()["errors"]


def test_a_paper_dated_in_the_future_is_refused(api_as, cast):
    flows.on_site(cast)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = api_as(cast.member).post(
        FINDINGS, paper(cast, prepared_on=tomorrow.isoformat()), format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "dates"


def test_office_staff_may_not_file_a_working_paper(api_as, cast):
    flows.on_site(cast)
    response = api_as(cast.office_staff).post(FINDINGS, paper(cast), format="json")
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_no_paper_is_filed_before_the_team_is_on_site(api_as, cast):
    response = api_as(cast.member).post(FINDINGS, paper(cast), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "phase"


def test_the_author_reworks_only_what_they_send(api_as, cast):
    finding = flows.returned_finding(cast)
    summary = finding.summary
    response = api_as(cast.member).patch(
        finding_url(finding), {"title": "补充完善后的问题"}, format="json"
    )
    assert response.status_code == 200
    finding.refresh_from_db()
    assert (finding.title, finding.summary) == ("补充完善后的问题", summary)


def test_only_the_author_reworks_a_paper(api_as, cast):
    finding = flows.returned_finding(cast)
    response = api_as(cast.leader).patch(finding_url(finding), {"title": "改"}, format="json")
    assert response.status_code == 403


def test_a_signed_paper_can_no_longer_be_reworked(api_as, cast):
    finding = flows.signed_finding(cast)
    response = api_as(cast.member).patch(finding_url(finding), {"title": "改"}, format="json")
    assert response.status_code == 409


def test_a_rework_with_an_unknown_severity_is_a_field_error(api_as, cast):
    finding = flows.returned_finding(cast)
    response = api_as(cast.member).patch(
        finding_url(finding), {"severity": "catastrophic"}, format="json"
    )
    assert response.status_code == 400
    assert "severity" in response.json()["errors"]


def test_a_working_paper_cannot_be_replaced_or_deleted(api_as, cast):
    finding = flows.drafted_finding(cast)
    client = api_as(cast.member)
    assert client.put(finding_url(finding), paper(cast), format="json").status_code == 405
    assert client.delete(finding_url(finding)).status_code == 405


# Sign-off --------------------------------------------------------------------------------


def test_the_deputy_reviews_a_draft_with_a_comment(api_as, cast):
    finding = flows.drafted_finding(cast)
    response = api_as(cast.deputy).post(
        finding_url(finding, "review"), {"comment": "证据充分"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "reviewed"
    assert status_of(finding) == Status.REVIEWED


def test_the_leader_signs_a_reviewed_finding(api_as, cast):
    finding = flows.reviewed_finding(cast)
    response = api_as(cast.leader).post(finding_url(finding, "sign"), format="json")
    assert response.status_code == 200
    assert status_of(finding) == Status.SIGNED


def test_office_staff_accept_a_signed_finding(api_as, cast):
    finding = flows.signed_finding(cast)
    response = api_as(cast.office_staff).post(finding_url(finding, "accept"), format="json")
    assert response.status_code == 200
    assert response.json()["actions"] == ["return"]


def test_the_leader_returns_a_reviewed_finding_with_a_comment(api_as, cast):
    finding = flows.reviewed_finding(cast)
    response = api_as(cast.leader).post(
        finding_url(finding, "return"), {"comment": "请补充谈话笔录"}, format="json"
    )
    assert response.status_code == 200
    assert status_of(finding) == Status.RETURNED


def test_returning_without_a_comment_names_the_field(api_as, cast):
    finding = flows.reviewed_finding(cast)
    response = api_as(cast.leader).post(
        finding_url(finding, "return"), {"comment": "  "}, format="json"
    )
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert status_of(finding) == Status.REVIEWED


def test_a_member_who_signs_is_refused_with_403(api_as, cast):
    finding = flows.reviewed_finding(cast)
    response = api_as(cast.member).post(finding_url(finding, "sign"), format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": f"Only the leader of {cast.team} may do this.",
        "code": "not_allowed",
    }
    assert status_of(finding) == Status.REVIEWED


def test_the_liaison_may_not_review_a_fed_back_finding(api_as, cast):
    finding = flows.fed_back(cast).findings.get()
    response = api_as(cast.liaison).post(finding_url(finding, "review"), format="json")
    assert response.status_code == 403


def test_signing_an_accepted_finding_is_a_conflict(api_as, cast):
    finding = flows.accepted_finding(cast)
    response = api_as(cast.leader).post(finding_url(finding, "sign"), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert status_of(finding) == Status.ACCEPTED


def test_staff_of_another_office_cannot_act_on_the_finding(api_as, cast, other_cast):
    finding = flows.signed_finding(cast)
    response = api_as(other_cast.office_staff).post(finding_url(finding, "accept"), format="json")
    assert response.status_code == 404
    assert status_of(finding) == Status.SIGNED


def test_a_second_deputy_of_the_team_may_review(api_as, cast):
    second = factories.InspectorFactory(office=cast.office).user
    factories.TeamMembershipFactory(team=cast.team, user=second, role=TeamMembership.Role.DEPUTY)
    finding = flows.drafted_finding(cast)
    assert api_as(second).post(finding_url(finding, "review"), format="json").status_code == 200


# The list's cost -------------------------------------------------------------------------


def add_findings(cast, count):
    """Findings at different targets, by different authors, in different categories."""
    for _ in range(count):
        assignment = factories.AssignmentFactory(
            round=cast.round, team=cast.team, target=factories.TargetFactory(office=cast.office)
        )
        finding = factories.FindingFactory(
            assignment=assignment,
            category=factories.FindingCategoryFactory(office=cast.office),
            prepared_by=factories.InspectorFactory().user,
            status=Status.REVIEWED,
        )
        finding.tags.set([factories.FindingTagFactory(office=cast.office)])


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("role", ["office_staff", "leader"])
def test_the_list_costs_the_same_for_one_row_and_for_several(
    api_as, cast, django_assert_num_queries, rows, role
):
    add_findings(cast, rows)
    client = api_as(getattr(cast, role))
    # token, person, the assignments reached on the inspection side (for the office staff,
    # other than through the office; rounds.selectors._access), page of findings, their tags.
    with django_assert_num_queries(5):
        response = client.get(FINDINGS)
    assert len(response.json()["results"]) == rows
