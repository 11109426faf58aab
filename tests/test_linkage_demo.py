"""The demo's filings: built on the seeded offices, they show each state once or more."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.builders import build
from linkage import selectors, services
from linkage.models import FilingPolicy, UpwardFiling

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("media_root")]

Status = UpwardFiling.Status
User = get_user_model()


def test_the_demo_holds_acknowledged_returned_and_missing_filings():
    seed = build()
    province, chenghu = seed.offices["province"], seed.offices["chenghu"]
    filings = UpwardFiling.objects.filter(filed_with=province)
    assert filings.filter(status=Status.RETURNED).count() == 1
    assert filings.filter(status=Status.ACKNOWLEDGED).count() >= 3
    missing = selectors.missing_filings(
        [chenghu.pk], timezone.localdate(), deadlines=FilingPolicy()
    )
    assert [row.kind for row in missing] == [UpwardFiling.Kind.TERM_PLAN]


def test_the_city_login_resubmits_its_returned_plan_and_the_office_acknowledges_it():
    build()
    city, office = (User.objects.get(username=name) for name in ("city", "office"))
    returned = UpwardFiling.objects.get(office=city.profile.office, status=Status.RETURNED)
    services.filing_resubmit(
        filing=returned,
        by=city,
        title=returned.title,
        summary="补充了对村（社区）巡察的安排。",
        figures={"targets_planned": 40, "rounds_planned": 2},
    )
    services.filing_acknowledge(filing=returned, by=office, comment="已备案。")
    returned.refresh_from_db()
    assert returned.status == Status.ACKNOWLEDGED
