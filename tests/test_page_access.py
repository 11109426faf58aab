"""Who gets which page: every page and action of the rounds app against every role.

One table: a row per page (or POST action), a column per role of tests/world.py. A page out of
a person's scope is 404, never 403 (a 403 would confirm that the id exists) and never 500; an
anonymous visitor is sent to the login page. For POST actions the table also says whether the
action was taken (DO) or refused with nothing changed (NO).

The world is built once for the module (tests/world.py, about a second of service calls) inside
a transaction rolled back at the end, with one more assignment, A4, on site for team 1 so that
filing and sign-off can be taken; each test runs in its own savepoint and its own media folder,
a copy of the world's uploaded files.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import reverse

from rounds import services as rounds
from rounds.models import Assignment, Evidence, Finding
from tests import factories, flows
from tests.module_data import built_once
from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

# What a person gets.
OK = "200"
NF = "404"
IN = "sent to log in"
DO = "done"
NO = "refused, nothing changed"


def _url(name, label=None, *extra):
    """The path of a named page of the rounds app for the world's row `label`."""
    if label is None:
        return lambda world: reverse(name)
    return lambda world: reverse(name, args=[world.rows[label].pk, *extra])


def _status_of(label):
    return lambda world: Finding.objects.get(pk=world.rows[label].pk).status


def _evidence_count(label):
    return lambda world: Evidence.objects.filter(finding=world.rows[label]).count()


def _phase_of(label):
    return lambda world: Assignment.objects.get(pk=world.rows[label].pk).phase


def _no_data(world):
    return {}


@dataclass(frozen=True)
class Page:
    url: Callable
    method: str = "get"
    data: Callable = _no_data
    # For actions: what the action changes, and the page it returns to.
    state: Callable | None = None
    then: Callable | None = None
    # A refused action re-renders its form (400), or redirects back with a message.
    refused_status: int = 400


def finding_act(label, action, comment="页面测试"):
    return Page(
        url=_url("rounds:finding_act", label, action),
        method="post",
        data=lambda world: {"comment": comment},
        state=_status_of(label),
        then=_url("rounds:finding", label),
    )


def evidence_add(label):
    return Page(
        url=_url("rounds:evidence_add", label),
        method="post",
        data=lambda world: {"files": [flows.pdf("补充材料.pdf")]},
        state=_evidence_count(label),
        then=_url("rounds:finding", label),
    )


def phase_step(label, step):
    return Page(
        url=_url("rounds:assignment_step", label, step),
        method="post",
        state=_phase_of(label),
        then=_url("rounds:assignment", label),
        refused_status=302,
    )


PAGES = {
    "home": Page(_url("home")),
    "assignment list": Page(_url("rounds:assignments")),
    "assignment A1": Page(_url("rounds:assignment", "A1")),
    "new paper on A4": Page(_url("rounds:finding_create", "A4")),
    "finding list": Page(_url("rounds:findings")),
    "finding A1 fed back": Page(_url("rounds:finding", "A1 fed back")),
    "finding A1 draft of member 2": Page(_url("rounds:finding", "A1 draft by member 2")),
    "internal evidence": Page(_url("rounds:evidence", "internal evidence on A1 fed back")),
    "evidence shown to unit": Page(_url("rounds:evidence", "public evidence on A1 fed back")),
    "lead list": Page(_url("rounds:leads")),
    "lead A1 to B_A": Page(_url("rounds:lead", "A1 lead to B_A")),
    "sign A4 reviewed": finding_act("A4 reviewed", "sign"),
    "accept A4 signed": finding_act("A4 signed", "accept"),
    "return A1 fed back": finding_act("A1 fed back", "return"),
    "add evidence to A4": evidence_add("A4 reviewed"),
    "move A4 to reporting": phase_step("A4", "reporting"),
}

ROLES = (
    "office_staff_a",
    "leadership_a",
    "leader_1",
    "deputy_1",
    "member_1",
    "specialist",
    "liaison_t1",
    "officer_of_b_a",
    "office_staff_b",
    "outsider",
    "admin",
    "anonymous",
)

