"""One world of two offices, every role and every kind of record, for the access matrix.

Office A runs round A with team 1 (leader, two deputies, two members, a granted specialist) on
assignment A1 at target T1, and team 2 on assignment A2 at target T2 and on A3 at target T3 (not
yet fed back: its liaison must wait); office B runs assignment B1 at target TB. A1 carries
findings in every status, evidence internal and not, a suggestion fed back and one kept back, a
plan with an item, a progress report and its attachment, an evaluation, a registered lead and a
lead transferred to body B_A. A2 and B1 walk the same road with one finding each; A3 stops at
reporting with an accepted finding. Everything goes through the services (tests/flows.py walks);
factories only make the people, offices, targets and the first team, as `flows.build_cast` does.

Every row the selectors can return gets a readable label, so a test can say "leader 1 sees
exactly {A1 fed back, A1 draft by member 2, ...}".
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from guardian.shortcuts import assign_perm

from rectification import services as rectification
from rectification.models import Evaluation, Filing, RectificationReport
from rounds import services as rounds
from rounds.models import TeamMembership
from tests import factories, flows
from tests.factories import FEEDBACK_ON

Role = TeamMembership.Role


@dataclass
class World:
    """`people`: role -> user (or AnonymousUser); `rows`: readable label -> model instance."""

    people: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)

    def labels(self, model, pks):
        """The labels of rows of `model`; a row nobody labelled shows up as such."""
        by_pk = {row.pk: label for label, row in self.rows.items() if type(row) is model}
        return {by_pk.get(pk, f"unlabelled {model.__name__} #{pk}") for pk in pks}


def _attach(finding, by, *, internal, title):
    return rounds.evidence_attach(
        finding=finding, by=by, upload=flows.pdf(f"{title}.pdf"), title=title, internal=internal
    )


def _suggest(cast, text):
    return rounds.suggestion_add(assignment=cast.assignment, by=cast.leader, text=text)


def _give_feedback(cast, findings, suggestions):
    flows.reporting(cast)
    feedback = rounds.feedback_issue(
        assignment=cast.assignment,
        by=cast.office_staff,
        delivered_on=FEEDBACK_ON,
        recipients="镇党委领导班子",
        top_official="张书记",
        findings=findings,
        suggestions=suggestions,
    )
    for finding in findings:
        finding.refresh_from_db()
    return feedback


def _report_with_attachment(cast, item):
    return rectification.progress_report(
        item=item,
        by=cast.liaison,
        text="已召开专题会议，制定整改任务清单。",
        attachments=[flows.pdf("会议纪要.pdf")],
    )


def _report_and_filing(cast):
    """The unit's rectification report, and its plan filed with the discipline group."""
    report = rectification.report_file(
        assignment=cast.assignment,
        by=cast.liaison,
        kind=RectificationReport.Kind.UNIT,
        text="整改工作已基本完成。",
        author_name="张书记",
    )
    filing = rectification.filing_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        document=Filing.Document.PLAN,
        party=Filing.Party.DISCIPLINE_GROUP,
        filed_on=datetime.date(2024, 8, 20),
    )
    return report, filing


def _evaluate(cast):
    """Rectification, the plan accepted, the evaluation phase and the office's rating."""
    flows.in_rectification(cast)
    rectification.plan_accept(plan=cast.assignment.rectification_plan, by=cast.office_staff)
    rectification.assignment_begin_evaluation(assignment=cast.assignment, by=cast.office_staff)
    return rectification.evaluation_record(
        assignment=cast.assignment,
        by=cast.office_staff,
        party=Evaluation.Party.OFFICE,
        score=Decimal("86"),
        grade=Evaluation.Grade.GOOD,
    )


def _walk_a1(cast, member2, rows):
    """A1: a finding in every status, evidence of all kinds, the whole road to evaluation."""
    flows.on_site(cast)
    rows["A1 draft by member 1"] = flows.drafted_finding(cast)
    rows["A1 draft by member 2"] = draft2 = flows.drafted_finding(cast, by=member2)
    rows["A1 reviewed"] = flows.reviewed_finding(cast)
    rows["A1 signed"] = flows.signed_finding(cast)
    rows["A1 returned"] = flows.returned_finding(cast)
    rows["A1 accepted"] = accepted = flows.accepted_finding(cast)
    fed = flows.accepted_finding(cast)
    # Evidence is attached before feedback: a fed-back finding takes no more.
    rows["evidence on A1 draft by member 2"] = _attach(
        draft2, member2, internal=False, title="member 2 draft evidence"
    )
    rows["evidence on A1 accepted"] = _attach(
        accepted, cast.member, internal=False, title="accepted evidence"
    )
    rows["internal evidence on A1 fed back"] = _attach(
        fed, cast.member, internal=True, title="internal evidence"
    )
    rows["public evidence on A1 fed back"] = _attach(
        fed, cast.member, internal=False, title="public evidence"
    )
    rows["A1 suggestion fed back"] = fed_suggestion = _suggest(cast, "健全“三重一大”决策机制。")
    rows["A1 suggestion kept back"] = _suggest(cast, "建议对有关人员进一步核查。")
    rows["A1 lead to B_A"] = flows.transferred_lead(cast)
    rows["A1 feedback"] = _give_feedback(cast, [fed], [fed_suggestion])
    rows["A1 fed back"] = fed
    rows["A1 plan"] = plan = flows.opened_plan(cast)
    rows["A1 item"] = item = flows.added_item(cast, plan=plan, finding=fed)
    flows.submit(cast, plan)
    rows["A1 rectification report"], rows["A1 filing"] = _report_and_filing(cast)
    rows["A1 report"] = report = _report_with_attachment(cast, item)
    rows["A1 attachment"] = report.attachments.get()
    rows["A1 evaluation"] = _evaluate(cast)
    # Registered last: a lead not yet transferred would hold the assignment before rectification.
    rows["A1 registered lead"] = flows.registered_lead(cast)


