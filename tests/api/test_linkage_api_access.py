"""Who reaches what of the work between offices through the API and its pages: filings with the
office above (报备) and guidance and supervision visits (指导督导), against every kind of person,
on one world.

A province P with cities A and B below it, and county K below A. A and B filed their term plans
with P, K filed with A; P visited A and B, A visited K, each visit with one finding, and A
reported follow-up on P's finding. The rule: an office's readers (staff and leadership group) see
the filings it made and those made with it, and the visits to it and to the offices below it,
with their findings and follow-up; a sibling office, the inspection teams, the inspected unit's
liaison, a receiving body, an outsider and an administrator see none of it (404), and an
anonymous caller is asked to authenticate (401). Only staff act, each on its own side: those
who see a row but may not take the step get 403, and the row does not change.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse

from api import services as api_services
from linkage import services as linkage
from linkage.models import UpwardFiling
from organisations.models import Office
from supervision import services as supervision
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit
from tests import factories, flows
from tests.api.matrix import all_rows, client_of
from tests.module_data import built_once

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Level = Office.Level
TERM_START = datetime.date(2022, 1, 1)
VISITED_ON = datetime.date(2024, 5, 6)

LISTS = {
    "filings": ("/api/v1/upward-filings/", UpwardFiling),
    "visits": ("/api/v1/supervision-visits/", SupervisionVisit),
    "findings": ("/api/v1/supervision-findings/", SupervisionFinding),
    "follow_ups": ("/api/v1/supervision-follow-ups/", SupervisionFollowUp),
}


@dataclass
class World:
    people: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def labels(self, model, pks):
        by_pk = {row.pk: label for label, row in self.rows.items() if type(row) is model}
        return {by_pk.get(pk, f"unlabelled {model.__name__} #{pk}") for pk in pks}


def _file_term_plan(office, staff):
    term = factories.TermFactory(office=office, starts_on=TERM_START)
    return linkage.filing_submit(
        office=office,
        by=staff,
        kind=UpwardFiling.Kind.TERM_PLAN,
        term=term,
        title=f"{office.name}巡察工作规划",
        summary="本届任期内实现巡察全覆盖。",
        figures={"targets_planned": 134, "rounds_planned": 9},
        document=flows.pdf("规划.pdf"),
    )


def _visit(upper, lower, staff):
    visit = supervision.visit_record(
        upper_office=upper,
        by=staff,
        lower_office=lower,
        kind=SupervisionVisit.Kind.SUPERVISION,
        starts_on=VISITED_ON,
        ends_on=VISITED_ON + datetime.timedelta(days=4),
        subject=f"对{lower.name}的指导督导",
        summary="听取汇报，查阅底稿，个别谈话。",
        members=[staff],
    )
    finding = supervision.finding_add(
        visit=visit,
        by=staff,
        category=SupervisionFinding.Category.SHALLOW,
        description="发现问题不深不透，个别谈话流于形式。",
        due_on=VISITED_ON + datetime.timedelta(days=90),
    )
    return visit, finding


def _build():
    world = World()
    p = factories.OfficeFactory(level=Level.PROVINCIAL, name="江南省委巡视办")
    a = factories.OfficeFactory(level=Level.MUNICIPAL, parent=p, name="云川市委巡察办")
    b = factories.OfficeFactory(level=Level.MUNICIPAL, parent=p, name="澄湖市委巡察办")
    k = factories.OfficeFactory(level=Level.COUNTY, parent=a, name="青石县委巡察办")
    people = world.people
    for key, office in {"p": p, "a": a, "b": b, "k": k}.items():
        people[f"staff_{key}"] = factories.OfficeStaffFactory(office=office).user
        people[f"leadership_{key}"] = factories.ProfileFactory(
            office=office, is_leadership=True
        ).user
    # The inspection side and the inspected unit of city A, who read none of this.
    cast = flows.build_cast(office=a)
    people |= {
        "leader_a": cast.leader,
        "member_a": cast.member,
        "liaison_a": cast.liaison,
        "officer_a": cast.receiving_officer,
        "outsider": factories.UserFactory(),
        "administrator": factories.UserFactory(is_staff=True, is_superuser=True),
        "anonymous": AnonymousUser(),
    }

    rows = world.rows
    rows["A to P"] = _file_term_plan(a, people["staff_a"])
    rows["B to P"] = _file_term_plan(b, people["staff_b"])
    rows["K to A"] = _file_term_plan(k, people["staff_k"])
    rows["P visits A"], rows["P finding at A"] = _visit(p, a, people["staff_p"])
    rows["P visits B"], rows["P finding at B"] = _visit(p, b, people["staff_p"])
    rows["A visits K"], rows["A finding at K"] = _visit(a, k, people["staff_a"])
    rows["A follow-up"] = supervision.followup_report(
        finding=rows["P finding at A"], by=people["staff_a"], text="已召开专题会议，整改到位。"
    )
    world.keys = {
        role: api_services.token_issue(user=person, name="linkage matrix")[1]
        for role, person in people.items()
        if not isinstance(person, AnonymousUser)
    }
    return world


P_READS = {
    "filings": {"A to P", "B to P"},
    "visits": {"P visits A", "P visits B", "A visits K"},
    "findings": {"P finding at A", "P finding at B", "A finding at K"},
    "follow_ups": {"A follow-up"},
}
A_READS = {
    "filings": {"A to P", "K to A"},
    "visits": {"P visits A", "A visits K"},
    "findings": {"P finding at A", "A finding at K"},
    "follow_ups": {"A follow-up"},
}
B_READS = {
    "filings": {"B to P"},
    "visits": {"P visits B"},
    "findings": {"P finding at B"},
    "follow_ups": set(),
}
K_READS = {
    "filings": {"K to A"},
    "visits": {"A visits K"},
    "findings": {"A finding at K"},
    "follow_ups": set(),
}
NOTHING = {name: set() for name in LISTS}
MATRIX = {
    "staff_p": P_READS,
    "leadership_p": P_READS,
    "staff_a": A_READS,
    "leadership_a": A_READS,
    "staff_b": B_READS,
    "leadership_b": B_READS,
    "staff_k": K_READS,
    "leadership_k": K_READS,
    "leader_a": NOTHING,
    "member_a": NOTHING,
    "liaison_a": NOTHING,
    "officer_a": NOTHING,
    "outsider": NOTHING,
    "administrator": NOTHING,
    "anonymous": NOTHING,
}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("linkage-world-media")),
        built_once(django_db_blocker, _build) as world,
    ):
        yield world


@pytest.fixture
def world(built, db):
    return built


def _cases():
    for role in MATRIX:
        for name in LISTS:
            yield pytest.param(role, name, id=f"{role}-{name}")


def test_the_matrix_names_every_person_of_the_world(world):
    assert set(MATRIX) == set(world.people)


@pytest.mark.parametrize(("role", "name"), list(_cases()))
def test_each_list_holds_exactly_what_the_person_may_see(world, role, name):
    url, model = LISTS[name]
    client = client_of(world.keys, role)
    if role == "anonymous":
        assert client.get(url).status_code == 401
        return
    listed = {row["id"] for row in all_rows(client, url)}
    assert world.labels(model, listed) == MATRIX[role][name]


@pytest.mark.parametrize(("role", "name"), list(_cases()))
def test_each_row_opens_only_for_those_who_may_see_it(world, role, name):
    url, model = LISTS[name]
    client = client_of(world.keys, role)
    for label, row in world.rows.items():
        if type(row) is not model:
            continue
        status = client.get(f"{url}{row.pk}/").status_code
        if role == "anonymous":
            assert status == 401
        else:
            assert status == (200 if label in MATRIX[role][name] else 404), (role, label)


@dataclass(frozen=True)
class Act:
    """POST `path` on the world's row `label`, listed under `name`."""

    name: str
    label: str
    path: str
    allowed: frozenset
    body: dict = field(default_factory=dict)
    # What those allowed get: 200 when the step is taken, 409 when the row's state refuses it.
    answer: int = 200


