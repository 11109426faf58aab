"""A cast of people around one assignment, and walks that bring it to a given state.

Every walk goes through the services, never through factories, so a state reached here is a
state the application can reach. Walks are cumulative and idempotent on the assignment's phase:
`fed_back(cast)` puts the team on site if it is not yet, files and accepts a finding, moves to
reporting and issues the feedback.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from organisations.models import Office, ReceivingBody
from rectification import services as rectification
from rectification.models import RectificationItem, RectificationPlan
from rounds import services as rounds
from rounds.models import Assignment, Feedback, Finding, FindingCategory, TeamMembership
from tests import factories
from tests.factories import FEEDBACK_ON

Phase = Assignment.Phase
Role = TeamMembership.Role
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@dataclass
class Cast:
    """Everyone with a stake in one assignment, plus one person with none."""

    assignment: Assignment
    office_staff: object
    leader: object
    deputy: object
    member: object
    liaison: object
    receiving_officer: object
    outsider: object
    category: FindingCategory
    receiving_body: ReceivingBody

    @property
    def office(self) -> Office:
        return self.assignment.round.office

    @property
    def round(self):
        return self.assignment.round

    @property
    def team(self):
        return self.assignment.team

    def refresh(self):
        self.assignment.refresh_from_db()
        self.assignment.round.refresh_from_db()
        return self.assignment


def build_cast(*, office=None):
    """One planned round with one team of leader, deputy and member, assigned to one target."""
    office = office or factories.OfficeFactory()
    office_staff = factories.OfficeStaffFactory(office=office).user
    round_ = factories.RoundFactory(term__office=office)
    team = factories.TeamFactory(round=round_)
    people = {}
    for role in (Role.LEADER, Role.DEPUTY, Role.MEMBER):
        people[role] = factories.InspectorFactory(office=office).user
        factories.TeamMembershipFactory(team=team, user=people[role], role=role)
    target = factories.TargetFactory(office=office)
    assignment = factories.AssignmentFactory(round=round_, team=team, target=target)
    liaison = factories.ProfileFactory(work_unit=target, position="党政办主任").user
    factories.LiaisonFactory(target=target, user=liaison)
    body = factories.ReceivingBodyFactory(office=office)
    receiving_officer = factories.ProfileFactory(receiving_body=body).user
    # Same office, known to the system, but no role in this assignment.
    outsider = factories.ProfileFactory(office=office).user
    return Cast(
        assignment=assignment,
        office_staff=office_staff,
        leader=people[Role.LEADER],
        deputy=people[Role.DEPUTY],
        member=people[Role.MEMBER],
        liaison=liaison,
        receiving_officer=receiving_officer,
        outsider=outsider,
        category=factories.FindingCategoryFactory(office=office),
        receiving_body=body,
    )


def pdf(name="证据.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# assignment phases -----------------------------------------------------------------------


def on_site(cast):
    if cast.refresh().phase == Phase.PREPARATION:
        rounds.assignment_begin_on_site(assignment=cast.assignment, by=cast.office_staff)
    return cast.refresh()


def reporting(cast):
    on_site(cast)
    if cast.assignment.phase == Phase.ON_SITE:
        rounds.assignment_begin_reporting(assignment=cast.assignment, by=cast.office_staff)
    return cast.refresh()


# findings --------------------------------------------------------------------------------


def drafted_finding(cast, *, by=None, **fields):
    if cast.refresh().phase not in (Phase.ON_SITE, Phase.REPORTING):
        on_site(cast)
    values = {
        "title": "“三重一大”事项未经集体研究",
        "summary": "2023年两项工程款支付未经党委会研究决定。",
        "source": Finding.Source.DOCUMENT,
        "category": cast.category,
    }
    values.update(fields)
    return rounds.finding_draft(assignment=cast.assignment, by=by or cast.member, **values)


def reviewed_finding(cast, **fields):
    finding = drafted_finding(cast, **fields)
    return rounds.finding_review(finding=finding, by=cast.deputy, comment="已复核")


def signed_finding(cast, **fields):
    finding = reviewed_finding(cast, **fields)
    return rounds.finding_sign(finding=finding, by=cast.leader, comment="同意")


def accepted_finding(cast, **fields):
    finding = signed_finding(cast, **fields)
    return rounds.finding_accept(finding=finding, by=cast.office_staff, comment="同意反馈")


def returned_finding(cast, **fields):
    finding = reviewed_finding(cast, **fields)
    return rounds.finding_return(finding=finding, by=cast.leader, comment="证据不足，请补充")


# feedback --------------------------------------------------------------------------------


def fed_back(cast, *, findings=1, delivered_on=FEEDBACK_ON, suggestions=()):
    """Issue feedback with `findings` newly accepted findings; returns the Feedback."""
    accepted = [accepted_finding(cast) for _ in range(findings)]
    reporting(cast)
    feedback = rounds.feedback_issue(
        assignment=cast.assignment,
        by=cast.office_staff,
        delivered_on=delivered_on,
        recipients="镇党委领导班子",
        top_official="张书记",
        findings=accepted,
        suggestions=suggestions,
    )
    cast.refresh()
    return feedback


def fed_back_findings(cast):
    return list(cast.assignment.findings.filter(status=Finding.Status.FED_BACK).order_by("pk"))


def in_rectification(cast, **feedback_options):
    if cast.refresh().phase in (Phase.PREPARATION, Phase.ON_SITE, Phase.REPORTING):
        fed_back(cast, **feedback_options)
    if cast.assignment.phase == Phase.FEEDBACK:
        rounds.assignment_begin_rectification(assignment=cast.assignment, by=cast.office_staff)
    return cast.refresh()


# leads -----------------------------------------------------------------------------------


def registered_lead(cast):
    on_site(cast)
    return rounds.lead_register(
        assignment=cast.assignment,
        by=cast.leader,
        subject_name="李某某",
        subject_position="副镇长",
        summary="反映其违规插手工程项目。",
    )


def transferred_lead(cast, *, transferred_on=datetime.date(2024, 7, 20)):
    lead = registered_lead(cast)
    return rounds.lead_transfer(
        lead=lead,
        by=cast.office_staff,
        receiving_body=cast.receiving_body,
        transferred_on=transferred_on,
    )


# rectification ---------------------------------------------------------------------------


def opened_plan(cast, **feedback_options):
    if not Feedback.objects.filter(assignment=cast.refresh()).exists():
        fed_back(cast, **feedback_options)
    return rectification.plan_open(assignment=cast.assignment, by=cast.liaison)


def added_item(
    cast,
    *,
    finding=None,
    kind=RectificationItem.Kind.IN_PERIOD,
    plan=None,
    deadline=datetime.date(2024, 10, 15),
):
    plan = plan or opened_plan(cast)
    finding = finding or fed_back_findings(cast)[0]
    return rectification.item_add(
        plan=plan,
        by=cast.liaison,
        finding=finding,
        measure="修订“三重一大”决策制度，组织全体班子成员专题学习。",
        responsible_unit="镇党政办",
        responsible_person="王主任",
        deadline=deadline,
        kind=kind,
    )


def covered_plan(cast, **feedback_options):
    """An open plan with one in-period item for every fed-back finding."""
    plan = opened_plan(cast, **feedback_options)
    for finding in fed_back_findings(cast):
        if not finding.rectification_items.exists():
            added_item(cast, finding=finding, plan=plan)
    plan.refresh_from_db()
    return plan


def submit(cast, plan):
    return rectification.plan_submit(
        plan=plan,
        by=cast.liaison,
        signed_by_name="张书记",
        signed_at=datetime.datetime(2024, 8, 10, 9, 0, tzinfo=datetime.UTC),
    )


def submitted_plan(cast, **feedback_options):
    return submit(cast, covered_plan(cast, **feedback_options))


def accepted_plan(cast, **feedback_options):
    plan = submitted_plan(cast, **feedback_options)
    return rectification.plan_accept(plan=plan, by=cast.office_staff, comment="同意")


def item_under_plan(cast, *, kind=RectificationItem.Kind.IN_PERIOD, plan_status="submitted"):
    """One item of a plan that is submitted (or accepted); the item is not started."""
    plan = opened_plan(cast)
    item = added_item(cast, plan=plan, kind=kind)
    plan = submit(cast, plan)
    if plan_status == RectificationPlan.Status.ACCEPTED:
        rectification.plan_accept(plan=plan, by=cast.office_staff)
    item.refresh_from_db()
    return item


def started_item(cast, **options):
    item = item_under_plan(cast, **options)
    rectification.progress_report(item=item, by=cast.liaison, text="已召开专题民主生活会。")
    item.refresh_from_db()
    return item


def claimed_item(cast, **options):
    item = started_item(cast, **options)
    return rectification.item_claim_done(
        item=item, by=cast.liaison, text="制度已印发执行。", attachments=[pdf("制度文件.pdf")]
    )


def closed_item(cast, **options):
    item = claimed_item(cast, **options)
    return rectification.item_close(item=item, by=cast.office_staff, comment="核实销号")


def in_evaluation(cast):
    accepted_plan(cast)
    in_rectification(cast)
    rectification.assignment_begin_evaluation(assignment=cast.assignment, by=cast.office_staff)
    return cast.refresh()
