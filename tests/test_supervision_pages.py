"""指导督导 in the browser: the list with its filters, the form to record a visit, a visit's page
with its findings and the follow-up actions, the scoped downloads, and who gets a 404 or a 403."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from supervision import services
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit
from tests import factories, flows
from tests.supervision_scene import STARTS_ON, add_finding, build_scene, record_visit, report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

Status = SupervisionFinding.Status
Kind = SupervisionVisit.Kind
TOKEN = "8a3c5b3e-1d0f-4b7e-9a77-2f2f2f2f2f2f"


@pytest.fixture
def scene(db):
    return build_scene()


@pytest.fixture
def visit(scene):
    return record_visit(scene, document=flows.pdf("督导报告.pdf"))


@pytest.fixture
def finding(scene, visit):
    return add_finding(scene, visit)


def url(name, obj):
    return reverse(f"supervision:{name}", args=[obj.pk])


def visit_data(scene, **overrides):
    return {
        "submission": TOKEN,
        "lower_office": scene.offices["city"].pk,
        "kind": Kind.SUPERVISION,
        "starts_on": "2024-05-06",
        "ends_on": "2024-05-10",
        "subject": "对第三轮巡察的指导督导",
        "members": [scene.staff["province"].pk],
        "summary": "听取汇报，查阅底稿。",
        "document": flows.pdf("督导报告.pdf"),
    } | overrides


# Recording a visit ---------------------------------------------------------------------------


def test_the_province_records_a_visit_through_the_form(client, scene):
    client.force_login(scene.staff["province"])
    assert reverse("supervision:create") in client.get(reverse("supervision:list")).content.decode()
    form = client.get(reverse("supervision:create")).context["form"]
    assert set(form.fields["lower_office"].queryset) == {
        scene.offices[key] for key in ("city", "other_city", "county", "sibling_county")
    }
    response = client.post(reverse("supervision:create"), visit_data(scene))
    visit = SupervisionVisit.objects.get()
    assertRedirects(response, url("detail", visit))
    assert visit.lower_office == scene.offices["city"]
    # Pressed twice: still one visit.
    client.post(reverse("supervision:create"), visit_data(scene))
    assert SupervisionVisit.objects.count() == 1
    download = client.get(url("document", visit))
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == flows.PDF_BYTES


def test_a_bad_upload_re_renders_the_form_in_chinese_and_keeps_no_file(client, scene, media_root):
    client.force_login(scene.staff["province"])
    fake = SimpleUploadedFile("督导报告.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("supervision:create"), visit_data(scene, document=fake))
    assert response.status_code == 400
    form = response.context["form"]
    assert "督导报告.pdf" in form.errors["document"][0]
    assert "不" in form.errors["document"][0] or "类型" in form.errors["document"][0]
    assert form["subject"].value() == "对第三轮巡察的指导督导"
    assert not SupervisionVisit.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2024-05-01"}, "ends_on"),
        ({"starts_on": "not a date"}, "starts_on"),
        ({"lower_office": ""}, "lower_office"),
        ({"members": []}, "members"),
        ({"subject": ""}, "subject"),
    ],
)
def test_a_refused_visit_shows_the_reason_on_its_field(client_in_english, scene, overrides, field):
    client_in_english.force_login(scene.staff["province"])
    response = client_in_english.post(reverse("supervision:create"), visit_data(scene, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not SupervisionVisit.objects.exists()


def test_an_office_outside_the_choices_is_refused_on_the_form(client, scene):
    client.force_login(scene.staff["city"])
    data = visit_data(scene, lower_office=scene.offices["other_city"].pk,
                      members=[scene.staff["city"].pk])  # fmt: skip
    response = client.post(reverse("supervision:create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["lower_office"]


def test_who_may_open_the_record_form(client, scene):
    client.force_login(scene.readers["province"])
    assert client.get(reverse("supervision:create")).status_code == 403
    client.force_login(scene.staff["county"])  # nothing below a county
    assert client.get(reverse("supervision:create")).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(reverse("supervision:create")).status_code == 404
    assert client.get(reverse("supervision:list")).status_code == 404


def test_the_record_button_is_offered_only_to_staff_with_offices_below(client, scene):
    for person, offered in (
        (scene.staff["city"], True),
        (scene.readers["city"], False),
        (scene.staff["county"], False),
    ):
        client.force_login(person)
        page = client.get(reverse("supervision:list")).content.decode()
        assert (reverse("supervision:create") in page) is offered


# The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_direction_office_kind_year_and_findings(client, scene):
    to_city = record_visit(scene)
    to_county = record_visit(scene, lower="county", kind=Kind.SPOT_CHECK)
    in_2023 = {"starts_on": datetime.date(2023, 9, 1), "ends_on": datetime.date(2023, 9, 3)}
    by_city = record_visit(scene, upper="city", lower="county", kind=Kind.GUIDANCE, **in_2023)
    add_finding(scene, to_city)  # overdue: due 2024-07-31
    closed = add_finding(scene, to_county)
    report(scene, closed)
    services.finding_close(finding=closed, by=scene.staff["province"])
    client.force_login(scene.staff["city"])

    def listed(**query):
        response = client.get(reverse("supervision:list"), query)
        assert response.status_code == 200
        return set(response.context["page_obj"])

    assert listed() == {to_city, to_county, by_city}
    assert listed(direction="made") == {by_city}
    assert listed(direction="received") == {to_city}
    assert listed(lower_office=scene.offices["county"].pk) == {to_county, by_city}
    assert listed(kind=Kind.SPOT_CHECK) == {to_county}
    assert listed(year="2023") == {by_city}
    assert listed(open_findings="on") == {to_city}
    assert listed(overdue="on") == {to_city}
    # Nonsense in the filters is ignored or refused, never a 500.
    assert listed(year="abc", kind="nonsense", lower_office="x") == {to_city, to_county, by_city}


def test_the_list_shows_counts_and_the_figures_per_office(client_in_english, scene, finding):
    client_in_english.force_login(scene.staff["province"])
    response = client_in_english.get(reverse("supervision:list"))
    page = response.content.decode()
    assert "Guidance and supervision" in page and "Findings by office visited" in page
    [row] = response.context["by_office"]
    assert (row["visit__lower_office__name"], row["total"], row["open"], row["overdue"]) == (
        "云川市委巡察办",
        1,
        1,
        1,
    )
    listed = list(response.context["page_obj"])
    assert (listed[0].findings_total, listed[0].findings_overdue) == (1, 1)


def _queries(client, path):
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_few_and_many_rows(client, scene):
    client.force_login(scene.staff["province"])
    add_finding(scene, record_visit(scene))
    few = _queries(client, reverse("supervision:list"))
    for lower in ("city", "other_city", "county", "sibling_county") * 3:
        add_finding(scene, record_visit(scene, lower=lower))
    assert _queries(client, reverse("supervision:list")) == few
    # Session, user, profile; the office; the rows' count; whether there are offices below to
    # record a visit to; the menu's team roles and the header's name; the office filter's
    # choices; the page of rows with their counts; the figures per office; the session saved
    # (savepoint, update, release).
    assert few == 14


def test_the_visit_page_costs_the_same_queries_for_few_and_many_findings(client, scene, visit):
    client.force_login(scene.staff["province"])
    add_finding(scene, visit)
    few = _queries(client, url("detail", visit))
    for _ in range(6):
        finding = add_finding(scene, visit)
        report(scene, finding, attachment=flows.pdf("方案.pdf"))
        services.finding_return(finding=finding, by=scene.staff["province"], comment="补充")
    assert _queries(client, url("detail", visit)) == few
    # Session, user, profile; the visit; its findings, their reports and the decisions on them;
    # the visit's status changes and its history; the menu's team roles and the header's name;
    # the people who went; the session saved (savepoint, update, release).
    assert few == 15


# A visit's page and its actions --------------------------------------------------------------


def test_the_province_adds_a_finding_on_the_visit_page(client, scene, visit):
    client.force_login(scene.staff["province"])
    page = client.get(url("detail", visit))
    assert url("finding_add", visit) in page.content.decode()
    data = {
        "submission": TOKEN,
        "category": SupervisionFinding.Category.COVERAGE,
        "description": "巡察全覆盖进度滞后，剩余单位未排入计划。",
        "requirement": "一个月内制定补足计划。",
        "due_on": "2024-07-31",
    }
    response = client.post(url("finding_add", visit), data)
    finding = SupervisionFinding.objects.get()
    assertRedirects(response, url("detail", visit) + f"#finding-{finding.pk}")
    client.post(url("finding_add", visit), data)
    assert SupervisionFinding.objects.count() == 1
    assert "巡察全覆盖进度滞后" in client.get(url("detail", visit)).content.decode()


def test_a_refused_finding_re_renders_the_visit_page_with_the_reason(client, scene, visit):
    client.force_login(scene.staff["province"])
    data = {"submission": TOKEN, "category": "coverage", "description": "问题", "due_on": ""}
    response = client.post(url("finding_add", visit), data)
    assert response.status_code == 400
    assert response.context["finding_form"].errors["due_on"]
    assert not SupervisionFinding.objects.exists()


def test_the_city_reports_follow_up_and_the_province_closes_the_finding(client, scene, finding):
    visit = finding.visit
    client.force_login(scene.staff["city"])
    page = client.get(url("detail", visit)).content.decode()
    assert url("followup_report", finding) in page
    assert url("finding_add", visit) not in page and url("finding_close", finding) not in page
    response = client.post(
        url("followup_report", finding),
        {"text": "已制定整改方案。", "attachment": flows.pdf("整改方案.pdf")},
    )
    assertRedirects(response, url("detail", visit) + f"#finding-{finding.pk}")
    followup = SupervisionFollowUp.objects.get()
    download = client.get(url("attachment", followup))
    assert b"".join(download.streaming_content) == flows.PDF_BYTES

    client.force_login(scene.staff["province"])
    page = client.get(url("detail", visit)).content.decode()
    assert "已制定整改方案。" in page and url("attachment", followup) in page
    response = client.post(url("finding_close", finding), {"comment": "整改到位。"})
    assertRedirects(response, url("detail", visit) + f"#finding-{finding.pk}")
    finding.refresh_from_db()
    assert finding.status == Status.CLOSED
    # A second press changes nothing.
    assert client.post(url("finding_close", finding)).status_code == 302


def test_the_province_returns_the_follow_up_with_a_comment(client, scene, finding):
    report(scene, finding)
    client.force_login(scene.staff["province"])
    empty = client.post(url("finding_return", finding), {"comment": ""})
    assert empty.status_code == 400
    [row] = empty.context["rows"]
    assert row.return_form.errors["comment"]
    response = client.post(url("finding_return", finding), {"comment": "缺少佐证材料。"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == Status.RETURNED
    client.force_login(scene.staff["city"])
    page = client.get(url("detail", finding.visit)).content.decode()
    assert "缺少佐证材料。" in page and url("followup_report", finding) in page


def test_an_empty_or_fake_follow_up_re_renders_with_the_reason(client, scene, finding):
    client.force_login(scene.staff["city"])
    empty = client.post(url("followup_report", finding), {"text": ""})
    assert empty.status_code == 400
    assert empty.context["rows"][0].report_form.errors["text"]
    fake = SimpleUploadedFile("方案.pdf", b"no pdf", content_type="application/pdf")
    refused = client.post(url("followup_report", finding), {"text": "已整改", "attachment": fake})
    assert refused.status_code == 400
    assert refused.context["rows"][0].report_form.errors["attachment"]
    finding.refresh_from_db()
    assert finding.status == Status.OPEN and not SupervisionFollowUp.objects.exists()


def test_a_report_on_a_reported_finding_is_refused_with_a_message(client, scene, finding):
    report(scene, finding)
    client.force_login(scene.staff["city"])
    response = client.post(url("followup_report", finding), {"text": "再报一次"})
    assert response.status_code == 400
    assert response.context["rows"][0].report_form.non_field_errors()
    assert SupervisionFollowUp.objects.count() == 1


def test_the_visiting_office_corrects_the_visit_until_a_finding_is_closed(client, scene, finding):
    visit = finding.visit
    client.force_login(scene.staff["province"])
    assert client.get(url("edit", visit)).status_code == 200
    data = {
        "kind": Kind.GUIDANCE,
        "starts_on": "2024-05-06",
        "ends_on": "2024-05-12",
        "subject": "对第三轮巡察的指导",
        "members": [scene.staff["province"].pk],
        "summary": "更正后的小结。",
    }
    assertRedirects(client.post(url("edit", visit), data), url("detail", visit))
    visit.refresh_from_db()
    assert visit.ends_on == datetime.date(2024, 5, 12) and visit.document_name == "督导报告.pdf"
    report(scene, finding)
    services.finding_close(finding=finding, by=scene.staff["province"])
    assertRedirects(client.get(url("edit", visit)), url("detail", visit))
    assert client.post(url("edit", visit), data).status_code == 302
    visit.refresh_from_db()
    assert visit.subject == "对第三轮巡察的指导"


# Who gets a 404 or a 403 ---------------------------------------------------------------------


def test_outsiders_get_a_404_everywhere(client, scene, finding):
    followup = report(scene, finding, attachment=flows.pdf())
    visit = finding.visit
    outsiders = [
        scene.staff["other_city"],
        scene.staff["county"],  # the visit was to the city, not to the county
        factories.InspectorFactory(office=scene.offices["province"]).user,
        factories.UserFactory(),
    ]
    for person in outsiders:
        client.force_login(person)
        for name in ("detail", "document", "edit"):
            assert client.get(url(name, visit)).status_code == 404, (person, name)
        assert client.get(url("attachment", followup)).status_code == 404
        assert client.post(url("finding_add", visit)).status_code == 404
        for name in ("followup_report", "finding_close", "finding_return"):
            assert client.post(url(name, finding)).status_code == 404, (person, name)
    assert SupervisionFinding.objects.get().status == Status.REPORTED


def test_the_leadership_group_reads_but_may_not_act(client, scene, finding):
    report(scene, finding)
    visit = finding.visit
    for reader in (scene.readers["province"], scene.readers["city"]):
        client.force_login(reader)
        page = client.get(url("detail", visit))
        assert page.status_code == 200
        assert '<form method="post" action' not in page.content.decode()
        assert client.get(url("document", visit)).status_code == 200
        assert client.get(url("edit", visit)).status_code == 403
        assert client.post(url("finding_add", visit)).status_code == 403
        for name in ("followup_report", "finding_close", "finding_return"):
            assert client.post(url(name, finding)).status_code == 403
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED


def test_each_side_gets_a_403_on_the_other_sides_actions(client, scene, finding):
    client.force_login(scene.staff["province"])
    assert client.post(url("followup_report", finding), {"text": "代报"}).status_code == 403
    report(scene, finding)
    client.force_login(scene.staff["city"])
    assert client.post(url("finding_close", finding)).status_code == 403
    assert client.post(url("finding_return", finding), {"comment": "x"}).status_code == 403
    assert client.get(url("edit", finding.visit)).status_code == 403
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED


def test_a_visit_without_a_document_has_nothing_to_download(client, scene):
    visit = record_visit(scene, starts_on=STARTS_ON)
    client.force_login(scene.staff["province"])
    assert client.get(url("document", visit)).status_code == 404
