"""The filing deadlines an office sets for the offices below it (报备时限): they decide when a
filing is due and what is missing, and only the office's staff change them."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from core.errors import DomainError, NotAllowed
from linkage import policy, selectors, services
from linkage.models import FilingPolicy, UpwardFiling
from organisations.models import Office
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Kind = UpwardFiling.Kind
URL = reverse("linkage:deadlines")
DEADLINES = {
    "term_plan_days": 60,
    "annual_plan_month": 3,
    "annual_plan_day": 15,
    "round_summary_days": 20,
}


@pytest.fixture
def scene(db):
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    term = factories.TermFactory(
        office=city, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2028, 12, 31)
    )
    return {
        "province": province,
        "city": city,
        "term": term,
        "city_staff": factories.OfficeStaffFactory(office=city).user,
        "province_staff": factories.OfficeStaffFactory(office=province).user,
        "province_reader": factories.ProfileFactory(office=province, is_leadership=True).user,
    }


def set_deadlines(scene, **changes):
    return services.filing_deadlines_set(
        office=scene["province"], by=scene["province_staff"], **DEADLINES | changes
    )


def test_without_deadlines_of_its_own_an_office_applies_the_defaults(scene):
    defaults = policy.policy_for(scene["province"].pk)
    assert defaults.pk is None
    assert (defaults.term_plan_days, defaults.annual_plan_month, defaults.annual_plan_day) == (
        90,
        1,
        31,
    )
    assert defaults.round_summary_days == 30


def test_the_deadlines_of_the_office_above_set_a_filings_due_date(scene):
    set_deadlines(scene)
    filing = services.filing_submit(
        office=scene["city"],
        by=scene["city_staff"],
        kind=Kind.ANNUAL_PLAN,
        term=scene["term"],
        year=2025,
        title="年度计划",
        summary="内容",
        figures={"targets_planned": 30, "rounds_planned": 3},
        document=flows.pdf(),
    )
    assert filing.due_on == datetime.date(2025, 3, 15)


def test_missing_filings_follow_the_deadlines_of_the_office_above(scene):
    set_deadlines(scene)
    today = datetime.date(2024, 3, 2)  # term plan due 2024-03-01 under 60 days, not 90
    missing = selectors.missing_filings(
        [scene["city"].pk], today, deadlines=policy.policy_for(scene["province"].pk)
    )
    assert [(row.kind, row.due_on) for row in missing] == [
        (Kind.TERM_PLAN, datetime.date(2024, 3, 1))
    ]


def test_changing_the_deadlines_keeps_one_row_with_its_history(scene):
    set_deadlines(scene)
    set_deadlines(scene, term_plan_days=45)
    saved = FilingPolicy.objects.get(office=scene["province"])
    assert saved.term_plan_days == 45
    assert [record.history_user for record in saved.history.all()] == [scene["province_staff"]] * 2


def test_a_day_the_month_does_not_have_is_refused(scene):
    with pytest.raises(DomainError) as refused:
        set_deadlines(scene, annual_plan_month=2, annual_plan_day=30)
    assert refused.value.code == "annual_plan_day"
    assert not FilingPolicy.objects.exists()


def test_only_the_offices_staff_set_its_deadlines(scene):
    with pytest.raises(NotAllowed):
        services.filing_deadlines_set(
            office=scene["province"], by=scene["province_reader"], **DEADLINES
        )
    with pytest.raises(NotAllowed):
        services.filing_deadlines_set(office=scene["province"], by=scene["city_staff"], **DEADLINES)


# The page ------------------------------------------------------------------------------------


def test_the_staff_change_the_deadlines_on_the_page(client, scene):
    client.force_login(scene["province_staff"])
    response = client.post(URL, DEADLINES)
    assert response.status_code == 302
    assert FilingPolicy.objects.get(office=scene["province"]).annual_plan_month == 3
    page = client.get(URL)
    assert page.context["form"].initial["annual_plan_day"] == 15
    assert len(page.context["events"]) == 1


def test_a_day_that_does_not_exist_is_a_message_on_the_page_in_chinese(client, scene):
    client.force_login(scene["province_staff"])
    response = client.post(URL, DEADLINES | {"annual_plan_month": 4, "annual_plan_day": 31})
    assert response.status_code == 400
    assert "所选月份没有这一天" in response.content.decode()
    assert not FilingPolicy.objects.exists()


def test_a_number_out_of_range_is_a_form_error(client, scene):
    client.force_login(scene["province_staff"])
    response = client.post(URL, DEADLINES | {"term_plan_days": 0})
    assert response.status_code == 400
    assert response.context["form"].errors["term_plan_days"]


def test_the_leadership_group_reads_the_deadlines_but_cannot_change_them(client, scene):
    client.force_login(scene["province_reader"])
    assert client.get(URL).status_code == 200
    assert client.post(URL, DEADLINES).status_code == 403
    assert not FilingPolicy.objects.exists()


def test_someone_who_reads_no_office_does_not_find_the_page(client, scene):
    client.force_login(factories.UserFactory())
    assert client.get(URL).status_code == 404


@time_machine.travel(datetime.date(2024, 8, 15), tick=False)
def test_the_inbox_lists_as_missing_what_the_office_set_as_due(client, scene):
    set_deadlines(scene, term_plan_days=300)
    client.force_login(scene["province_staff"])
    missing = client.get(reverse("linkage:inbox")).context["missing"]
    assert Kind.TERM_PLAN not in {row.kind for row in missing}
