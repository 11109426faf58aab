"""What is reminded, to whom, and when, for the small tables: assignments, rounds, terms and
leads (items, the large table, are in item_rules.py).

A rule yields, for one office on one day, querysets of subjects in one threshold each (see
bands.py); the sweep walks each queryset in batches and turns rows into reminders. Rules only
read; they never change what they remind about.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations.models import Liaison, Profile, Target
from rectification.clocks import add_months, plan_clocks, policy_for
from rectification.models import RectificationPlan
from reminders import bands
from reminders.models import Kind, Reminder
from rounds.coverage import VISIBLE_COVERAGE_PHASES, assignments_counting_for
from rounds.models import Assignment, Lead, Round, TeamMembership, Term, round_label

PlanStatus = RectificationPlan.Status
Phase = Assignment.Phase


def liaisons_of(target_ids):
    """target id → the active liaisons' user ids."""
    found = {}
    rows = Liaison.objects.filter(target_id__in=set(target_ids), active=True, user__is_active=True)
    for target_id, user_id in rows.values_list("target_id", "user_id"):
        found.setdefault(target_id, []).append(user_id)
    return found


def office_staff_of(office):
    return list(
        Profile.objects.filter(office=office, is_office_staff=True, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def leader_and_office_staff(rows, office):
    """Assignment rows (with `team_id`) → the office's staff and the team's leader."""
    leaders = dict(
        TeamMembership.objects.filter(
            team_id__in={row["team_id"] for row in rows}, role=TeamMembership.Role.LEADER
        ).values_list("team_id", "user_id")
    )
    staff = office_staff_of(office)
    return {
        row["pk"]: staff + ([leaders[row["team_id"]]] if row["team_id"] in leaders else [])
        for row in rows
    }


def not_yet(kind, model_threshold=None):
    """Subjects without a reminder of this kind at this threshold (to anyone)."""
    reminders = Reminder.objects.filter(subject_id=OuterRef("pk"), kind=kind)
    if model_threshold is not None:
        reminders = reminders.filter(threshold=model_threshold)
    return ~Exists(reminders)


class Rule:
    kind: str
    model: type
    fields: tuple
    # The path from `model` to the office whose rule it is, where the rule says which subjects
    # it could ever remind of on a day (`subjects`): a sweep then asks once, for all its
    # offices, which have any, and an office with none costs the rule no query of its own.
    office_field = None

    def subjects(self, today):
        """Every subject the rule might remind of on `today`, whatever the office's policy."""
        raise NotImplementedError

    def subjects_of(self, office, today):
        return self.subjects(today).filter(**{self.office_field: office})

    def offices_with_subjects(self, today, office_ids=None):
        """The ids of the offices (of `office_ids`, else of all) with any subject on `today`,
        or None when the rule cannot tell without asking office by office."""
        if self.office_field is None:
            return None
        subjects = self.subjects(today)
        if office_ids is not None:
            subjects = subjects.filter(**{f"{self.office_field}__in": office_ids})
        offices = subjects.order_by().values_list(self.office_field, flat=True).distinct()
        return set(offices)

    def batches(self, office, policy, today):
        """(queryset, threshold) pairs; the threshold may be a callable of the row, returning
        None when the row is not due at any threshold."""
        raise NotImplementedError

    def kind_for(self, threshold):
        return self.kind

    def recipients(self, rows, office):
        """subject id → user ids."""
        raise NotImplementedError

    def describe(self, row):
        """(summary, link, due_on) of one row."""
        raise NotImplementedError


def dated_threshold(due, today, policy):
    """The threshold a thing due on `due` has reached on `today`, or None (see bands.py)."""
    days = (due - today).days
    if days >= 0:
        ahead = [day for day in policy.before if day >= days]
        return min(ahead) if ahead else None
    passed = [day for day in policy.after if day <= -days]
    return -max(passed) if passed else None


class PlanDue(Rule):
    """The unit's plan, due by the clock that feedback started. The assignment is the subject,
    so that a plan not even opened is reminded too; the set is small (assignments fed back
    whose plan is not in force), so thresholds are worked out row by row and the unique
    constraint, not a query, keeps each one single. The report that follows is reminded by
    the database (item_rules.ReportDue)."""

    kind = Kind.PLAN_DUE
    model = Assignment
    fields = ("pk", "round_id", "target_id", "target_name", "delivered_on", "plan_due")
    office_field = "round__office"

    def subjects(self, today):
        return Assignment.objects.filter(
            Q(rectification_plan__isnull=True)
            | Q(rectification_plan__status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED]),
            feedback__isnull=False,
            phase__in=[Phase.FEEDBACK, Phase.RECTIFICATION],
        )

    def batches(self, office, policy, today):
        self._rounds = {round_.pk: round_ for round_ in Round.objects.filter(office=office)}
        for round_ in self._rounds.values():
            round_.office = office
        pending = self.subjects_of(office, today).annotate(
            target_name=F("target__name"),
            delivered_on=F("feedback__delivered_on"),
            plan_due=F("rectification_plan__due_on"),
        )
        yield pending, lambda row: dated_threshold(self.due_of(row), today, policy)

    def kind_for(self, threshold):
        return Kind.PLAN_DUE if threshold >= 0 else Kind.PLAN_OVERDUE

    def recipients(self, rows, office):
        liaisons = liaisons_of(row["target_id"] for row in rows)
        return {row["pk"]: liaisons.get(row["target_id"], []) for row in rows}

    def describe(self, row):
        link = reverse("rectification:assignment", args=[row["pk"]])
        return row["target_name"], link, self.due_of(row)

    def due_of(self, row):
        if row["plan_due"] is not None:
            return row["plan_due"]
        return plan_clocks(self._rounds[row["round_id"]], row["delivered_on"]).due_on


class OnSiteEnds(Rule):
    """The team leader and the office, before the team leaves the site."""

    kind = Kind.ON_SITE_ENDS
    model = Assignment
    fields = ("pk", "on_site_until", "target_name", "team_id")
    office_field = "round__office"

    def subjects(self, today):
        return Assignment.objects.filter(phase=Phase.ON_SITE)

    def batches(self, office, policy, today):
        for band in bands.before(today, [policy.on_site_ends_days]):
            query = (
                self.subjects_of(office, today)
                .filter(**band.lookup("on_site_until"))
                .annotate(target_name=F("target__name"))
                .filter(not_yet(self.kind, band.threshold))
            )
            yield query, band.threshold

    def recipients(self, rows, office):
        return leader_and_office_staff(rows, office)

    def describe(self, row):
        link = reverse("rounds:assignment", args=[row["pk"]])
        return row["target_name"], link, row["on_site_until"]


class AfterOnSiteRule(Rule):
    """The team's report and the office's feedback, due some days after the team leaves the
    site (the office's policy says how many)."""

    model = Assignment
    fields = ("pk", "on_site_until", "target_name", "team_id")
    office_field = "round__office"
    phases: list
    days_field: str

    def subjects(self, today):
        return Assignment.objects.filter(phase__in=self.phases, on_site_until__isnull=False)

    def batches(self, office, policy, today):
        self._days = datetime.timedelta(days=getattr(policy, self.days_field))
        query = self.subjects_of(office, today).annotate(target_name=F("target__name"))
        yield query, lambda row: dated_threshold(self.due_of(row), today, policy)

    def due_of(self, row):
        return row["on_site_until"] + self._days

    def describe(self, row):
        link = reverse("rounds:assignment", args=[row["pk"]])
        return row["target_name"], link, self.due_of(row)


class InspectionReportDue(AfterOnSiteRule):
    """巡视报告: the team leader writes it, the office waits for it."""

    kind = Kind.INSPECTION_REPORT_DUE
    phases = [Phase.ON_SITE, Phase.REPORTING]
    days_field = "inspection_report_days"

    def recipients(self, rows, office):
        return leader_and_office_staff(rows, office)


class FeedbackDue(AfterOnSiteRule):
    kind = Kind.FEEDBACK_DUE
    phases = [Phase.REPORTING]
    days_field = "feedback_days"

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        return {row["pk"]: staff for row in rows}


class RoundEnds(Rule):
    kind = Kind.ROUND_ENDS
    model = Round
    fields = ("pk", "planned_end", "term_name", "ordinal")
    office_field = "office"

    def subjects(self, today):
        return Round.objects.exclude(status__in=[Round.Status.COMPLETED, Round.Status.CANCELLED])

    def batches(self, office, policy, today):
        for band in bands.before(today, [policy.round_ends_days]):
            query = (
                self.subjects_of(office, today)
                .filter(**band.lookup("planned_end"))
                .annotate(term_name=F("term__name"))
                .filter(not_yet(self.kind, band.threshold))
            )
            yield query, band.threshold

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        return {row["pk"]: staff for row in rows}

    def describe(self, row):
        summary = round_label(row["term_name"], row["ordinal"])
        return summary, reverse("rounds:round", args=[row["pk"]]), row["planned_end"]


class CoverageGap(Rule):
    """In the term's final months, each quarter, the office hears how many of its targets are
    still uncovered. The threshold is the number of whole quarters left."""

    kind = Kind.COVERAGE_GAP
    model = Term
    fields = ("pk", "name", "ends_on", "uncovered")
    office_field = "office"

    def subjects(self, today):
        return Term.objects.filter(starts_on__lte=today, ends_on__gte=today)

    def batches(self, office, policy, today):
        covered_in_term = assignments_counting_for(OuterRef(OuterRef("pk"))).filter(
            target=OuterRef("pk"), phase__in=VISIBLE_COVERAGE_PHASES
        )
        uncovered = (
            Target.objects.filter(office=office, active=True)
            .exclude(Exists(covered_in_term))
            .values("office")
            .annotate(count=Count("pk"))
            .values("count")
        )
        query = (
            self.subjects_of(office, today)
            .filter(ends_on__lte=add_months(today, policy.coverage_final_months))
            .annotate(uncovered=Coalesce(Subquery(uncovered[:1]), 0))
            .filter(uncovered__gt=0)
        )

        def quarters_left(row):
            months = (row["ends_on"].year - today.year) * 12 + row["ends_on"].month - today.month
            return months // 3

        yield query, quarters_left

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        return {row["pk"]: staff for row in rows}

    def describe(self, row):
        summary = _("%(term)s: %(count)s targets not covered") % {
            "term": row["name"],
            "count": row["uncovered"],
        }
        return summary, reverse("rounds:rounds"), row["ends_on"]


class LeadOverdue(Rule):
    """A transferred lead with no outcome after the office's months: the office only, and only
    the lead's number, never its content."""

    kind = Kind.LEAD_OVERDUE
    model = Lead
    fields = ("pk", "number", "transferred_on")
    office_field = "assignment__round__office"

    def subjects(self, today):
        return Lead.objects.filter(status=Lead.Status.TRANSFERRED)

    def batches(self, office, policy, today):
        months = policy_for(office).lead_due_months
        self._months = months
        query = (
            self.subjects_of(office, today)
            .filter(transferred_on__lte=add_months(today, -months))
            .filter(not_yet(self.kind, months))
        )
        yield query, months

    def recipients(self, rows, office):
        staff = office_staff_of(office)
        return {row["pk"]: staff for row in rows}

    def describe(self, row):
        due = add_months(row["transferred_on"], self._months)
        return row["number"], reverse("rounds:lead", args=[row["pk"]]), due


RULES = (
    PlanDue(),
    OnSiteEnds(),
    InspectionReportDue(),
    FeedbackDue(),
    RoundEnds(),
    CoverageGap(),
    LeadOverdue(),
)
