"""Each office's own figures, counted by the database from the live tables: the definitions
behind the roll-up across levels (coverage.rollup reads them as stored by
coverage.services.office_figures_refresh).

Every function takes a batch of office ids and returns {office id: counts} for those that have
any, in one query grouped by the office: coverage by the one definition the term page counts
with (rounds.coverage), rectified by the one the rectification figures use
(rectification.progress), leads as counts by status only, never as rows.
"""

from django.db.models import Count, F, Func, IntegerField, OuterRef, Q, Subquery

from coverage.selectors import EFFECTIVE_COVERAGE_PHASES
from organisations.models import Office, Target
from rectification.models import RectificationItem
from rectification.progress import overdue_item, rectification_state
from rounds.coverage import VISIBLE_COVERAGE_PHASES
from rounds.coverage import covered as covered_in_term
from rounds.models import Finding, Lead, Round, Term

# Rounds that have been run: started, or run to the end.
RUN_STATUSES = [Round.Status.IN_PROGRESS, Round.Status.COMPLETED]

LeadStatus = Lead.Status
LEAD_OUTCOMES = {
    "leads_awaiting": LeadStatus.TRANSFERRED,
    "leads_case_opened": LeadStatus.CASE_OPENED,
    "leads_handled": LeadStatus.HANDLED,
    "leads_no_case": LeadStatus.NO_CASE,
    "leads_closed": LeadStatus.CLOSED,
}


def current_term(office_ref, today):
    """The term of the office at `office_ref` running today (the latest to start, should two)."""
    return Subquery(
        Term.objects.filter(office=office_ref, starts_on__lte=today, ends_on__gte=today)
        .order_by("-starts_on", "-pk")
        .values("pk")[:1]
    )


def _count(queryset):
    """How many rows a subquery correlated to the outer row selects, as an expression (a count
    without grouping, so always one row)."""
    counted = queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Subquery(counted, output_field=IntegerField())


def _grouped(queryset, office_path, office_ids, **counts):
    rows = (
        queryset.filter(**{f"{office_path}__in": office_ids})
        .values(rolled_into=F(office_path))
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("rolled_into"): row for row in rows}


def coverage(office_ids, today):
    """The term running today, and in it the office's active targets, those covered (有形) and
    those effectively covered (有效). Each office is counted from indexes: its active targets
    tested against the targets of its term's rounds; a subquery per target took some 18 s at
    national scale. Offices with no term running have a None term and no counts."""
    term = OuterRef(OuterRef("current_term"))
    active = Target.objects.filter(office=OuterRef("pk"), active=True)

    def covered_in(phases):
        return _count(active.filter(covered_in_term(term, phases)))

    offices = (
        Office.objects.filter(pk__in=office_ids)
        .annotate(current_term=current_term(OuterRef("pk"), today))
        .filter(current_term__isnull=False)
        # Named apart from Office's own relations (Office.targets).
        .annotate(
            own_targets=_count(active),
            own_covered=covered_in(VISIBLE_COVERAGE_PHASES),
            own_effective=covered_in(EFFECTIVE_COVERAGE_PHASES),
        )
        .values_list("pk", "current_term", "own_targets", "own_covered", "own_effective")
    )
    return {
        pk: {"term": term, "targets": targets, "covered": covered, "effective": effective}
        for pk, term, targets, covered, effective in offices
    }


def rounds_run(office_ids, today):
    """Rounds started or completed in the office's term running today."""
    rounds = Round.objects.filter(status__in=RUN_STATUSES).filter(
        term_id=current_term(OuterRef("term__office_id"), today)
    )
    return _grouped(rounds, "office_id", office_ids, rounds_run=Count("pk"))


def fed_back(office_ids):
    findings = Finding.objects.filter(status=Finding.Status.FED_BACK)
    return _grouped(findings, "assignment__round__office_id", office_ids, fed_back=Count("pk"))


def rectified(office_ids, today):
    """Fed-back problems rectified (rectification.progress). Asked for in WHERE rather than as
    a filtered count, so that PostgreSQL joins the items once instead of probing them for
    every problem: at national scale that halves the time."""
    findings = (
        Finding.objects.filter(status=Finding.Status.FED_BACK)
        .alias(**rectification_state(today))
        .filter(is_rectified=True)
    )
    return _grouped(findings, "assignment__round__office_id", office_ids, rectified=Count("pk"))


def overdue_items(office_ids, today):
    items = RectificationItem.objects.filter(overdue_item(today))
    return _grouped(
        items, "plan__assignment__round__office_id", office_ids, overdue_items=Count("pk")
    )


def leads(office_ids):
    """Leads transferred to a receiving body, by what became of them."""
    return _grouped(
        Lead.objects.exclude(status=LeadStatus.REGISTERED),
        "assignment__round__office_id",
        office_ids,
        **{name: Count("pk", filter=Q(status=status)) for name, status in LEAD_OUTCOMES.items()},
    )


def counted(office_ids, today):
    """{office id: every figure of OfficeFigures} for each of `office_ids`, zero where none."""
    tables = [
        coverage(office_ids, today),
        rounds_run(office_ids, today),
        fed_back(office_ids),
        rectified(office_ids, today),
        overdue_items(office_ids, today),
        leads(office_ids),
    ]
    figures = {}
    for office_id in office_ids:
        row = {"term": None}
        for table in tables:
            row.update(table.get(office_id, {}))
        figures[office_id] = row
    return figures
