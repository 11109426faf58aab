"""报备 in the browser: the lower office's list and form, the upper office's inbox, a filing's
page with the review buttons, and who gets a 404 or a 403."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from core.models import StatusChange
from linkage import services
from linkage.models import UpwardFiling
from organisations.models import Office
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Kind = UpwardFiling.Kind
Status = UpwardFiling.Status
PLAN_FIGURES = {"targets_planned": 134, "rounds_planned": 9}


@pytest.fixture
def scene(db):
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    other_city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    return {
        "province": province,
        "city": city,
        "other_city": other_city,
        "term": factories.TermFactory(office=city, starts_on=datetime.date(2022, 1, 1)),
        "city_staff": factories.OfficeStaffFactory(office=city).user,
        "other_staff": factories.OfficeStaffFactory(office=other_city).user,
        "province_staff": factories.OfficeStaffFactory(office=province).user,
        "province_reader": factories.ProfileFactory(office=province, is_leadership=True).user,
    }


def filed(scene, office=None, by=None):
    office = office or scene["city"]
    term = scene["term"] if office == scene["city"] else factories.TermFactory(office=office)
    return services.filing_submit(
        office=office,
        by=by or scene["city_staff"],
        kind=Kind.TERM_PLAN,
        term=term,
        title="第七届市委巡察工作规划",
        summary="本届任期内实现巡察全覆盖。",
        figures=PLAN_FIGURES,
        document=flows.pdf("规划.pdf"),
    )


def form_data(scene, **overrides):
    return {
        "submission": "8a3c5b3e-1d0f-4b7e-9a77-2f2f2f2f2f2f",
        "term": scene["term"].pk,
        "title": "第七届市委巡察工作规划",
        "summary": "本届任期内实现巡察全覆盖。",
        "targets_planned": "134",
        "rounds_planned": "9",
        "document": flows.pdf("规划.pdf"),
    } | overrides


def create_url(kind="term_plan"):
    return reverse("linkage:create", args=[kind])


def test_the_lower_office_files_a_plan_with_a_pdf(client, scene):
    client.force_login(scene["city_staff"])
    page = client.get(reverse("linkage:list"))
    assert page.status_code == 200
    assert create_url() in page.content.decode()
    assert client.get(create_url()).status_code == 200
    response = client.post(create_url(), form_data(scene))
    filing = UpwardFiling.objects.get()
    assertRedirects(response, reverse("linkage:detail", args=[filing.pk]))
    assert filing.filed_with == scene["province"] and filing.targets_planned == 134
    # Pressed twice: still one filing.
    client.post(create_url(), form_data(scene))
    assert UpwardFiling.objects.count() == 1
    listing = client.get(reverse("linkage:list")).content.decode()
    assert "第七届市委巡察工作规划" in listing
    download = client.get(reverse("linkage:document", args=[filing.pk]))
    assert b"".join(download.streaming_content) == flows.PDF_BYTES


def test_a_bad_upload_re_renders_the_form_in_chinese_and_keeps_no_file(client, scene, media_root):
    client.force_login(scene["city_staff"])
    fake = SimpleUploadedFile("规划.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(create_url(), form_data(scene, document=fake))
    assert response.status_code == 400
    form = response.context["form"]
    assert "规划.pdf" in form.errors["document"][0]
    assert form["title"].value() == "第七届市委巡察工作规划"
    assert "不" in form.errors["document"][0] or "类型" in form.errors["document"][0]
    assert not UpwardFiling.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_missing_figure_re_renders_with_a_message(client, scene):
    client.force_login(scene["city_staff"])
    response = client.post(create_url(), form_data(scene, rounds_planned=""))
    assert response.status_code == 400
    assert response.context["form"].errors["rounds_planned"]
    assert not UpwardFiling.objects.exists()


def test_who_may_open_the_form(client, scene):
    client.force_login(factories.ProfileFactory(office=scene["city"], is_leadership=True).user)
    assert client.get(create_url()).status_code == 403
    client.force_login(scene["province_staff"])  # the province has no office above
    assert client.get(create_url()).status_code == 404
    client.force_login(scene["city_staff"])
    assert client.get(create_url("nonsense")).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(reverse("linkage:list")).status_code == 404


def test_the_upper_office_acknowledges(client, scene):
    filing = filed(scene)
    client.force_login(scene["province_staff"])
    page = client.get(reverse("linkage:detail", args=[filing.pk]))
    assert reverse("linkage:acknowledge", args=[filing.pk]) in page.content.decode()
    response = client.post(reverse("linkage:acknowledge", args=[filing.pk]), {"comment": ""})
    assertRedirects(response, reverse("linkage:detail", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == Status.ACKNOWLEDGED
    # A second press changes nothing.
    client.post(reverse("linkage:acknowledge", args=[filing.pk]))
    assert StatusChange.objects.count() == 1
    history = client.get(reverse("linkage:detail", args=[filing.pk])).content.decode()
    assert "timeline" in history


def test_the_upper_office_returns_with_a_comment_and_the_lower_resubmits(client, scene):
    filing = filed(scene)
    client.force_login(scene["province_staff"])
    url = reverse("linkage:return", args=[filing.pk])
    empty = client.post(url, {"comment": ""})
    assert empty.status_code == 400
    assert empty.context["return_form"].errors["comment"]
    response = client.post(url, {"comment": "请补充年度任务分解"})
    assertRedirects(response, reverse("linkage:detail", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == Status.RETURNED and filing.review_comment == "请补充年度任务分解"
    client.force_login(scene["city_staff"])
    page = client.get(reverse("linkage:detail", args=[filing.pk])).content.decode()
    assert "请补充年度任务分解" in page
    resubmit = reverse("linkage:resubmit", args=[filing.pk])
    assert client.get(resubmit).status_code == 200
    response = client.post(
        resubmit,
        {
            "title": "规划（修订）",
            "summary": "已补充。",
            "targets_planned": "140",
            "rounds_planned": "10",
        },
    )
    assertRedirects(response, reverse("linkage:detail", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == Status.SUBMITTED and filing.targets_planned == 140


def test_other_offices_get_a_404_and_a_reader_a_403(client, scene):
    filing = filed(scene)
    outsiders = [
        scene["other_staff"],
        factories.OfficeStaffFactory(office=factories.OfficeFactory(parent=scene["city"])).user,
    ]
    for person in outsiders:
        client.force_login(person)
        assert client.get(reverse("linkage:detail", args=[filing.pk])).status_code == 404
        assert client.get(reverse("linkage:document", args=[filing.pk])).status_code == 404
        assert client.post(reverse("linkage:acknowledge", args=[filing.pk])).status_code == 404
    client.force_login(scene["province_reader"])
    assert client.get(reverse("linkage:detail", args=[filing.pk])).status_code == 200
    assert client.post(reverse("linkage:acknowledge", args=[filing.pk])).status_code == 403
    assert client.post(reverse("linkage:return", args=[filing.pk])).status_code == 403
    client.force_login(scene["city_staff"])  # the filer may not acknowledge its own filing
    assert client.post(reverse("linkage:acknowledge", args=[filing.pk])).status_code == 403
    filing.refresh_from_db()
    assert filing.status == Status.SUBMITTED


def test_the_inbox_filters_and_flags_overdue_rows(client, scene):
    late = filed(scene)  # term plan due 2022-04-01: overdue
    other = filed(scene, office=scene["other_city"], by=scene["other_staff"])
    services.filing_acknowledge(filing=other, by=scene["province_staff"])
    client.force_login(scene["province_staff"])
    url = reverse("linkage:inbox")
    page = client.get(url)
    assert list(page.context["page_obj"]) == [other, late] or set(page.context["page_obj"]) == {
        other,
        late,
    }
    assert "overdue warning" in page.content.decode()
    assert list(client.get(url, {"overdue": "true"}).context["page_obj"]) == [late]
    assert list(client.get(url, {"status": "acknowledged"}).context["page_obj"]) == [other]
    assert list(client.get(url, {"office": scene["city"].pk}).context["page_obj"]) == [late]
    assert list(client.get(url, {"kind": "round_summary"}).context["page_obj"]) == []
    # The other city's term has no annual plans filed: they are listed as missing.
    missing = client.get(url, {"office": scene["other_city"].pk}).context["missing"]
    assert {row.kind for row in missing} == {Kind.ANNUAL_PLAN}
    assert {row.office for row in missing} == {scene["other_city"]}


def _inbox_queries(client):
    url = reverse("linkage:inbox")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_inbox_costs_the_same_queries_for_few_and_many_rows(client, scene):
    client.force_login(scene["province_staff"])
    for _ in range(2):
        office = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=scene["province"])
        filed(scene, office=office, by=factories.OfficeStaffFactory(office=office).user)
    few = _inbox_queries(client)
    for _ in range(8):
        office = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=scene["province"])
        filed(scene, office=office, by=factories.OfficeStaffFactory(office=office).user)
    assert _inbox_queries(client) == few
    # 18 since the office's own filing deadlines are read to list what is missing.
    assert few == 18
