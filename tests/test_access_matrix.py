"""Who sees what: every scoped selector against every role, on one world (tests/world.py).

The rule (the access-control issue): office staff see all of their office; the leadership group
the same without leads; the team leader the team's work and its leads; a deputy the same without
leads unless granted `view_leads`; a member its team's work but not the others' drafts; a
specialist granted `view_assignment` the same on that one assignment; a unit liaison, after
feedback, only what was fed back to its unit; a receiving officer only the leads transferred to
its body; an administrator, an outsider and an anonymous visitor nothing.

Each case compares the exact set of rows a selector returns with the set the rule allows, so a
leak and a gap both fail. The world is built once for the module (about a second of service
calls) inside a transaction rolled back at the end; each test runs in its own savepoint.
"""

import pytest
from django.test import override_settings

from core.errors import DomainError
from rectification.selectors import (
    evaluations_visible_to,
    filings_visible_to,
    items_visible_to,
    plans_visible_to,
    progress_attachments_visible_to,
    progress_reports_visible_to,
    reports_visible_to,
)
from rounds import services as rounds_services
from rounds.selectors import (
    assignments_visible_to,
    evidence_visible_to,
    feedback_visible_to,
    findings_visible_to,
    leads_visible_to,
    rounds_visible_to,
    suggestions_visible_to,
    targets_visible_to,
    teams_visible_to,
)
from tests.module_data import built_once
from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]

SELECTORS = {
    "targets": targets_visible_to,
    "rounds": rounds_visible_to,
    "teams": teams_visible_to,
    "assignments": assignments_visible_to,
    "findings": findings_visible_to,
    "evidence": evidence_visible_to,
    "leads": leads_visible_to,
    "suggestions": suggestions_visible_to,
    "feedback": feedback_visible_to,
    "plans": plans_visible_to,
    "items": items_visible_to,
    "progress_reports": progress_reports_visible_to,
    "progress_attachments": progress_attachments_visible_to,
    "evaluations": evaluations_visible_to,
    "rectification_reports": reports_visible_to,
    "filings": filings_visible_to,
}


def sees(**rows):
    """What a role sees, selector by selector; a selector not named shows it nothing."""
    unknown = set(rows) - set(SELECTORS)
    assert not unknown, f"no such selector: {unknown}"
    return {name: frozenset(rows.get(name, ())) for name in SELECTORS}


def merge(*views, **replacing):
    """The union of several views, with some selectors' sets replaced."""
    merged = {name: frozenset().union(*(view[name] for view in views)) for name in SELECTORS}
    merged.update({name: frozenset(rows) for name, rows in replacing.items()})
    return merged


