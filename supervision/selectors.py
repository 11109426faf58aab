"""Reads of guidance and supervision visits, always scoped to the person.

Readers of an office (its staff and its leadership group) see every visit to their office or to
an office below it: the visits they made, the visits made to them, and the visits the offices
above made to the offices under them (the province organises the cities' supervision of the
counties, so the city sees what the province found in its counties). A sibling office sees
nothing of another's visits, and a county sees only the visits to itself. Nobody else sees any.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
)

from core.models import StatusChange
from organisations.models import Office
from organisations.selectors import offices_visible_to, viewer_of
from rounds.models import Round
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit

Status = SupervisionFinding.Status


def offices_below(office_id):
    """The offices strictly below an office, down to county level (four levels in all)."""
    return Office.objects.filter(
        Q(parent_id=office_id)
        | Q(parent__parent_id=office_id)
        | Q(parent__parent__parent_id=office_id)
    )


def _base():
    return SupervisionVisit.objects.select_related(
        "upper_office", "lower_office", "round__term", "recorded_by__profile"
    )


def visits_visible_to(user):
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return SupervisionVisit.objects.none()
    return _base().filter(lower_office__in=offices_visible_to(user))


def visits_made(user):
    """The visits the person's office made to offices below it."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return SupervisionVisit.objects.none()
    return _base().filter(upper_office_id=viewer.office_id)


def visits_received(user):
    """The visits made to the person's office by offices above it."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return SupervisionVisit.objects.none()
    return _base().filter(lower_office_id=viewer.office_id)


def overdue_condition(today, prefix=""):
    """A finding (at `prefix`) past its due date and not closed."""
    return Q(**{f"{prefix}due_on__lt": today}) & ~Q(**{f"{prefix}status": Status.CLOSED})


def with_finding_counts(queryset, today):
    """Annotate each visit with `findings_total`, `findings_open` (not closed) and
    `findings_overdue`, counted in the same query."""
    return queryset.annotate(
        findings_total=Count("findings"),
        findings_open=Count("findings", filter=~Q(findings__status=Status.CLOSED)),
        findings_overdue=Count("findings", filter=overdue_condition(today, "findings__")),
    )


def with_open_findings(queryset):
    open_ = SupervisionFinding.objects.filter(visit=OuterRef("pk")).exclude(status=Status.CLOSED)
    return queryset.filter(Exists(open_))


def with_overdue_findings(queryset, today):
    late = SupervisionFinding.objects.filter(visit=OuterRef("pk")).filter(overdue_condition(today))
    return queryset.filter(Exists(late))


def findings_visible_to(user):
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return SupervisionFinding.objects.none()
    return SupervisionFinding.objects.filter(
        visit__lower_office__in=offices_visible_to(user)
    ).select_related("visit__upper_office", "visit__lower_office")


def with_overdue(queryset, today):
    """Annotate `overdue_by`: how long past its due date a finding not yet closed is (a
    duration; None when it is not overdue)."""
    return queryset.annotate(
        overdue_by=Case(
            When(overdue_condition(today), then=Value(today) - F("due_on")),
            default=None,
            output_field=DurationField(),
        )
    )


def counts_by_office_visited(user, today):
    """Per office visited: its findings, those not closed and those overdue, by aggregation."""
    return (
        findings_visible_to(user)
        .values("visit__lower_office_id", "visit__lower_office__name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=~Q(status=Status.CLOSED)),
            overdue=Count("pk", filter=overdue_condition(today)),
        )
        .order_by("-overdue", "-open", "visit__lower_office__name")
    )


# The choices of the forms ----------------------------------------------------------------


def offices_to_visit(user):
    """The offices the person's office may visit: those strictly below it."""
    viewer = viewer_of(user)
    if not viewer.is_office_staff or viewer.office_id is None:
        return Office.objects.none()
    return offices_below(viewer.office_id).order_by("level", "code")


def rounds_to_focus_on(user):
    """The rounds of the offices below the person's office, each with its office."""
    return (
        Round.objects.filter(office__in=offices_to_visit(user))
        .select_related("office", "term")
        .order_by("office__code", "-planned_start")
    )


def people_of(office_id):
    """The people of an office, who may have gone on its visits."""
    return (
        get_user_model()
        .objects.filter(profile__office_id=office_id, is_active=True)
        .select_related("profile")
        .order_by("profile__name", "pk")
    )


# One visit's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpEntry:
    """One line of a finding's follow-up: a report of the visited office or a decision of the
    visiting office."""

    at: datetime
    by: object
    kind: str  # "report" or a status the finding was moved to (closed, returned)
    text: str
    followup: SupervisionFollowUp | None = None


def findings_of_visit(visit, today):
    """The visit's findings, with their follow-up reports and `overdue_by`."""
    reports = SupervisionFollowUp.objects.select_related("by__profile")
    return with_overdue(
        SupervisionFinding.objects.filter(visit=visit).prefetch_related(
            Prefetch("followups", queryset=reports)
        ),
        today,
    )


def follow_up_histories(findings):
    """Each finding's reports and the decisions on them, oldest first: {finding pk: [entry]}.

    One query for the decisions of all the findings; the reports come prefetched.
    """
    findings = list(findings)
    decisions = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(SupervisionFinding),
        object_id__in=[finding.pk for finding in findings],
        field="status",
        to_value__in=[Status.CLOSED, Status.RETURNED],
    ).select_related("by__profile")
    histories = {
        finding.pk: [
            FollowUpEntry(
                at=report.created_at, by=report.by, kind="report", text=report.text, followup=report
            )
            for report in finding.followups.all()
        ]
        for finding in findings
    }
    for change in decisions:
        histories[change.object_id].append(
            FollowUpEntry(at=change.at, by=change.by, kind=change.to_value, text=change.comment)
        )
    for entries in histories.values():
        entries.sort(key=lambda entry: entry.at)
    return histories


def followups_visible_to(user):
    return SupervisionFollowUp.objects.filter(finding__in=findings_visible_to(user))
