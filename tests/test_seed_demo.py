"""The demo seed: logins that work, every state of the work represented, safe to run again.

Seeding takes a few seconds, so the module seeds once inside a transaction that is rolled back
at the end; each test runs in its own savepoint on top of it.
"""

import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from demo.context import DEMO_LOGINS, DEMO_PASSWORD, PROVINCIAL_CODE
from organisations.models import Office, ReceivingBody, Target
from rectification.models import Filing, RectificationItem, RectificationPlan, RectificationReport
from rounds.models import Assignment, Finding, Lead, TeamMembership
from tests.module_data import built_once

User = get_user_model()
# The lock-out guard (django-axes) needs the request a login comes with.
LOGIN_REQUEST = RequestFactory().post("/accounts/login/")


def _seed(**options):
    call_command("seed_demo", force=True, stdout=io.StringIO(), stderr=io.StringIO(), **options)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        built_once(django_db_blocker, _seed),
    ):
        yield


@pytest.fixture
def seeded(demo, db):
    """The seeded demo, inside this test's own savepoint."""


def _counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _statuses(queryset, field="status"):
    return set(queryset.order_by(field).values_list(field, flat=True).distinct())


@pytest.mark.django_db
def test_every_demo_login_signs_in_with_the_demo_password(seeded):
    for login in DEMO_LOGINS:
        user = authenticate(LOGIN_REQUEST, username=login, password=DEMO_PASSWORD)
        assert user is not None, login
        assert user.profile.name, login


@pytest.mark.django_db
def test_each_demo_login_has_the_role_its_name_promises(seeded):
    logins = {user.username: user for user in User.objects.filter(username__in=DEMO_LOGINS)}
    province = Office.objects.get(code=PROVINCIAL_CODE)
    assert logins["admin"].is_superuser and logins["admin"].is_staff
    office = logins["office"].profile
    assert office.is_office_staff and office.office == province
    leadership = logins["leadership"].profile
    assert leadership.is_leadership and not leadership.is_office_staff
    assert leadership.office == province
    led = TeamMembership.objects.get(
        user=logins["leader"], role=TeamMembership.Role.LEADER, team__round__ordinal=2
    ).team
    assert led.memberships.filter(user=logins["member"], role=TeamMembership.Role.MEMBER).exists()
    assert logins["unit"].liaison_roles.filter(active=True).count() == 1
    body = logins["discipline"].profile.receiving_body
    assert body.kind == ReceivingBody.Kind.DISCIPLINE and body.office == province
    city = logins["city"].profile
    assert city.is_office_staff and city.office.parent == province


@pytest.mark.django_db
def test_running_the_seed_again_leaves_every_table_unchanged(seeded):
    before = _counts()

    _seed()

    assert _counts() == before


@pytest.mark.django_db
def test_running_the_seed_again_gives_a_demo_login_its_password_back(seeded):
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-someone")
    admin.save()

    _seed()

    assert authenticate(LOGIN_REQUEST, username="admin", password=DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_the_provincial_office_has_over_200_targets_in_every_category(seeded):
    targets = Target.objects.filter(office__code=PROVINCIAL_CODE)
    assert targets.count() >= 200
    assert _statuses(targets, "category") == set(Target.Category.values)
    assert targets.filter(category=Target.Category.VILLAGE, parent__parent__isnull=False).exists()
    assert Target.objects.exclude(office__code=PROVINCIAL_CODE).count() >= 24


@pytest.mark.django_db
def test_findings_exist_in_every_status(seeded):
    assert _statuses(Finding.objects) == set(Finding.Status.values)


@pytest.mark.django_db
def test_rectification_items_exist_in_every_status_and_kind_some_overdue(seeded):
    items = RectificationItem.objects
    today = timezone.localdate()
    assert _statuses(items) == set(RectificationItem.Status.values)
    assert _statuses(items, "kind") == set(RectificationItem.Kind.values)
    assert items.filter(deadline__lt=today).exclude(status="closed").exists()
    assert items.filter(deadline__gt=today).exists()
    assert _statuses(RectificationPlan.objects) == set(RectificationPlan.Status.values)


@pytest.mark.django_db
def test_assignments_exist_in_every_phase(seeded):
    assert _statuses(Assignment.objects, "phase") == set(Assignment.Phase.values)


@pytest.mark.django_db
def test_the_unit_liaison_has_fed_back_findings_and_items_to_report_on(seeded):
    target = User.objects.get(username="unit").liaison_roles.get().target
    findings = Finding.objects.filter(assignment__target=target, status=Finding.Status.FED_BACK)
    items = RectificationItem.objects.filter(plan__assignment__target=target)
    assert findings.exists()
    assert items.exists()
    assert items.filter(deadline__lt=timezone.localdate()).exclude(status="closed").exists()


@pytest.mark.django_db
def test_the_discipline_officer_has_transferred_leads_to_act_on(seeded):
    body = User.objects.get(username="discipline").profile.receiving_body
    leads = Lead.objects.filter(receiving_body=body)
    assert leads.filter(status=Lead.Status.TRANSFERRED).exists()
    assert leads.exclude(status=Lead.Status.TRANSFERRED).exists()


def test_the_seed_refuses_to_run_without_debug_unless_forced(settings):
    """No database mark: touching the database before refusing would fail the test."""
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_units_have_filed_reports_and_plans_with_the_parties(seeded):
    assert _statuses(RectificationReport.objects, "kind") == set(RectificationReport.Kind.values)
    assert _statuses(Filing.objects, "document") == set(Filing.Document.values)
    assert _statuses(Filing.objects, "party") == set(Filing.Party.values)


@pytest.mark.django_db
def test_some_unit_had_an_item_returned_twice(seeded):
    assert RectificationItem.objects.filter(return_count__gte=2).exists()
