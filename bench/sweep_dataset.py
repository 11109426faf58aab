"""The reminder sweep's data set: offices that each ran one round, fed back to every target,
with an accepted plan whose items fall due over the year around today. Written by COPY
(bench.writer); every item has a liaison and two staff to remind. The offices' assignments are
written in turn, one of each office after another, so that their ids interleave as they do when
offices work side by side."""

import datetime
from dataclasses import dataclass

from bench.dataset import accepted_plan
from bench.writer import Load
from organisations.models import Liaison, Office, Profile, Target
from rectification.models import RectificationItem, RectificationPlan
from rounds.models import Assignment, Feedback, Finding, FindingCategory, Round, Team, Term

SEED = 20261122
STAFF_PER_OFFICE = 2
ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind


@dataclass(frozen=True)
class Shape:
    offices: int
    assignments_per_office: int  # one target each
    findings_per_assignment: int
    items_per_finding: int


SHAPES = {
    "province": Shape(offices=4, assignments_per_office=5000, findings_per_assignment=10,
                      items_per_finding=2),
    "national": Shape(offices=3000, assignments_per_office=333, findings_per_assignment=5,
                      items_per_finding=2),
}  # fmt: skip


def staff_username(office_number):
    return f"bench-staff-{office_number}-0"


class SweepLoader(Load):
    """Loads `shape` as of `today`; `load()` returns the rows written per model."""

    def __init__(self, shape, today, now):
        super().__init__(today, now, SEED)
        self.shape = shape
        writer = self.writer
        self.offices = writer.table(Office, ["id", "code", "name", "level"])
        self.profiles = writer.table(
            Profile, ["id", "user_id", "name", "office_id", "is_office_staff"]
        )
        self.categories = writer.table(FindingCategory, ["id", "office_id", "code", "name"])
        self.terms = writer.table(Term, ["id", "office_id", "name", "starts_on", "ends_on"])
        self.rounds = writer.table(
            Round,
            ["id", "office_id", "term_id", "ordinal", "planned_start", "planned_end", "status"],
        )
        self.teams = writer.table(Team, ["id", "round_id", "name"])
        self.targets = writer.table(Target, ["id", "office_id", "code", "name", "category"])
        self.liaisons = writer.table(Liaison, ["id", "target_id", "user_id", "appointed_on"])
        self.assignments = writer.table(
            Assignment, ["id", "round_id", "team_id", "target_id", "phase"]
        )
        self.feedback = writer.table(
            Feedback,
            ["id", "assignment_id", "delivered_on", "recipients", "top_official", "issued_by_id"],
        )
        self.plans = writer.table(
            RectificationPlan,
            ["id", "assignment_id", "due_on", "report_due_on", "concentrated_until", "status",
             "signed_by_name", "signed_at", "submitted_at"],
        )  # fmt: skip
        self.findings = writer.table(
            Finding,
            ["id", "assignment_id", "number", "title", "summary", "source", "category_id",
             "prepared_by_id", "prepared_on", "status", "signed_by_id", "accepted_by_id",
             "feedback_id"],
        )  # fmt: skip
        self.items = writer.table(
            RectificationItem,
            ["id", "plan_id", "office_id", "finding_id", "measure", "responsible_unit",
             "responsible_person", "deadline", "kind", "status", "closed_by_id", "closed_at",
             "last_progress_at"],
        )  # fmt: skip

    def _user(self, username, name, office=None, *, staff=False):
        user = self.users.next_id()
        # An unusable password: the benchmark logs its people in without one.
        self.users.add(user, username, "!", self.now)
        self.profiles.add(self.profiles.next_id(), user, name, office, staff)
        return user

    def load(self):
        offices = [self._office(number) for number in range(self.shape.offices)]
        for index in range(self.shape.assignments_per_office):
            for number, office in enumerate(offices):
                self._assignment(number, index, *office)
        return self.writer.finish()

    def _office(self, number):
        """Writes the office, its people, its term and its round; returns what its assignments
        are written with: (office, round, team, category, signer)."""
        today = self.today
        office = self.offices.next_id()
        self.offices.add(office, f"B{number:04d}", f"基准巡察办{number:04d}", Office.Level.COUNTY)
        staff = [
            self._user(f"bench-staff-{number}-{index}", "干部", office, staff=True)
            for index in range(STAFF_PER_OFFICE)
        ]
        category = self.categories.next_id()
        self.categories.add(category, office, "C1", "纪律建设")
        term = self.terms.next_id()
        self.terms.add(
            term,
            office,
            "第一届",
            today - datetime.timedelta(days=900),
            today + datetime.timedelta(days=900),
        )
        round_id = self.rounds.next_id()
        self.rounds.add(
            round_id,
            office,
            term,
            1,
            today - datetime.timedelta(days=700),
            today - datetime.timedelta(days=600),
            Round.Status.COMPLETED,
        )
        team = self.teams.next_id()
        self.teams.add(team, round_id, "第一巡察组")
        return office, round_id, team, category, staff[0]

    def _assignment(self, number, index, office, round_id, team, category, signer):
        delivered = self.today - datetime.timedelta(days=500)
        target = self.targets.next_id()
        self.targets.add(target, office, f"T{index:05d}", f"单位{number}-{index}", "township")
        liaison = self._user(f"bench-liaison-{number}-{index}", "联络员")
        self.liaisons.add(self.liaisons.next_id(), target, liaison, self.today)
        assignment = self.assignments.next_id()
        self.assignments.add(assignment, round_id, team, target, Assignment.Phase.RECTIFICATION)
        feedback = self.feedback.next_id()
        self.feedback.add(feedback, assignment, delivered, "领导班子", "书记", signer)
        signed_at = self.now - datetime.timedelta(days=460)
        plan = accepted_plan(self.plans, assignment, delivered, signed_at)
        for finding_number in range(self.shape.findings_per_assignment):
            finding = self.findings.next_id()
            self.findings.add(
                finding,
                assignment,
                f"{finding_number + 1:03d}",
                "问题",
                "问题摘要",
                Finding.Source.DOCUMENT,
                category,
                signer,
                delivered,
                Finding.Status.FED_BACK,
                signer,
                signer,
                feedback,
            )
            for _item in range(self.shape.items_per_finding):
                self._item(plan, office, finding, signer)

    def _item(self, plan, office, finding, signer):
        rng = self.rng
        kind = rng.choices([Kind.IMMEDIATE, Kind.IN_PERIOD, Kind.LONG_TERM], [2, 7, 1])[0]
        status = rng.choices(
            [ItemStatus.CLOSED, ItemStatus.CLAIMED, ItemStatus.IN_PROGRESS, ItemStatus.NOT_STARTED],
            [4, 1, 3, 2],
        )[0]
        if kind == Kind.LONG_TERM and status in (ItemStatus.CLAIMED, ItemStatus.CLOSED):
            status = ItemStatus.IN_PROGRESS
        closed = status == ItemStatus.CLOSED
        progressed = status != ItemStatus.NOT_STARTED
        now = self.now
        self.items.add(
            self.items.next_id(),
            plan,
            office,
            finding,
            "建立健全制度并抓好落实",
            "办公室",
            "主任",
            self.today + datetime.timedelta(days=rng.randint(-400, 200)),
            kind,
            status,
            signer if closed else None,
            now - datetime.timedelta(days=rng.randint(1, 300)) if closed else None,
            now - datetime.timedelta(days=rng.randint(0, 120)) if progressed else None,
        )
