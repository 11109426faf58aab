"""The synthetic data set of the benchmark: a real hierarchy of offices, their targets, two terms
each, rounds in every status, assignments in every phase (so coverage is partial), fed-back
findings with rectification plans and items, and leads.

Names come from the demo's word lists (demo.names, demo.texts, the demo's target code prefixes),
so the benchmark reads like the demo; the rows are written in bulk (bench.writer) rather than
through the services, which would take hours at national scale. One random source with a fixed
seed makes the same data set on every machine, dated relative to the day it is loaded.

Each office, built one after the other so memory stays flat:
- a previous term, whose eight completed rounds inspected most targets (closed, no findings
  loaded: they give "last inspected" its dates) and, unless the office is between terms, a
  current term that began about two and a half years ago with its rounds spread evenly over it;
- rounds already over are completed, the one under way in progress, the rest planned; one office
  in ten cancelled a round after its teams went on site (that work covers nothing);
- each started round inspects the next slice of the office's targets; the oldest are closed,
  recent ones in rectification or feedback; the round under way is on site or reporting, and the
  first planned round is preparing its assignments; a few targets are inspected again
  (look-back), which must count once;
- fed-back assignments carry fed-back findings (how many: the scale's); those in rectification
  or later have an accepted plan with items for each, a tenth of them long-term; items are
  closed, open or overdue by age; items reported on have progress reports (periodic ones on
  long-term items; the last a claim on those claimed or closed);
- one fed-back assignment in eight has a lead, transferred to the office's discipline body with
  every outcome.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db import connection

from bench.scales import Level
from bench.writer import Load
from demo.names import (
    COMMUNITIES,
    DEPARTMENTS,
    ENTERPRISES,
    INSTITUTIONS,
    OTHER_UNITS,
    UNIVERSITIES,
    VILLAGES,
)
from demo.organisations import CODE_PREFIX
from demo.texts import CATEGORIES
from organisations.models import Liaison, Office, Profile, ReceivingBody, Region, Target
from rectification.models import (
    ProblemState,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
)
from rectification.progress import problem_states_refresh_all
from rounds.coverage import last_inspected_refresh_all
from rounds.models import (
    Assignment,
    Feedback,
    Finding,
    FindingCategory,
    Lead,
    Round,
    Team,
    TeamMembership,
    Term,
)

SEED = 20260709
TERM_DAYS = 1826  # five years
ROUND_DAYS = 80
ASSIGNMENTS_PER_TEAM = 15
PREVIOUS_ROUNDS = 8
TOWNSHIPS_PER_COUNTY = 6
TOWNSHIPS = ["白沙镇", "石桥乡", "龙潭镇", "桃花镇", "清溪乡", "枫桥镇", "松岭乡", "柳林镇"]
LEVEL_NAMES = {
    Level.CENTRAL: "中央",
    Level.PROVINCIAL: "省委",
    Level.MUNICIPAL: "市委",
    Level.COUNTY: "县委",
}

Category = Target.Category
Phase = Assignment.Phase
RoundStatus = Round.Status
ItemKind = RectificationItem.Kind
ItemStatus = RectificationItem.Status
LeadStatus = Lead.Status

# (category, weight, names to draw from) by the level of the owning office.
MIX = {
    "upper": [
        (Category.PARTY_COMMITTEE, 5, None),
        (Category.DEPARTMENT, 35, DEPARTMENTS),
        (Category.STATE_ENTERPRISE, 20, ENTERPRISES),
        (Category.UNIVERSITY, 10, UNIVERSITIES),
        (Category.PUBLIC_INSTITUTION, 20, INSTITUTIONS),
        (Category.OTHER, 10, OTHER_UNITS),
    ],
    Level.MUNICIPAL: [
        (Category.PARTY_COMMITTEE, 10, None),
        (Category.DEPARTMENT, 50, DEPARTMENTS),
        (Category.STATE_ENTERPRISE, 15, ENTERPRISES),
        (Category.PUBLIC_INSTITUTION, 20, INSTITUTIONS),
        (Category.OTHER, 5, OTHER_UNITS),
    ],
    Level.COUNTY: [
        (Category.DEPARTMENT, 10, DEPARTMENTS),
        (Category.TOWNSHIP, 15, TOWNSHIPS),
        (Category.STREET, 5, None),
        (Category.VILLAGE, 55, VILLAGES),
        (Category.COMMUNITY, 15, COMMUNITIES),
    ],
}
LEAD_OUTCOMES = [
    (LeadStatus.REGISTERED, 5),
    (LeadStatus.TRANSFERRED, 30),
    (LeadStatus.CASE_OPENED, 20),
    (LeadStatus.HANDLED, 20),
    (LeadStatus.NO_CASE, 15),
    (LeadStatus.CLOSED, 10),
]
FED_BACK_PHASES = {Phase.FEEDBACK, Phase.RECTIFICATION, Phase.EVALUATION, Phase.CLOSED}
PLANNED_PHASES = {Phase.RECTIFICATION, Phase.EVALUATION, Phase.CLOSED}


def accepted_plan(plans, assignment, delivered, signed_at):
    """A row of `plans` (a table of RectificationPlan): the plan of `assignment`, fed back on
    `delivered`, signed and accepted at `signed_at`; its id."""
    plan = plans.next_id()
    plans.add(
        plan,
        assignment,
        delivered + datetime.timedelta(days=30),
        delivered + datetime.timedelta(days=60),
        delivered + datetime.timedelta(days=90),
        RectificationPlan.Status.ACCEPTED,
        "书记",
        signed_at,
        signed_at,
    )
    return plan


def staff_username(office_code):
    return f"bench-{office_code}-staff"


def leadership_username(office_code):
    return f"bench-{office_code}-leadership"


def liaison_username(office_code):
    return f"bench-{office_code}-liaison"


def member_username(office_code):
    return f"bench-{office_code}-member"


@dataclass
class OfficeNode:
    id: int
    code: str
    level: str
    parent: "OfficeNode | None"
    region_id: int = 0
    townships: list = field(default_factory=list)
    staff: int = 0  # the user id of the office's staff member, who signs everything
    body: int = 0  # the office's discipline body, which receives its leads
    categories: list = field(default_factory=list)


class Loader(Load):
    def __init__(self, scale, today, now):
        super().__init__(today, now, SEED)
        self.scale = scale
        writer = self.writer
        self.regions = writer.table(Region, ["id", "code", "name", "parent_id"])
        self.offices = writer.table(
            Office, ["id", "code", "name", "level", "parent_id", "region_id"]
        )
        self.profiles = writer.table(
            Profile, ["id", "user_id", "name", "office_id", "is_office_staff", "is_leadership"]
        )
        self.bodies = writer.table(ReceivingBody, ["id", "office_id", "name", "kind"])
        self.categories = writer.table(
            FindingCategory, ["id", "office_id", "code", "name", "position"]
        )
        self.targets = writer.table(
            Target, ["id", "office_id", "code", "name", "category", "region_id", "active"]
        )
        self.liaisons = writer.table(
            Liaison, ["id", "target_id", "user_id", "active", "appointed_on"]
        )
        # The read offices (Scale.read_offices) whose liaison and member are made.
        self.people_made = set()
        self.terms = writer.table(Term, ["id", "office_id", "name", "starts_on", "ends_on"])
        self.rounds = writer.table(
            Round,
            ["id", "office_id", "term_id", "ordinal", "planned_start", "planned_end", "status"],
        )
        self.teams = writer.table(Team, ["id", "round_id", "name"])
        self.memberships = writer.table(TeamMembership, ["id", "team_id", "user_id", "role"])
        self.assignments = writer.table(
            Assignment,
            ["id", "round_id", "team_id", "target_id", "phase", "on_site_from", "on_site_until"],
        )
        self.feedback = writer.table(
            Feedback,
            ["id", "assignment_id", "delivered_on", "recipients", "top_official", "issued_by_id"],
        )
        self.findings = writer.table(
            Finding,
            [
                "id",
                "assignment_id",
                "number",
                "title",
                "summary",
                "source",
                "category_id",
                "status",
                "prepared_by_id",
                "prepared_on",
                "signed_by_id",
                "accepted_by_id",
                "feedback_id",
            ],
        )
        self.plans = writer.table(
            RectificationPlan,
            [
                "id",
                "assignment_id",
                "due_on",
                "report_due_on",
                "concentrated_until",
                "status",
                "signed_by_name",
                "signed_at",
                "submitted_at",
            ],
        )
        self.items = writer.table(
            RectificationItem,
            [
                "id",
                "plan_id",
                "office_id",
                "finding_id",
                "measure",
                "responsible_unit",
                "responsible_person",
                "deadline",
                "kind",
                "status",
                "last_progress_at",
                "closed_by_id",
                "closed_at",
            ],
        )
        self.reports = writer.table(ProgressReport, ["id", "item_id", "kind", "text", "by_id"])
        self.leads = writer.table(
            Lead,
            [
                "id",
                "assignment_id",
                "finding_id",
                "number",
                "subject_name",
                "summary",
                "status",
                "registered_by_id",
                "receiving_body_id",
                "transferred_on",
                "outcome_on",
            ],
        )

    # -- the hierarchy ---------------------------------------------------------------------

    def build(self):
        nodes = self._offices()
        targets_of = self._target_counts(nodes)
        for number, node in enumerate(nodes):
            self._office_work(node, targets_of[node.id], between_terms=self._between(number))
        return self.writer.finish()

    def _between(self, number):
        """Every so many offices is between two terms; never the top office, whose figures the
        benchmark reads."""
        every = self.scale.between_terms_every
        return number > 0 and number % every == every - 1

    def _offices(self):
        nodes = []
        parents = [None]
        for level, count in self.scale.offices:
            current = []
            for index in range(count):
                parent = parents[index * len(parents) // count]
                siblings = sum(1 for node in current if node.parent is parent)
                code = f"{parent.code}-{siblings + 1:02d}" if parent else "BZ"
                node = OfficeNode(id=self.offices.next_id(), code=code, level=level, parent=parent)
                self._office_rows(node)
                current.append(node)
            nodes += current
            parents = current
        return nodes

    def _office_rows(self, node):
        parent_region = node.parent.region_id if node.parent else None
        node.region_id = self.regions.next_id()
        self.regions.add(node.region_id, f"B{node.code}", f"基准{node.code}地区", parent_region)
        if node.level == Level.COUNTY:
            for number in range(TOWNSHIPS_PER_COUNTY):
                region_id = self.regions.next_id()
                name = TOWNSHIPS[number % len(TOWNSHIPS)]
                self.regions.add(region_id, f"B{node.code}-{number + 1}", name, node.region_id)
                node.townships.append(region_id)
        name = f"基准{node.code}{LEVEL_NAMES[node.level]}巡察工作领导小组办公室"
        self.offices.add(
            node.id, node.code, name, node.level, node.parent.id if node.parent else None,
            node.region_id,
        )  # fmt: skip
        node.staff = self._person(node, staff_username(node.code), is_office_staff=True)
        if node.code in self.scale.read_offices:
            self._person(node, leadership_username(node.code), is_leadership=True)
        node.body = self.bodies.next_id()
        self.bodies.add(node.body, node.id, "纪委监委", ReceivingBody.Kind.DISCIPLINE)
        for position, (code, name) in enumerate(CATEGORIES, start=1):
            category = self.categories.next_id()
            self.categories.add(category, node.id, code, name, position)
            node.categories.append(category)

    def _member(self, node, team):
        """The team member whose pages the benchmark reads: on the team of the liaison's
        target."""
        user = self._person(node, member_username(node.code))
        self.memberships.add(self.memberships.next_id(), team, user, TeamMembership.Role.MEMBER)

    def _liaison(self, node, target):
        """The unit liaison whose pages the benchmark reads: at the read office's first target
        with a rectification plan."""
        user = self.users.next_id()
        self.users.add(user, liaison_username(node.code), "!", self.now)
        self.profiles.add(self.profiles.next_id(), user, "联络员", None, False, False)
        self.liaisons.add(self.liaisons.next_id(), target, user, True, self.today)

    def _person(self, node, username, **role):
        user = self.users.next_id()
        # An unusable password: the benchmark logs its people in without one.
        self.users.add(user, username, "!", self.now)
        self.profiles.add(
            self.profiles.next_id(),
            user,
            username,
            node.id,
            role.get("is_office_staff", False),
            role.get("is_leadership", False),
        )
        return user

    def _target_counts(self, nodes):
        own = self.scale.own_targets
        counties = [node for node in nodes if node.level == Level.COUNTY]
        left = self.scale.targets - sum(own.get(node.level, 0) for node in nodes)
        share, extra = divmod(left, len(counties))
        counts = {node.id: own.get(node.level, 0) for node in nodes}
        for index, node in enumerate(counties):
            counts[node.id] = share + (1 if index < extra else 0)
        return counts

    # -- one office's work -----------------------------------------------------------------

    def _office_work(self, node, target_count, *, between_terms):
        targets = self._targets(node, target_count)
        rng = self.rng
        jitter = rng.randint(-150, 150)
        if between_terms:
            previous_end = self.today - datetime.timedelta(days=20 + rng.randint(0, 40))
        else:
            current_start = self.today - datetime.timedelta(days=900 + jitter)
            previous_end = current_start - datetime.timedelta(days=1)
        previous_start = previous_end - datetime.timedelta(days=TERM_DAYS)
        previous = self._term(node, "第一届", previous_start, previous_end)
        order = targets[:]
        rng.shuffle(order)
        self._previous_rounds(node, previous, previous_start, order)
        if not between_terms:
            current_end = current_start + datetime.timedelta(days=TERM_DAYS)
            current = self._term(node, "第二届", current_start, current_end)
            rng.shuffle(order)
            self._current_rounds(node, current, current_start, order)

    def _targets(self, node, count):
        mix = MIX.get(node.level, MIX["upper"])
        kinds = [row[0] for row in mix]
        weights = [row[1] for row in mix]
        names = {row[0]: row[2] for row in mix}
        counters = {}
        ids = []
        for kind in self.rng.choices(kinds, weights, k=count):
            number = counters[kind] = counters.get(kind, 0) + 1
            pool = names[kind]
            base = pool[number % len(pool)] if pool else CODE_PREFIX[kind]
            region = node.region_id
            if node.townships and kind != Category.DEPARTMENT:
                region = node.townships[number % len(node.townships)]
            target = self.targets.next_id()
            self.targets.add(
                target,
                node.id,
                f"{CODE_PREFIX[kind]}{number:05d}",
                f"{node.code}{base}{number}",
                kind,
                region,
                self.rng.random() >= 0.02,
            )
            ids.append(target)
        return ids

    def _term(self, node, name, starts_on, ends_on):
        term = self.terms.next_id()
        self.terms.add(term, node.id, name, starts_on, ends_on)
        return term

    def _round(self, node, term, ordinal, start, status):
        round_id = self.rounds.next_id()
        end = start + datetime.timedelta(days=ROUND_DAYS)
        self.rounds.add(round_id, node.id, term, ordinal, start, end, status)
        return round_id, end

    def _assign(self, round_id, start, end, targets, phase_of):
        """Assign `targets` in the round, a team to every few; returns
        [(id, target, phase, team)]."""
        made = []
        team = None
        for index, target in enumerate(targets):
            if index % ASSIGNMENTS_PER_TEAM == 0:
                team = self.teams.next_id()
                self.teams.add(team, round_id, f"第{index // ASSIGNMENTS_PER_TEAM + 1}巡察组")
            phase = phase_of()
            on_site = phase != Phase.PREPARATION
            assignment = self.assignments.next_id()
            self.assignments.add(
                assignment,
                round_id,
                team,
                target,
                phase,
                start if on_site else None,
                end if on_site else None,
            )
            made.append((assignment, target, phase, team))
        return made

    def _previous_rounds(self, node, term, starts_on, order):
        inspected = order[: int(len(order) * 0.92)]
        span = TERM_DAYS // PREVIOUS_ROUNDS
        for index in range(PREVIOUS_ROUNDS):
            start = starts_on + datetime.timedelta(days=index * span + 10)
            round_id, end = self._round(node, term, index + 1, start, RoundStatus.COMPLETED)
            chunk = inspected[index::PREVIOUS_ROUNDS]
            self._assign(round_id, start, end, chunk, lambda: Phase.CLOSED)

    def _current_rounds(self, node, term, starts_on, order):
        rng = self.rng
        count = self.scale.rounds[node.level]
        span = TERM_DAYS // count
        size = math.ceil(len(order) / count)
        cancels = rng.random() < 0.1
        covered = []
        planned_one = False
        for index in range(count):
            start = starts_on + datetime.timedelta(days=index * span + 10)
            end = start + datetime.timedelta(days=ROUND_DAYS)
            chunk = order[index * size : (index + 1) * size]
            if end < self.today:
                status = RoundStatus.COMPLETED
                if cancels and index == 1:
                    status, cancels = RoundStatus.CANCELLED, False
            elif start <= self.today:
                status = RoundStatus.IN_PROGRESS
                # Look-back: a few targets inspected earlier in the term, inspected again.
                chunk = chunk + rng.sample(covered, min(len(covered), len(chunk) // 20))
            else:
                status = RoundStatus.PLANNED
                if planned_one:
                    chunk = []
                planned_one = True
            round_id, end = self._round(node, term, index + 1, start, status)
            made = self._assign(round_id, start, end, chunk, self._phases(status, end))
            if status != RoundStatus.CANCELLED:
                covered += [
                    target for _id, target, phase, _team in made if phase != Phase.PREPARATION
                ]
            for assignment, target, phase, team in made:
                if status != RoundStatus.CANCELLED:
                    self._work(node, assignment, target, phase, end, team)

    def _phases(self, status, end):
        rng = self.rng
        if status == RoundStatus.PLANNED:
            return lambda: Phase.PREPARATION
        if status == RoundStatus.CANCELLED:
            return lambda: Phase.ON_SITE
        if status == RoundStatus.IN_PROGRESS:
            return lambda: rng.choices(
                [Phase.PREPARATION, Phase.ON_SITE, Phase.REPORTING], [1, 6, 3]
            )[0]
        age = (self.today - end).days
        if age > 540:
            mix = [(Phase.CLOSED, 9), (Phase.EVALUATION, 1)]
        elif age > 360:
            mix = [(Phase.CLOSED, 4), (Phase.EVALUATION, 4), (Phase.RECTIFICATION, 2)]
        elif age > 120:
            mix = [(Phase.EVALUATION, 2), (Phase.RECTIFICATION, 8)]
        else:
            mix = [(Phase.FEEDBACK, 5), (Phase.RECTIFICATION, 5)]
        phases = [phase for phase, _weight in mix]
        weights = [weight for _phase, weight in mix]
        return lambda: rng.choices(phases, weights)[0]

    # -- findings, rectification and leads ------------------------------------------------

    def _work(self, node, assignment, target, phase, round_end, team):
        rng = self.rng
        if phase in (Phase.ON_SITE, Phase.REPORTING):
            for number in range(rng.randint(0, 2)):
                status = rng.choice([Finding.Status.DRAFT, Finding.Status.SIGNED])
                signed = node.staff if status == Finding.Status.SIGNED else None
                self._finding(node, assignment, number, status, round_end, signed, None, None)
            return
        if phase not in FED_BACK_PHASES:
            return
        delivered = round_end + datetime.timedelta(days=10)
        feedback = self.feedback.next_id()
        self.feedback.add(feedback, assignment, delivered, "领导班子", "书记", node.staff)
        fed_back = Finding.Status.FED_BACK
        signer = node.staff
        findings = [
            self._finding(node, assignment, number, fed_back, round_end, signer, signer, feedback)
            for number in range(rng.choice(self.scale.findings_per_feedback))
        ]
        if phase in PLANNED_PHASES:
            self._plan(node, assignment, phase, delivered, findings)
            if node.code in self.scale.read_offices and node.code not in self.people_made:
                self._liaison(node, target)
                self._member(node, team)
                self.people_made.add(node.code)
        if rng.random() < 0.125:
            self._lead(node, assignment, findings[0], delivered)

    def _finding(self, node, assignment, number, status, round_end, signed, accepted, feedback):
        finding = self.findings.next_id()
        self.findings.add(
            finding,
            assignment,
            f"{number + 1:03d}",
            "落实主体责任不到位",
            "基准数据：问题摘要。",
            Finding.Source.DOCUMENT,
            self.rng.choice(node.categories),
            status,
            node.staff,
            round_end,
            signed,
            accepted,
            feedback,
        )
        return finding

    def _plan(self, node, assignment, phase, delivered, findings):
        signed_at = self.now - datetime.timedelta(days=(self.today - delivered).days - 25)
        plan = accepted_plan(self.plans, assignment, delivered, signed_at)
        for finding in findings:
            for _item in range(self._draw(self.scale.items_per_finding)):
                self._item(node, plan, finding, phase, delivered)

    def _item(self, node, plan, finding, phase, delivered):
        rng = self.rng
        kinds = [ItemKind.IMMEDIATE, ItemKind.IN_PERIOD, ItemKind.LONG_TERM]
        kind = rng.choices(kinds, [2, 7, 1])[0]
        days = {ItemKind.IMMEDIATE: 15, ItemKind.IN_PERIOD: rng.randint(90, 240)}
        deadline = delivered + datetime.timedelta(days=days.get(kind, 365))
        if kind == ItemKind.LONG_TERM:
            reported = rng.random() < (0.95 if phase != Phase.RECTIFICATION else 0.7)
            status = ItemStatus.IN_PROGRESS if reported else ItemStatus.NOT_STARTED
        else:
            closed_share = {Phase.CLOSED: 1.0, Phase.EVALUATION: 0.85}.get(
                phase, 0.6 if deadline < self.today else 0.3
            )
            if rng.random() < closed_share:
                status = ItemStatus.CLOSED
            else:
                status = rng.choice(
                    [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.CLAIMED]
                )
            reported = status != ItemStatus.NOT_STARTED
        closed_at = None
        if status == ItemStatus.CLOSED:
            # Most are closed in time, some late; never in the future.
            closed_on = min(deadline + datetime.timedelta(days=rng.randint(-30, 10)), self.today)
            closed_at = self.now - datetime.timedelta(days=(self.today - closed_on).days)
        progress_at = self.now - datetime.timedelta(days=rng.randint(1, 60)) if reported else None
        item = self.items.next_id()
        self.items.add(
            item,
            plan,
            node.id,
            finding,
            "建立健全制度并抓好落实",
            "办公室",
            "主任",
            deadline,
            kind,
            status,
            progress_at,
            node.staff if closed_at else None,
            closed_at,
        )
        if reported:
            self._reports(node, item, kind, status)

    def _draw(self, choices):
        """One of `choices`, by one uniform draw (none when there is only one choice), so the
        small data set the tests load comes out the same whatever a larger scale asks for."""
        if len(choices) == 1:
            return choices[0]
        return choices[int(self.rng.random() * len(choices))]

    def _reports(self, node, item, kind, status):
        """Progress reports on a measure reported on: periodic ones on a long-term measure;
        otherwise progress, the last one a claim of completion once claimed or closed."""
        count = self._draw(self.scale.reports_per_item)
        claimed = status in (ItemStatus.CLAIMED, ItemStatus.CLOSED)
        for number in range(count):
            if kind == ItemKind.LONG_TERM:
                report_kind, text = ProgressReport.Kind.PERIODIC, "持续整改。"
            elif claimed and number == count - 1:
                report_kind, text = ProgressReport.Kind.CLAIM, "已完成整改。"
            else:
                report_kind, text = ProgressReport.Kind.PROGRESS, "正在推进整改。"
            self.reports.add(self.reports.next_id(), item, report_kind, text, node.staff)

    def _lead(self, node, assignment, finding, delivered):
        statuses = [status for status, _weight in LEAD_OUTCOMES]
        weights = [weight for _status, weight in LEAD_OUTCOMES]
        status = self.rng.choices(statuses, weights)[0]
        transferred = status != LeadStatus.REGISTERED
        outcome = status not in (LeadStatus.REGISTERED, LeadStatus.TRANSFERRED)
        transferred_on = delivered + datetime.timedelta(days=5)
        self.leads.add(
            self.leads.next_id(),
            assignment,
            finding,
            "L001",
            "某某",
            "基准数据：线索摘要。",
            status,
            node.staff,
            node.body if transferred else None,
            transferred_on if transferred else None,
            transferred_on + datetime.timedelta(days=60) if outcome else None,
        )


def load(scale, *, today, now):
    """Write the data set of `scale` into the default database, dated around `today`; returns
    {model label: rows written}. Run it in a transaction: the tables are written parents first,
    but a child's rows may be sent before its parent's last ones."""
    rows = Loader(scale, today, now).build()
    # The refreshes below read the tables just written through their indexes; with no
    # statistics yet, PostgreSQL planned them as over empty tables, and a nation's took hours.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Where each problem stands, as the services keep it while they write its items.
    problem_states_refresh_all()
    rows["rectification.ProblemState"] = ProblemState.objects.count()
    # When each target was last inspected, as the services keep it while they assign teams.
    last_inspected_refresh_all()
    return rows
