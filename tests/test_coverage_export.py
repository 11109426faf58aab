"""The uncovered targets to Excel: the same rows as the filtered list, across its pages."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from organisations.models import Target
from rounds.models import Assignment, Round
from tests import factories

pytestmark = pytest.mark.django_db

Category = Target.Category


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2024, 7, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def office():
    """70 uncovered villages (some inspected in an earlier term), 5 uncovered streets and one
    covered village."""
    office = factories.OfficeFactory()
    term = factories.TermFactory(office=office)
    old = factories.RoundFactory(
        term=factories.TermFactory(
            office=office, starts_on=datetime.date(2017, 1, 1), ends_on=datetime.date(2021, 12, 31)
        ),
        status=Round.Status.COMPLETED,
        planned_start=datetime.date(2019, 4, 1),
        planned_end=datetime.date(2019, 6, 30),
    )
    current = factories.RoundFactory(term=term, status=Round.Status.IN_PROGRESS)
    for n in range(70):
        village = factories.TargetFactory(
            office=office, code=f"V{n:03d}", category=Category.VILLAGE
        )
        if n % 3 == 0:
            factories.AssignmentFactory(round=old, target=village, phase=Assignment.Phase.CLOSED)
    for n in range(5):
        factories.TargetFactory(office=office, code=f"S{n}", category=Category.STREET)
    covered = factories.TargetFactory(office=office, code="V999", category=Category.VILLAGE)
    factories.AssignmentFactory(round=current, target=covered, phase=Assignment.Phase.ON_SITE)
    office.staff = factories.OfficeStaffFactory(office=office).user
    office.term = term
    return office


def sheet_rows(response):
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    # Empty cells at the end of a row are not written: pad to the header's width.
    return [row + (None,) * (len(rows[0]) - len(row)) for row in rows]


def listed(client, params):
    codes = []
    for number in (1, 2):
        response = client.get(reverse("coverage:term"), {**params, "page": number})
        codes += [target.code for target in response.context["page_obj"]]
    return codes


@pytest.mark.parametrize(
    "params",
    [
        {"category": "village"},
        {"category": "village", "ordering": "-last_inspected"},
        {"ordering": "category"},
    ],
)
def test_the_export_holds_the_filtered_list_across_its_pages(client, office, params):
    client.force_login(office.staff)
    params = {"term": office.term.pk, **params}
    codes = listed(client, params)
    response = client.get(reverse("coverage:uncovered_export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response)
    assert [row[0] for row in rows[1:]] == codes
    assert len(codes) == (75 if "category" not in params else 70)
    assert "V999" not in codes


def test_the_export_has_headers_and_the_last_inspection(client_in_english, office):
    client_in_english.force_login(office.staff)
    params = {"term": office.term.pk, "category": "village"}
    rows = sheet_rows(client_in_english.get(reverse("coverage:uncovered_export"), params))
    assert rows[0] == ("code", "target", "category", "region", "owning office", "last inspected")
    # The never inspected first, then those inspected in the previous term.
    assert rows[1][5] is None
    assert rows[-1][5] == datetime.datetime(2019, 4, 1)
    assert rows[-1][2] == "village"


def test_the_export_in_chinese_has_chinese_headers(client, office):
    client.force_login(office.staff)
    rows = sheet_rows(client.get(reverse("coverage:uncovered_export"), {"term": office.term.pk}))
    assert rows[0][0] == "编码"


def test_the_export_is_for_office_readers_only(client, cast):
    client.force_login(cast.leader)
    assert client.get(reverse("coverage:uncovered_export")).status_code == 404
    client.force_login(cast.office_staff)
    assert client.get(reverse("coverage:uncovered_export"), {"term": "0"}).status_code == 404