NOTHING = sees()
A1_DRAFTS = {"A1 draft by member 1", "A1 draft by member 2"}
A1_SHARED_FINDINGS = {"A1 reviewed", "A1 signed", "A1 returned", "A1 accepted", "A1 fed back"}
A1_SHARED_EVIDENCE = {
    "evidence on A1 accepted",
    "internal evidence on A1 fed back",
    "public evidence on A1 fed back",
}
# What was fed back to the unit of an assignment: its liaison's whole world.
A1_FED_BACK = sees(
    targets={"T1"},
    assignments={"A1"},
    findings={"A1 fed back"},
    evidence={"public evidence on A1 fed back"},
    suggestions={"A1 suggestion fed back"},
    feedback={"A1 feedback"},
    plans={"A1 plan"},
    items={"A1 item"},
    progress_reports={"A1 report"},
    progress_attachments={"A1 attachment"},
    rectification_reports={"A1 rectification report"},
    filings={"A1 filing"},
)
A2_FED_BACK = sees(
    targets={"T2"},
    assignments={"A2"},
    findings={"A2 fed back"},
    evidence={"evidence on A2 fed back"},
    suggestions={"A2 suggestion"},
    feedback={"A2 feedback"},
    plans={"A2 plan"},
    items={"A2 item"},
    progress_reports={"A2 report"},
    progress_attachments={"A2 attachment"},
    rectification_reports={"A2 rectification report"},
    filings={"A2 filing"},
)
A1_ALL = merge(
    A1_FED_BACK,
    sees(
        rounds={"round A"},
        teams={"team 1"},
        findings=A1_DRAFTS | A1_SHARED_FINDINGS,
        evidence=A1_SHARED_EVIDENCE | {"evidence on A1 draft by member 2"},
        leads={"A1 registered lead", "A1 lead to B_A"},
        suggestions={"A1 suggestion kept back"},
        evaluations={"A1 evaluation"},
    ),
)
A2_ALL = merge(
    A2_FED_BACK,
    sees(
        rounds={"round A"},
        teams={"team 2"},
        findings={"A2 draft"},
        leads={"A2 lead to B_A"},
        evaluations={"A2 evaluation"},
    ),
)
# Not fed back yet: the unit waits, the office and team 2 see it.
A3_ALL = sees(
    targets={"T3"},
    assignments={"A3"},
    findings={"A3 accepted"},
    evidence={"evidence on A3 accepted"},
    suggestions={"A3 suggestion"},
)
B1_ALL = sees(
    targets={"TB"},
    rounds={"round B"},
    teams={"team B"},
    assignments={"B1"},
    findings={"B1 draft", "B1 fed back"},
    evidence={"evidence on B1 fed back"},
    leads={"B1 lead to B_B"},
    suggestions={"B1 suggestion"},
    feedback={"B1 feedback"},
    plans={"B1 plan"},
    items={"B1 item"},
    progress_reports={"B1 report"},
    progress_attachments={"B1 attachment"},
    rectification_reports={"B1 rectification report"},
    filings={"B1 filing"},
    evaluations={"B1 evaluation"},
)

# role -> selector -> the exact rows the role must see.
MATRIX = {
    "office_staff_a": merge(A1_ALL, A2_ALL, A3_ALL),
    "leadership_a": merge(A1_ALL, A2_ALL, A3_ALL, leads=()),
    "leader_1": A1_ALL,
    "deputy_1": merge(A1_ALL, leads=()),
    "deputy_1_with_leads": A1_ALL,
    "member_1": merge(
        A1_ALL,
        leads=(),
        findings=A1_SHARED_FINDINGS | {"A1 draft by member 1"},
        evidence=A1_SHARED_EVIDENCE,
    ),
    "member_2": merge(
        A1_ALL,
        leads=(),
        findings=A1_SHARED_FINDINGS | {"A1 draft by member 2"},
        evidence=A1_SHARED_EVIDENCE | {"evidence on A1 draft by member 2"},
    ),
    "specialist": merge(A1_ALL, leads=(), findings=A1_SHARED_FINDINGS, evidence=A1_SHARED_EVIDENCE),
    "liaison_t1": A1_FED_BACK,
    "liaison_t2": A2_FED_BACK,
    # Its own unit, which it knows anyway; nothing of the inspection before feedback.
    "liaison_t3_before_feedback": sees(targets={"T3"}),
    "officer_of_b_a": sees(leads={"A1 lead to B_A", "A2 lead to B_A"}),
    "officer_of_b_b": sees(leads={"B1 lead to B_B"}),
    "office_staff_b": B1_ALL,
    "admin": NOTHING,
    "outsider": NOTHING,
    "anonymous": NOTHING,
}


def _cases():
    for role, view in MATRIX.items():
        for name, selector in SELECTORS.items():
            yield pytest.param(role, selector, view[name], id=f"{role}-{selector.__name__}")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back after the module's last test (or a failure)."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("world-media")),
        built_once(django_db_blocker, build_world) as world,
    ):
        yield world


@pytest.fixture
def world(built, db):
    """The world, inside this test's own savepoint."""
    return built


def test_the_matrix_names_every_role_of_the_world(world):
    assert set(MATRIX) == set(world.people)


@pytest.mark.parametrize("name", SELECTORS)
def test_every_row_a_selector_can_return_has_a_label(world, name):
    """Otherwise "sees exactly" would say nothing about unlabelled rows."""
    model = SELECTORS[name](world.people["office_staff_a"]).model
    labels = world.labels(model, model.objects.values_list("pk", flat=True))
    assert not {label for label in labels if label.startswith("unlabelled")}


