"""The benchmark's data set (bench/dataset.py) at small scale, loaded into the test database: it
holds what the pages need, keeps every constraint, and the coverage and roll-up figures read
from it agree with counts made here row by row, independently of the selectors."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from bench import dataset
from bench.scales import SCALES
from coverage.rollup import rollup, rollup_office
from coverage.selectors import EFFECTIVE_COVERAGE_PHASES, term_coverage, term_page
from coverage.services import office_figures_refresh
from organisations.models import Office, Target
from rectification.models import ProgressReport, RectificationItem
from rectification.progress import (
    IN_PROGRESS,
    LATE,
    OVERDUE,
    RECTIFIED,
    problem_state,
    rectification_state,
)
from rounds.coverage import VISIBLE_COVERAGE_PHASES
from rounds.models import Assignment, Finding, Lead, Round, Term
from rounds.selectors import findings_visible_to

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 20)
NOW = datetime.datetime(2026, 5, 20, 2, tzinfo=datetime.UTC)
RUN = {Round.Status.IN_PROGRESS, Round.Status.COMPLETED}
ItemStatus = RectificationItem.Status
ItemKind = RectificationItem.Kind


@pytest.fixture
def loaded():
    rows = dataset.load(SCALES["small"], today=TODAY, now=NOW)
    office_figures_refresh(today=TODAY)
    return rows


@pytest.fixture
def staff(loaded):
    return get_user_model().objects.get(username=dataset.staff_username("BZ"))


@pytest.fixture
def top(loaded):
    return Office.objects.get(code="BZ")


def current_term(office_id):
    running = Term.objects.filter(office_id=office_id, starts_on__lte=TODAY, ends_on__gte=TODAY)
    return running.order_by("-starts_on", "-pk").first()


def assignments():
    """Every assignment with what the rules read, as plain tuples."""
    return list(
        Assignment.objects.values_list(
            "target_id",
            "target__office_id",
            "phase",
            "round__term_id",
            "round__office_id",
            "round__status",
            "round__planned_start",
        )
    )


def covered_by_hand(term, target_ids, phases):
    """The targets among `target_ids` covered in `term`, by the rule read off DOMAIN.md: a
    round of the term, or for another office's target another office's round starting
    within the term; never a cancelled round."""
    found = set()
    for target, target_office, phase, term_id, round_office, status, start in assignments():
        if target not in target_ids or phase not in phases or status == "cancelled":
            continue
        lower = (
            target_office != term.office_id
            and round_office != term.office_id
            and term.starts_on <= start <= term.ends_on
        )
        if term_id == term.pk or lower:
            found.add(target)
    return found


def subtree(office_id):
    children = defaultdict(list)
    for pk, parent in Office.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    found, frontier = [], [office_id]
    while frontier:
        found += frontier
        frontier = [child for pk in frontier for child in children[pk]]
    return found


def rectified_by_hand(finding_ids):
    """Fed-back problems with a live item, every live item with an end closed, and every live
    long-term item reported on (rectification.progress, restated)."""
    reported = set(ProgressReport.objects.values_list("item_id", flat=True))
    items = defaultdict(list)
    for pk, finding, kind, status in RectificationItem.objects.values_list(
        "pk", "finding_id", "kind", "status"
    ):
        if status != ItemStatus.WITHDRAWN:
            items[finding].append((pk, kind, status))

    def rectified(finding):
        live = items[finding]
        return bool(live) and all(
            pk in reported if kind == ItemKind.LONG_TERM else status == ItemStatus.CLOSED
            for pk, kind, status in live
        )

    return sum(1 for finding in finding_ids if rectified(finding))


def row_by_hand(offices):
    """One roll-up row counted here, over the ids `offices`."""
    targets = covered = effective = 0
    for office in offices:
        term = current_term(office)
        if term is None:
            continue
        ids = set(Target.objects.filter(office_id=office, active=True).values_list("pk", flat=True))
        targets += len(ids)
        covered += len(covered_by_hand(term, ids, VISIBLE_COVERAGE_PHASES))
        effective += len(covered_by_hand(term, ids, EFFECTIVE_COVERAGE_PHASES))
    current = {office: getattr(current_term(office), "pk", None) for office in offices}
    rounds_run = sum(
        1
        for office, term, status in Round.objects.filter(office_id__in=offices).values_list(
            "office_id", "term_id", "status"
        )
        if status in RUN and current[office] == term
    )
    fed_back = list(
        Finding.objects.filter(
            status=Finding.Status.FED_BACK, assignment__round__office_id__in=offices
        ).values_list("pk", flat=True)
    )
    overdue = sum(
        1
        for kind, status, deadline in RectificationItem.objects.filter(
            plan__assignment__round__office_id__in=offices
        ).values_list("kind", "status", "deadline")
        if kind != ItemKind.LONG_TERM
        and status not in (ItemStatus.CLOSED, ItemStatus.WITHDRAWN)
        and deadline < TODAY
    )
    leads = Counter(
        Lead.objects.filter(assignment__round__office_id__in=offices).values_list(
            "status", flat=True
        )
    )
    return {
        "coverage": (targets, covered, effective),
        "rounds_run": rounds_run,
        "problems": (len(fed_back), rectified_by_hand(fed_back)),
        "overdue_items": overdue,
        "transferred": sum(leads.values()) - leads[Lead.Status.REGISTERED],
    }


def row_read(row):
    coverage = row.coverage
    return {
        "coverage": (coverage.targets, coverage.covered, coverage.effective),
        "rounds_run": row.rounds_run,
        "problems": (row.fed_back, row.rectified),
        "overdue_items": row.overdue_items,
        "transferred": row.leads.transferred,
    }


def test_the_small_data_set_has_the_offices_and_targets_of_its_scale(loaded):
    assert (Office.objects.count(), Target.objects.count()) == (7, 700)
    assert loaded["organisations.Target"] == 700


def test_the_loaded_rows_keep_every_foreign_key(loaded):
    connection.check_constraints()


def test_rows_made_after_the_load_take_ids_past_the_loaded_ones(loaded, top):
    made = Target.objects.create(office=top, code="NEW", name="新单位", category="other")
    assert made.pk == loaded["organisations.Target"] + 1


def test_the_team_member_reads_the_problems_of_their_team_only(loaded):
    member = get_user_model().objects.get(username=dataset.member_username("BZ"))
    [team] = member.team_memberships.values_list("team_id", flat=True)
    visible = findings_visible_to(member)
    assert visible.exists()
    assert set(visible.values_list("assignment__team_id", flat=True)) == {team}


@pytest.mark.parametrize("code", SCALES["small"].read_offices)
def test_each_read_office_has_its_leadership_group_liaison_and_team_member(loaded, code):
    users = get_user_model().objects.select_related("profile__office")
    leadership = users.get(username=dataset.leadership_username(code))
    assert (leadership.profile.office.code, leadership.profile.is_leadership) == (code, True)
    liaison = users.get(username=dataset.liaison_username(code))
    own_items = RectificationItem.objects.filter(plan__assignment__target__liaisons__user=liaison)
    assert set(own_items.values_list("plan__assignment__round__office__code", flat=True)) == {code}
    member = users.get(username=dataset.member_username(code))
    team_findings = findings_visible_to(member)
    assert set(team_findings.values_list("assignment__round__office__code", flat=True)) == {code}


def test_coverage_is_partial_with_every_phase_and_a_cancelled_round(loaded):
    phases = set(Assignment.objects.values_list("phase", flat=True))
    assert phases == set(Assignment.Phase.values)
    assert Round.objects.filter(status=Round.Status.CANCELLED).exists()
    figures = term_coverage(term=current_term(Office.objects.get(code="BZ").pk))
    assert 0 < figures.effectively_covered < figures.covered < figures.targets


def test_the_term_coverage_of_the_top_office_matches_a_count_by_hand(top):
    term = current_term(top.pk)
    ids = set(Target.objects.filter(office=top, active=True).values_list("pk", flat=True))
    figures = term_coverage(term=term)
    assert (figures.targets, figures.covered, figures.effectively_covered) == (
        len(ids),
        len(covered_by_hand(term, ids, VISIBLE_COVERAGE_PHASES)),
        len(covered_by_hand(term, ids, EFFECTIVE_COVERAGE_PHASES)),
    )


def test_the_coverage_page_with_the_offices_below_matches_a_count_by_hand(staff, top):
    term = current_term(top.pk)
    ids = set(Target.objects.filter(active=True).values_list("pk", flat=True))
    total = term_page(staff, term, below=True, today=TODAY).total
    assert (total.targets, total.covered, total.effectively_covered) == (
        len(ids),
        len(covered_by_hand(term, ids, VISIBLE_COVERAGE_PHASES)),
        len(covered_by_hand(term, ids, EFFECTIVE_COVERAGE_PHASES)),
    )


def test_one_office_is_between_two_terms_and_counts_in_no_coverage(staff, top):
    found = rollup(staff, rollup_office(staff), today=TODAY)
    assert (found.total.offices, found.total.offices_in_term) == (7, 6)


def test_the_own_work_line_of_the_roll_up_matches_a_count_by_hand(staff, top):
    own = rollup(staff, rollup_office(staff), today=TODAY).rows[0]
    assert row_read(own) == row_by_hand([top.pk])


def test_each_office_below_in_the_roll_up_matches_a_count_by_hand(staff):
    _own, *below = rollup(staff, rollup_office(staff), today=TODAY).rows
    assert [row_read(row) for row in below] == [
        row_by_hand(subtree(row.office_id)) for row in below
    ]


def test_the_roll_up_total_matches_a_count_by_hand_and_is_not_trivial(staff, top):
    total = row_read(rollup(staff, rollup_office(staff), today=TODAY).total)
    assert total == row_by_hand(subtree(top.pk))
    assert total["problems"][0] > total["problems"][1] > 0
    assert total["overdue_items"] > 0
    assert total["transferred"] > 0


def test_each_loaded_problem_stands_where_its_items_put_it(loaded):
    fed_back = Finding.objects.filter(status=Finding.Status.FED_BACK)
    annotated = fed_back.annotate(**rectification_state(TODAY), where=problem_state(TODAY))
    states = Counter(
        annotated.values_list("is_rectified", "is_rectified_late", "is_overdue", "where")
    )
    same_rule = {
        (True, False, False, RECTIFIED),
        (True, True, False, LATE),
        (False, False, True, OVERDUE),
        (False, False, False, IN_PROGRESS),
    }
    assert set(states) <= same_rule
    assert len(states) == 4  # the data set has problems in every state


def test_each_loaded_target_was_last_inspected_when_its_latest_round_started(loaded):
    latest = defaultdict(lambda: None)
    assignments = Assignment.objects.exclude(round__status=Round.Status.CANCELLED)
    for target_id, start in assignments.values_list("target_id", "round__planned_start"):
        latest[target_id] = max(start, latest[target_id] or start)
    stored = dict(Target.objects.values_list("pk", "last_inspected_on"))
    assert stored == {pk: latest[pk] for pk in stored}
    assert None in stored.values()  # some targets were never inspected
