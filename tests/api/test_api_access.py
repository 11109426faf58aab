"""Who reaches what through the API: every list and object endpoint against every role of
tests/world.py, held to the same table as the selectors (tests/test_access_matrix.py MATRIX).

A list returns exactly the rows the role may see; an object the role may not see is 404 (never
403, which would confirm the id); an anonymous caller gets 401 everywhere. Because the pages
are held to the same table, a liaison's token reaches what the liaison reaches in the browser and
nothing more.

Transitions are tried by every role too: those the table names pass the role checks (and either
take effect or meet the object's state, 409); anyone else who sees the object gets 403, anyone
who does not gets 404, and the object does not change.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.utils import timezone

from api import services
from tests.api.matrix import all_rows, client_of
from tests.module_data import built_once
from tests.test_access_matrix import MATRIX
from tests.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

# Selector of the access matrix -> the API list that serves it.
LISTS = {
    "targets": "/api/v1/targets/",
    "rounds": "/api/v1/rounds/",
    "teams": "/api/v1/teams/",
    "assignments": "/api/v1/assignments/",
    "findings": "/api/v1/findings/",
    "leads": "/api/v1/leads/",
    "suggestions": "/api/v1/suggestions/",
    "feedback": "/api/v1/feedback/",
    "plans": "/api/v1/rectification-plans/",
    "items": "/api/v1/rectification-items/",
    "progress_reports": "/api/v1/progress-reports/",
    "evaluations": "/api/v1/evaluations/",
    "rectification_reports": "/api/v1/rectification-reports/",
    "filings": "/api/v1/filings/",
}
# Evidence is listed per finding; each piece also has its own address.
OBJECTS = {**LISTS, "evidence": "/api/v1/evidence/"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("world-media")),
        built_once(django_db_blocker, _world_with_tokens) as world,
    ):
        yield world


def _world_with_tokens():
    world = build_world()
    world.keys = {
        role: services.token_issue(user=person, name="matrix")[1]
        for role, person in world.people.items()
        if not isinstance(person, AnonymousUser)
    }
    return world


@pytest.fixture
def world(built, db):
    return built


def _model_of(world, name):
    labels = MATRIX["office_staff_a"][name] | MATRIX["office_staff_b"][name]
    return type(world.rows[next(iter(labels))])


def _cases(endpoints):
    for role in MATRIX:
        for name in endpoints:
            yield pytest.param(role, name, id=f"{role}-{name}")


@pytest.mark.parametrize(("role", "name"), list(_cases(LISTS)))
def test_each_list_holds_exactly_what_the_role_may_see(world, role, name):
    client = client_of(world.keys, role)
    if role == "anonymous":
        assert client.get(LISTS[name]).status_code == 401
        return
    listed = {row["id"] for row in all_rows(client, LISTS[name])}
    assert world.labels(_model_of(world, name), listed) == MATRIX[role][name]


@pytest.mark.parametrize(("role", "name"), list(_cases(OBJECTS)))
def test_each_object_opens_only_for_those_who_may_see_it(world, role, name):
    client = client_of(world.keys, role)
    model = _model_of(world, name)
    expected = 401 if role == "anonymous" else None
    for label, row in world.rows.items():
        if type(row) is not model:
            continue
        status = client.get(f"{OBJECTS[name]}{row.pk}/").status_code
        allowed = 200 if label in MATRIX[role][name] else 404
        assert status == (expected or allowed), f"{role} opening {label}"


@dataclass(frozen=True)
class Act:
    """POST `path` on the world's row `label` (seen through the matrix's `selector`)."""

    selector: str
    label: str
    path: str
    allowed: frozenset
    # What those allowed get: 200 when the action takes effect, 409 when the row's state
    # refuses it (the role checks came first and passed).
    answer: int = 200
    body: dict = field(default_factory=dict)


def _today():
    return str(timezone.localdate())


ACTS = [
    Act(
        "findings",
        "A1 draft by member 1",
        "review",
        frozenset({"leader_1", "deputy_1", "deputy_1_with_leads"}),
    ),
    Act("findings", "A1 reviewed", "sign", frozenset({"leader_1"})),
    Act("findings", "A1 signed", "accept", frozenset({"office_staff_a"})),
    Act(
        "leads",
        "A1 lead to B_A",
        "outcome",
        frozenset({"officer_of_b_a"}),
        body={"outcome": "case_opened", "outcome_on": "today"},
    ),
    Act("rounds", "round A", "complete", frozenset({"office_staff_a"}), answer=409),
    Act("assignments", "A3", "begin-on-site", frozenset({"office_staff_a"}), answer=409),
    # Both plans are past acceptance (their assignments are in evaluation).
    Act("plans", "A2 plan", "accept", frozenset({"office_staff_a"}), answer=409),
    Act(
        "plans",
        "A1 plan",
        "return",
        frozenset({"office_staff_a"}),
        answer=409,
        body={"comment": "补充"},
    ),
    Act("items", "A1 item", "close", frozenset({"office_staff_a"}), answer=409),
    Act(
        "items",
        "A1 item",
        "withdraw",
        frozenset({"office_staff_a", "liaison_t1"}),
        answer=409,
        body={"comment": "重复"},
    ),
]


def _state(row):
    row.refresh_from_db()
    return {name: getattr(row, name) for name in ("status", "phase") if hasattr(row, name)}


def _act_cases():
    for act in ACTS:
        for role in MATRIX:
            yield pytest.param(act, role, id=f"{act.label}-{act.path}-{role}")


@pytest.mark.parametrize(("act", "role"), list(_act_cases()))
def test_each_transition_is_open_only_to_the_roles_that_may_take_it(world, act, role):
    row = world.rows[act.label]
    before = _state(row)
    body = {name: _today() if value == "today" else value for name, value in act.body.items()}
    url = f"{LISTS[act.selector]}{row.pk}/{act.path}/"
    status = client_of(world.keys, role).post(url, body, format="json").status_code
    if role == "anonymous":
        expected = 401
    elif role in act.allowed:
        expected = act.answer
    elif act.label in MATRIX[role][act.selector]:
        expected = 403
    else:
        expected = 404
    assert status == expected
    if expected != 200:
        assert _state(row) == before