@pytest.mark.parametrize(("role", "selector", "expected"), list(_cases()))
def test_each_role_sees_exactly_what_the_rule_allows(world, role, selector, expected):
    rows = selector(world.people[role])
    assert world.labels(rows.model, rows.values_list("pk", flat=True)) == expected


# Guessing ids: another office, another target, another team. ---------------------------

GUESSES = [
    # Another office.
    ("office_staff_a", "targets", "TB"),
    ("office_staff_a", "assignments", "B1"),
    ("office_staff_a", "findings", "B1 draft"),
    ("office_staff_a", "evidence", "evidence on B1 fed back"),
    ("office_staff_a", "leads", "B1 lead to B_B"),
    ("office_staff_a", "items", "B1 item"),
    ("office_staff_a", "evaluations", "B1 evaluation"),
    ("leadership_a", "plans", "B1 plan"),
    ("office_staff_b", "findings", "A1 draft by member 2"),
    ("office_staff_b", "leads", "A1 registered lead"),
    ("officer_of_b_a", "leads", "B1 lead to B_B"),
    ("officer_of_b_b", "leads", "A1 lead to B_A"),
    # Another target.
    ("liaison_t1", "targets", "T2"),
    ("liaison_t1", "assignments", "A2"),
    ("liaison_t1", "findings", "A2 fed back"),
    ("liaison_t1", "evidence", "evidence on A2 fed back"),
    ("liaison_t1", "suggestions", "A2 suggestion"),
    ("liaison_t1", "feedback", "A2 feedback"),
    ("liaison_t1", "plans", "A2 plan"),
    ("liaison_t1", "items", "A2 item"),
    ("liaison_t1", "progress_reports", "A2 report"),
    ("liaison_t1", "progress_attachments", "A2 attachment"),
    ("liaison_t2", "findings", "A1 fed back"),
    # The unit's own assignment, before feedback.
    ("liaison_t3_before_feedback", "assignments", "A3"),
    ("liaison_t3_before_feedback", "findings", "A3 accepted"),
    ("liaison_t3_before_feedback", "evidence", "evidence on A3 accepted"),
    ("liaison_t3_before_feedback", "suggestions", "A3 suggestion"),
    # Another team of the same round.
    ("leader_1", "teams", "team 2"),
    ("leader_1", "findings", "A2 draft"),
    ("leader_1", "leads", "A2 lead to B_A"),
    ("leader_1", "evaluations", "A2 evaluation"),
    ("deputy_1_with_leads", "leads", "A2 lead to B_A"),
    ("member_1", "assignments", "A2"),
    ("member_1", "findings", "A2 fed back"),
    ("member_1", "evidence", "evidence on A2 fed back"),
    ("member_1", "suggestions", "A2 suggestion"),
    ("specialist", "assignments", "A2"),
    ("specialist", "findings", "A2 fed back"),
    ("specialist", "teams", "team 2"),
]


@pytest.mark.parametrize(
    ("role", "name", "label"),
    [pytest.param(*guess, id="-".join(guess)) for guess in GUESSES],
)
def test_a_guessed_id_outside_the_scope_finds_nothing(world, role, name, label):
    row = world.rows[label]
    assert type(row).objects.filter(pk=row.pk).exists()
    assert not SELECTORS[name](world.people[role]).filter(pk=row.pk).exists()


# A grant adds an assignment to an inspector's work. ------------------------------------


def everything_seen_by(world, user):
    seen = {}
    for name, selector in SELECTORS.items():
        rows = selector(user)
        seen[name] = world.labels(rows.model, rows.values_list("pk", flat=True))
    return seen


@pytest.mark.parametrize("role", ["liaison_t1", "officer_of_b_a", "outsider"])
def test_an_assignment_is_granted_only_to_an_inspector_of_the_talent_pool(world, role):
    with pytest.raises(DomainError, match="talent pool"):
        rounds_services.assignment_grant(
            assignment=world.rows["A1"],
            user=world.people[role],
            permission="view_assignment",
            by=world.people["office_staff_a"],
        )
    assert everything_seen_by(world, world.people[role]) == MATRIX[role]
