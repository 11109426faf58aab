"""The demo's filings: built on the seeded offices, they show each state once or more."""

import pytest
from django.utils import timezone

from demo.builders import build
from linkage import selectors
from linkage.models import FilingPolicy, UpwardFiling

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("media_root")]

Status = UpwardFiling.Status


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