# Columns in the order of ROLES: office staff A, leadership group A, leader, deputy, member of
# team 1, specialist granted A1, liaison of T1, officer of receiving body B_A, office staff B,
# outsider, superuser, anonymous.
# fmt: off
MATRIX = {
    #                                offA leaA ldr  dep  mem  spec liai rcv  offB out  adm  anon
    "home":                         (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "assignment list":              (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "assignment A1":                (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "new paper on A4":              (NF,  NF,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "finding list":                 (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "finding A1 fed back":          (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "finding A1 draft of member 2": (OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "internal evidence":            (OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  NF,  IN),
    "evidence shown to unit":       (OK,  OK,  OK,  OK,  OK,  OK,  OK,  NF,  NF,  NF,  NF,  IN),
    "lead list":                    (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  IN),
    "lead A1 to B_A":               (OK,  NF,  OK,  NF,  NF,  NF,  NF,  OK,  NF,  NF,  NF,  IN),
    "sign A4 reviewed":             (NO,  NO,  DO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "accept A4 signed":             (DO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "return A1 fed back":           (NO,  NO,  NO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  IN),
    "add evidence to A4":           (DO,  NO,  DO,  DO,  DO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
    "move A4 to reporting":         (DO,  NO,  NO,  NO,  NO,  NF,  NF,  NF,  NF,  NF,  NF,  IN),
}
# fmt: on


def _add_assignment_on_site(world):
    """A4: team 1 at a new target of office A, on site, with a reviewed and a signed finding."""
    staff, leader = world.people["office_staff_a"], world.people["leader_1"]
    deputy, member = world.people["deputy_1"], world.people["member_1"]
    a1 = world.rows["A1"]
    target = factories.TargetFactory(office=a1.round.office)
    a4 = rounds.assignment_create(round=a1.round, team=a1.team, target=target, by=staff)
    world.rows["A4"] = rounds.assignment_begin_on_site(assignment=a4, by=staff)

    def reviewed():
        finding = rounds.finding_draft(
            assignment=a4,
            by=member,
            title="专项资金未专款专用",
            summary="2023年扶贫专项资金挪用于办公楼维修。",
            source=Finding.Source.DOCUMENT,
            category=world.rows["A1 fed back"].category,
        )
        return rounds.finding_review(finding=finding, by=deputy)

    world.rows["A4 reviewed"] = reviewed()
    world.rows["A4 signed"] = rounds.finding_sign(finding=reviewed(), by=leader)


def _build():
    world = build_world()
    _add_assignment_on_site(world)
    return world


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, in a transaction rolled back after the module's last test (or a failure);
    returns the world and the folder holding its uploaded files."""
    media = tmp_path_factory.mktemp("page-access-media")
    with override_settings(MEDIA_ROOT=media), built_once(django_db_blocker, _build) as world:
        yield world, media


@pytest.fixture
def world(built, db, media_root):
    """The world inside this test's own savepoint, its files copied to this test's media."""
    world, media = built
    shutil.copytree(media, media_root)
    return world


def outcome(client, world, page, user):
    """What the person got: OK, NF, IN, DO, NO, or a description of anything else."""
    if user.is_authenticated:
        client.force_login(user)
    url = page.url(world)
    before = page.state(world) if page.state else None
    response = getattr(client, page.method)(url, page.data(world))
    if response.streaming:
        # Read to the end: the test client then closes the file (response.close() called here
        # would also close the database connection, and with it the module's transaction).
        b"".join(response.streaming_content)
    changed = page.state is not None and page.state(world) != before
    location = response.get("Location")
    login = f"{resolve_url(settings.LOGIN_URL)}?next={quote(url)}"
    if response.status_code == 302 and location == login and not changed:
        return IN
    if response.status_code == 404 and not changed:
        return NF
    if page.method == "get" and response.status_code == 200:
        return OK
    back = page.then(world) if page.then else None
    if changed and response.status_code == 302 and location == back:
        return DO
    refused_where = back if page.refused_status == 302 else None
    if not changed and response.status_code == page.refused_status and location == refused_where:
        return NO
    return f"{response.status_code} to {location}, changed: {changed}"


def _cases():
    for page_name, row in MATRIX.items():
        for role, expected in zip(ROLES, row, strict=True):
            yield pytest.param(page_name, role, expected, id=f"{page_name}-{role}")


def test_the_table_has_a_row_for_every_page_and_a_column_for_every_role(built):
    world, _media = built
    assert set(MATRIX) == set(PAGES)
    assert set(ROLES) <= set(world.people)


@pytest.mark.parametrize(("page_name", "role", "expected"), list(_cases()))
def test_each_role_gets_what_the_rule_allows_on_each_page(client, world, page_name, role, expected):
    assert outcome(client, world, PAGES[page_name], world.people[role]) == expected


# Guessing ids: another office, another body, another target, another team. -----------------

KINDS = {
    "assignment": lambda label: Page(_url("rounds:assignment", label)),
    "new paper": lambda label: Page(_url("rounds:finding_create", label)),
    "finding": lambda label: Page(_url("rounds:finding", label)),
    "evidence": lambda label: Page(_url("rounds:evidence", label)),
    "lead": lambda label: Page(_url("rounds:lead", label)),
    "accept": lambda label: finding_act(label, "accept"),
    "return": lambda label: finding_act(label, "return"),
    "add evidence": evidence_add,
    "step to rectification": lambda label: phase_step(label, "rectification"),
}

GUESSES = [
    # Another office.
    ("office_staff_a", "assignment", "B1"),
    ("office_staff_a", "finding", "B1 draft"),
    ("office_staff_a", "finding", "B1 fed back"),
    ("office_staff_a", "evidence", "evidence on B1 fed back"),
    ("office_staff_a", "lead", "B1 lead to B_B"),
    ("office_staff_a", "return", "B1 fed back"),
    ("office_staff_a", "add evidence", "B1 draft"),
    ("office_staff_a", "step to rectification", "B1"),
    ("office_staff_b", "assignment", "A1"),
    ("office_staff_b", "new paper", "A4"),
    ("office_staff_b", "finding", "A1 draft by member 2"),
    ("office_staff_b", "evidence", "internal evidence on A1 fed back"),
    ("office_staff_b", "lead", "A1 registered lead"),
    ("office_staff_b", "accept", "A4 signed"),
    ("office_staff_b", "add evidence", "A4 reviewed"),
    ("office_staff_b", "step to rectification", "A1"),
    # Another receiving body.
    ("officer_of_b_a", "lead", "B1 lead to B_B"),
    ("officer_of_b_b", "lead", "A1 lead to B_A"),
    ("officer_of_b_a", "lead", "A1 registered lead"),
    # Another target, and the unit's own target before feedback.
    ("liaison_t1", "assignment", "A2"),
    ("liaison_t1", "finding", "A2 fed back"),
    ("liaison_t1", "evidence", "evidence on A2 fed back"),
    ("liaison_t2", "finding", "A1 fed back"),
    ("liaison_t3_before_feedback", "assignment", "A3"),
    ("liaison_t3_before_feedback", "finding", "A3 accepted"),
    ("liaison_t3_before_feedback", "evidence", "evidence on A3 accepted"),
    # Another team of the same round; a grant on another assignment.
    ("leader_1", "assignment", "A2"),
    ("leader_1", "finding", "A2 draft"),
    ("leader_1", "lead", "A2 lead to B_A"),
    ("leader_1", "return", "A2 fed back"),
    ("deputy_1_with_leads", "lead", "A2 lead to B_A"),
    ("member_1", "assignment", "A2"),
    ("member_1", "evidence", "evidence on A2 fed back"),
    ("member_2", "finding", "A1 draft by member 1"),
    ("specialist", "assignment", "A2"),
    ("specialist", "new paper", "A1"),
    ("specialist", "finding", "A4 reviewed"),
]


@pytest.mark.parametrize(
    ("role", "kind", "label"),
    [pytest.param(*guess, id="-".join(guess)) for guess in GUESSES],
)
def test_a_guessed_id_outside_the_scope_is_not_found(client, world, role, kind, label):
    assert outcome(client, world, KINDS[kind](label), world.people[role]) == NF


@pytest.mark.parametrize("name", ["assignment", "finding", "evidence", "lead"])
def test_an_id_that_does_not_exist_is_not_found(client, world, name):
    client.force_login(world.people["office_staff_a"])
    assert client.get(reverse(f"rounds:{name}", args=[987654])).status_code == 404
