"""Who reaches what through the API: every list and object endpoint against every role of
tests/world.py, held to the same table as the selectors (tests/test_access_matrix.py MATRIX).

A list returns exactly the rows the role may see; an object the role may not see is 404 (never
403, which would confirm the id); an anonymous caller gets 401 everywhere. Because the pages
are held to the same table, a liaison's token reaches what the liaison reaches in the browser and
nothing more.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from rest_framework.test import APIClient

from api import services
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
}


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


def _client(world, role):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if role in world.keys:
        client.credentials(HTTP_AUTHORIZATION=f"Token {world.keys[role]}")
    return client


def _model_of(world, name):
    labels = MATRIX["office_staff_a"][name] | MATRIX["office_staff_b"][name]
    return type(world.rows[next(iter(labels))])


def _all_rows(client, url):
    rows, page = [], url + "?page_size=200"
    while page:
        body = client.get(page).json()
        rows += body["results"]
        page = body.get("next")
    return rows


def _cases():
    for role in MATRIX:
        for name in LISTS:
            yield pytest.param(role, name, id=f"{role}-{name}")


@pytest.mark.parametrize(("role", "name"), list(_cases()))
def test_each_list_holds_exactly_what_the_role_may_see(world, role, name):
    client = _client(world, role)
    if role == "anonymous":
        assert client.get(LISTS[name]).status_code == 401
        return
    listed = {row["id"] for row in _all_rows(client, LISTS[name])}
    assert world.labels(_model_of(world, name), listed) == MATRIX[role][name]


@pytest.mark.parametrize(("role", "name"), list(_cases()))
def test_each_object_opens_only_for_those_who_may_see_it(world, role, name):
    client = _client(world, role)
    model = _model_of(world, name)
    expected = 401 if role == "anonymous" else None
    for label, row in world.rows.items():
        if type(row) is not model:
            continue
        status = client.get(f"{LISTS[name]}{row.pk}/").status_code
        allowed = 200 if label in MATRIX[role][name] else 404
        assert status == (expected or allowed), f"{role} opening {label}"
