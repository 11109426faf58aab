"""A scene for the charts and the dashboard: one office's two-year term, 2024–2025, read on
15 July 2024, with hand-countable coverage, problems and rectification items, and a second
office whose data must never show (tests/test_coverage_charts.py has the hand counts)."""

import datetime

import time_machine

from rectification.models import RectificationItem
from rounds.models import Assignment, Finding, Round
from tests import factories

Phase = Assignment.Phase
Status = Round.Status
ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind
TODAY = datetime.date(2024, 7, 15)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def frozen_on_today():
    """The clock stopped at 10:00 in Shanghai on TODAY."""
    return time_machine.travel(datetime.datetime(2024, 7, 15, 10, tzinfo=SHANGHAI), tick=False)


class Scene:
    """An office with seven active targets, rounds in three states, fed-back problems in two
    rounds with items in every state, and a second office with its own covered target,
    problems and overdue item that must never show."""

    def __init__(self):
        self.office = factories.OfficeFactory()
        self.staff = factories.OfficeStaffFactory(office=self.office).user
        self.term = factories.TermFactory(
            office=self.office,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
        )
        self.round1 = self.round(1, Status.IN_PROGRESS, datetime.date(2024, 3, 1))
        self.round2 = self.round(2, Status.IN_PROGRESS, datetime.date(2024, 5, 1))
        self.round3 = self.round(3, Status.PLANNED, datetime.date(2024, 9, 1))
        cancelled = self.round(4, Status.CANCELLED, datetime.date(2024, 2, 1))
        self.categories = [
            factories.FindingCategoryFactory(office=self.office, name=name, position=position)
            for position, name in enumerate(["政治建设", "作风建设"])
        ]
        # Covered from March (on-site date recorded; the round's start where none was).
        self.a = self.assign("A", self.round1, Phase.ON_SITE, datetime.date(2024, 3, 10))
        self.b = self.assign("B", self.round1, Phase.CLOSED, None)
        # Covered from May; D's team is on site with a recorded date still ahead.
        self.c = self.assign("C", self.round2, Phase.REPORTING, datetime.date(2024, 5, 20))
        self.assign("D", self.round2, Phase.ON_SITE, datetime.date(2024, 8, 1))
        # Not covered: still preparing; on site in a cancelled round.
        self.assign("E", self.round3, Phase.PREPARATION, None)
        self.assign("G", cancelled, Phase.ON_SITE, datetime.date(2024, 2, 5))
        # Covered twice: the earlier visit, in April, counts.
        h = self.assign("H", self.round1, Phase.ON_SITE, datetime.date(2024, 4, 2))
        self.assign(h.target, self.round2, Phase.ON_SITE, datetime.date(2024, 6, 1))
        # Inactive: never counted.
        self.assign("F", self.round1, Phase.CLOSED, None, active=False)
        self.rectification()

    def round(self, ordinal, status, start):
        return factories.RoundFactory(
            term=self.term,
            ordinal=ordinal,
            status=status,
            planned_start=start,
            planned_end=start + datetime.timedelta(days=60),
        )

    def assign(self, target, round_, phase, on_site_from, **fields):
        if isinstance(target, str):
            target = factories.TargetFactory(office=self.office, code=target, **fields)
        return factories.AssignmentFactory(
            round=round_, target=target, phase=phase, on_site_from=on_site_from
        )

    def rectification(self):
        """Round 1: f1 rectified (late), f2 overdue, f3 long-term and reported on. Round 2: f4
        in progress, f5 rectified late, f6 accepted and not yet fed back."""
        politics, conduct = self.categories
        plan1 = plan_of(self.b)
        f1 = fed_back(self.b, politics)
        f2 = fed_back(self.b, politics)
        f3 = fed_back(self.b, conduct)
        item(plan1, f1, deadline=(2024, 6, 30), closed=(2024, 5, 10, 9))
        # Closed at 00:30 on 1 May in Shanghai (30 April in UTC): overdue at the end of April.
        item(plan1, f1, deadline=(2024, 2, 10), closed=(2024, 5, 1, 0, 30))
        item(plan1, f2, deadline=(2024, 6, 30))
        item(plan1, f2, deadline=(2024, 3, 15), status=ItemStatus.CLAIMED)
        item(plan1, f2, deadline=(2024, 1, 1), status=ItemStatus.WITHDRAWN)
        reported = item(plan1, f3, deadline=(2024, 6, 1), kind=Kind.LONG_TERM)
        factories.ProgressReportFactory(item=reported)
        plan2 = plan_of(self.c)
        f4 = fed_back(self.c, conduct)
        f5 = fed_back(self.c, conduct)
        item(plan2, f4, deadline=(2024, 9, 30), status=ItemStatus.IN_PROGRESS)
        item(plan2, f5, deadline=(2024, 6, 20), closed=(2024, 7, 1, 9))
        found(self.c, politics, Finding.Status.ACCEPTED)
        found(self.c, politics, Finding.Status.DRAFT)


def plan_of(assignment):
    return factories.RectificationPlanFactory(assignment=assignment)


def found(assignment, category, status):
    signer = factories.UserFactory()
    signed = status in (Finding.Status.ACCEPTED, Finding.Status.FED_BACK)
    fields = {"signed_by": signer, "accepted_by": signer} if signed else {}
    if status == Finding.Status.FED_BACK:
        feedback = getattr(assignment, "feedback", None) or factories.FeedbackFactory(
            assignment=assignment
        )
        fields["feedback"] = feedback
    return factories.FindingFactory(
        assignment=assignment, category=category, status=status, **fields
    )


def fed_back(assignment, category):
    finding = found(assignment, category, Finding.Status.FED_BACK)
    assignment.refresh_from_db()
    return finding


def item(plan, finding, *, deadline, closed=None, status=None, kind=Kind.IN_PERIOD):
    fields = {"status": status or ItemStatus.NOT_STARTED}
    if closed is not None:
        fields = {
            "status": ItemStatus.CLOSED,
            "closed_at": datetime.datetime(*closed, tzinfo=SHANGHAI),
            "closed_by": factories.UserFactory(),
        }
    return factories.RectificationItemFactory(
        plan=plan, finding=finding, deadline=datetime.date(*deadline), kind=kind, **fields
    )


def build_elsewhere(scene):
    """Another office, with a covered target, a fed-back problem and an overdue item in its
    own term of the same dates; returns its staff member."""
    office = factories.OfficeFactory()
    staff = factories.OfficeStaffFactory(office=office).user
    round_ = factories.RoundFactory(
        term__office=office,
        term__starts_on=scene.term.starts_on,
        term__ends_on=scene.term.ends_on,
        status=Status.IN_PROGRESS,
        planned_start=datetime.date(2024, 2, 1),
    )
    assignment = factories.AssignmentFactory(
        round=round_, phase=Phase.RECTIFICATION, on_site_from=datetime.date(2024, 2, 3)
    )
    category = factories.FindingCategoryFactory(office=office)
    finding = fed_back(assignment, category)
    item(plan_of(assignment), finding, deadline=(2024, 3, 1))
    return staff
