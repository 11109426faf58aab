import pytest
from django.contrib import admin

from rectification.models import (
    Evaluation,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
)
from rounds.models import Assignment, Evidence, Feedback, Finding, Lead, LeadView, Suggestion
from tests import factories

pytestmark = pytest.mark.django_db
INSPECTION_DATA = [
    Assignment,
    Finding,
    Evidence,
    Lead,
    LeadView,
    Suggestion,
    Feedback,
    RectificationPlan,
    RectificationItem,
    ProgressReport,
    Evaluation,
]


@pytest.mark.parametrize("model", INSPECTION_DATA, ids=lambda model: model.__name__)
def test_inspection_data_is_not_reachable_through_the_admin_site(model):
    assert not admin.site.is_registered(model)


def test_an_administrator_configures_targets_but_cannot_delete_them(admin_client):
    target = factories.TargetFactory()
    assert admin_client.get(f"/admin/organisations/target/{target.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/organisations/target/{target.pk}/delete/").status_code == 403


def test_an_administrator_sees_who_changed_a_target(admin_client, admin_user):
    target = factories.TargetFactory()
    admin_client.post(
        f"/admin/organisations/target/{target.pk}/change/",
        {
            "office": target.office_id,
            "code": target.code,
            "name": "新名称",
            "category": "township",
            "active": "on",
        },
    )
    latest = target.history.latest()
    assert (latest.name, latest.history_user) == ("新名称", admin_user)
    assert admin_client.get(f"/admin/organisations/target/{target.pk}/history/").status_code == 200