def _walk_to_evaluation(cast, prefix, body, rows):
    """A2 and B1: a draft, one finding fed back with public evidence, a suggestion, a lead
    transferred to `body`, a plan with an item, a report with an attachment, an evaluation."""
    flows.on_site(cast)
    rows[f"{prefix} draft"] = flows.drafted_finding(cast)
    fed = flows.accepted_finding(cast)
    rows[f"evidence on {prefix} fed back"] = _attach(
        fed, cast.member, internal=False, title=f"{prefix} evidence"
    )
    rows[f"{prefix} suggestion"] = suggestion = _suggest(cast, "加强对下属单位的监督检查。")
    rows[f"{prefix} lead to {body}"] = flows.transferred_lead(cast)
    rows[f"{prefix} feedback"] = _give_feedback(cast, [fed], [suggestion])
    rows[f"{prefix} fed back"] = fed
    rows[f"{prefix} plan"] = plan = flows.submitted_plan(cast)
    rows[f"{prefix} item"] = item = plan.items.get()
    rows[f"{prefix} rectification report"], rows[f"{prefix} filing"] = _report_and_filing(cast)
    rows[f"{prefix} report"] = report = _report_with_attachment(cast, item)
    rows[f"{prefix} attachment"] = report.attachments.get()
    rows[f"{prefix} evaluation"] = _evaluate(cast)


def _at_new_target(cast, team, people):
    """A cast for `team` at a new target of the same office, with its own liaison."""
    staff = cast.office_staff
    target = factories.TargetFactory(office=cast.office)
    assignment = rounds.assignment_create(round=cast.round, team=team, target=target, by=staff)
    liaison = factories.ProfileFactory(work_unit=target, position="党政办主任").user
    factories.LiaisonFactory(target=target, user=liaison)
    return flows.Cast(
        assignment=assignment,
        office_staff=staff,
        leader=people[Role.LEADER],
        deputy=people[Role.DEPUTY],
        member=people[Role.MEMBER],
        liaison=liaison,
        receiving_officer=cast.receiving_officer,
        outsider=cast.outsider,
        category=cast.category,
        receiving_body=cast.receiving_body,
    )


def _second_team(cast):
    """Team 2 of the same round, at targets T2 and T3 of office A, each with its own liaison."""
    team = rounds.team_form(round=cast.round, name="第二巡察组", by=cast.office_staff)
    people = {}
    for role in (Role.LEADER, Role.DEPUTY, Role.MEMBER):
        people[role] = factories.InspectorFactory(
            office=cast.office, in_leader_pool=role == Role.LEADER
        ).user
        rounds.team_add_member(team=team, user=people[role], role=role, by=cast.office_staff)
    return _at_new_target(cast, team, people), _at_new_target(cast, team, people)


def _walk_to_reporting(cast, prefix, rows):
    """A3: an accepted finding with public evidence and a suggestion, but no feedback yet."""
    flows.on_site(cast)
    rows[f"{prefix} accepted"] = accepted = flows.accepted_finding(cast)
    rows[f"evidence on {prefix} accepted"] = _attach(
        accepted, cast.member, internal=False, title=f"{prefix} evidence"
    )
    rows[f"{prefix} suggestion"] = _suggest(cast, "压实主体责任。")
    flows.reporting(cast)


def build_world():
    one = flows.build_cast()
    office, staff, assignment = one.office, one.office_staff, one.assignment

    member2 = factories.InspectorFactory(office=office).user
    rounds.team_add_member(team=one.team, user=member2, role=Role.MEMBER, by=staff)
    deputy_with_leads = factories.InspectorFactory(office=office).user
    rounds.team_add_member(team=one.team, user=deputy_with_leads, role=Role.DEPUTY, by=staff)
    assign_perm("rounds.view_leads", deputy_with_leads, assignment)
    specialist = factories.InspectorFactory(
        office=office, is_specialist=True, expertise="财务审计"
    ).user
    assign_perm("rounds.view_assignment", specialist, assignment)
    leadership = factories.ProfileFactory(office=office, is_leadership=True).user

    two, three = _second_team(one)
    other = flows.build_cast()
    admin = factories.UserFactory(is_superuser=True, is_staff=True)

    world = World()
    rows = world.rows
    rows.update(
        {
            "T1": assignment.target,
            "T2": two.assignment.target,
            "T3": three.assignment.target,
            "TB": other.assignment.target,
            "round A": one.round,
            "round B": other.round,
            "team 1": one.team,
            "team 2": two.team,
            "team B": other.team,
            "A1": assignment,
            "A2": two.assignment,
            "A3": three.assignment,
            "B1": other.assignment,
        }
    )
    _walk_a1(one, member2, rows)
    _walk_to_evaluation(two, "A2", "B_A", rows)
    _walk_to_reporting(three, "A3", rows)
    _walk_to_evaluation(other, "B1", "B_B", rows)

    world.people = {
        "office_staff_a": staff,
        "leadership_a": leadership,
        "leader_1": one.leader,
        "deputy_1": one.deputy,
        "deputy_1_with_leads": deputy_with_leads,
        "member_1": one.member,
        "member_2": member2,
        "specialist": specialist,
        "liaison_t1": one.liaison,
        "liaison_t2": two.liaison,
        "liaison_t3_before_feedback": three.liaison,
        "officer_of_b_a": one.receiving_officer,
        "officer_of_b_b": other.receiving_officer,
        "office_staff_b": other.office_staff,
        "admin": admin,
        "outsider": one.outsider,
        "anonymous": AnonymousUser(),
    }
    return world