ACTS = [
    Act("filings", "A to P", "acknowledge", frozenset({"staff_p"})),
    Act("filings", "B to P", "return", frozenset({"staff_p"}), body={"comment": "请补充数据。"}),
    # Submitted, not returned: only its own office's staff pass the role check.
    Act("filings", "K to A", "resubmit", frozenset({"staff_k"}), answer=409),
    Act("findings", "P finding at A", "close", frozenset({"staff_p"})),
    Act(
        "findings",
        "A finding at K",
        "follow-up",
        frozenset({"staff_k"}),
        body={"text": "已整改。"},
        answer=201,
    ),
    Act(
        "findings",
        "P finding at B",
        "return",
        frozenset({"staff_p"}),
        body={"comment": "请补充。"},
        answer=409,
    ),
]


def _state(row):
    row.refresh_from_db()
    return row.status


def _act_cases():
    for act in ACTS:
        for role in MATRIX:
            yield pytest.param(act, role, id=f"{act.label}-{act.path}-{role}")


@pytest.mark.parametrize(("act", "role"), list(_act_cases()))
def test_each_step_is_open_only_to_the_staff_who_take_it(world, act, role):
    url, _model = LISTS[act.name]
    row = world.rows[act.label]
    before = _state(row)
    response = client_of(world.keys, role).post(
        f"{url}{row.pk}/{act.path}/", act.body, format="json"
    )
    if role == "anonymous":
        expected = 401
    elif role in act.allowed:
        expected = act.answer
    elif act.label in MATRIX[role][act.name]:
        expected = 403
    else:
        expected = 404
    assert response.status_code == expected, response.content
    if expected not in (200, 201):
        assert _state(row) == before


# The pages hold to the same table ------------------------------------------------------------

PAGES = {"filings": "linkage:detail", "visits": "supervision:detail"}


def _page_cases():
    for role in MATRIX:
        for name in PAGES:
            yield pytest.param(role, name, id=f"{role}-{name}")


@pytest.mark.parametrize(("role", "name"), list(_page_cases()))
def test_each_page_opens_only_for_those_who_may_see_its_row(client, world, role, name):
    _url, model = LISTS[name]
    if role != "anonymous":
        client.force_login(world.people[role])
    for label, row in world.rows.items():
        if type(row) is not model:
            continue
        status = client.get(reverse(PAGES[name], args=[row.pk])).status_code
        if role == "anonymous":
            assert status == 302
        else:
            assert status == (200 if label in MATRIX[role][name] else 404), (role, label)
