"""/api/v1/supervision-visits/, -findings/ and -follow-ups/: an upper office records its guidance
and supervision visits (指导督导) and the problems found; the office visited reports follow-up,
which the visiting office closes or returns. Scoped as the pages are."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supervision import services
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit
from tests import factories, flows
from tests.supervision_scene import STARTS_ON, add_finding, build_scene, record_visit, report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

VISITS = "/api/v1/supervision-visits/"
FINDINGS = "/api/v1/supervision-findings/"
FOLLOW_UPS = "/api/v1/supervision-follow-ups/"
Status = SupervisionFinding.Status
Kind = SupervisionVisit.Kind
LATER = datetime.date(2099, 12, 31)


@pytest.fixture
def scene(db):
    return build_scene()


def person(scene, role):
    """ "province", "city reader", "outsider"...: an office's staff or leadership group."""
    if role == "outsider":
        return factories.UserFactory()
    office, _space, reader = role.partition(" ")
    return scene.readers[office] if reader else scene.staff[office]


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def visit_data(scene, **changes):
    data = {
        "lower_office": scene.offices["city"].pk,
        "kind": Kind.GUIDANCE,
        "starts_on": STARTS_ON.isoformat(),
        "ends_on": (STARTS_ON + datetime.timedelta(days=3)).isoformat(),
        "subject": "对第三轮巡察的指导",
        "summary": "听取汇报，查阅底稿。",
        "members": [scene.staff["province"].pk],
    }
    return data | changes


def closed_finding(scene, visit):
    finding = add_finding(scene, visit)
    report(scene, finding)
    return services.finding_close(finding=finding, by=scene.staff[upper_of(scene, visit)])


def upper_of(scene, visit):
    return next(key for key, office in scene.offices.items() if office == visit.upper_office)


# Who sees which visit ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["province", "province reader", "city", "city reader"])
def test_the_visiting_office_and_the_office_visited_list_the_visit(scene, api_as, role):
    visit = record_visit(scene)
    assert listed(api_as(person(scene, role)).get(VISITS)) == [visit.pk]


@pytest.mark.parametrize("role", ["other_city", "county", "outsider"])
def test_siblings_offices_below_and_outsiders_list_no_visit(scene, api_as, role):
    record_visit(scene)
    assert listed(api_as(person(scene, role)).get(VISITS)) == []


def test_the_city_sees_what_the_province_found_in_its_county(scene, api_as):
    visit = record_visit(scene, lower="county")
    assert listed(api_as(scene.staff["city"]).get(VISITS)) == [visit.pk]
    assert listed(api_as(scene.staff["sibling_county"]).get(VISITS)) == []


@pytest.mark.parametrize("role", ["other_city", "outsider"])
def test_a_visit_out_of_scope_is_not_found(scene, api_as, role):
    visit = record_visit(scene, document=flows.pdf("通知.pdf"))
    client = api_as(person(scene, role))
    assert client.get(f"{VISITS}{visit.pk}/").status_code == 404
    assert client.get(f"{VISITS}{visit.pk}/document/").status_code == 404
    assert client.patch(f"{VISITS}{visit.pk}/", {"subject": "x"}).status_code == 404


def test_one_visit_shows_who_went_its_counts_and_what_the_visiting_staff_may_do(scene, api_as):
    visit = record_visit(scene)
    add_finding(scene, visit)
    body = api_as(scene.staff["province"]).get(f"{VISITS}{visit.pk}/").json()
    assert body["members"] == [scene.staff["province"].pk]
    assert body["findings_total"] == 1 and body["findings_overdue"] == 1
    assert body["actions"] == ["edit", "add_finding"]
    assert body["download"] is None


def test_the_office_visited_may_do_nothing_with_the_visit(scene, api_as):
    visit = record_visit(scene)
    assert api_as(scene.staff["city"]).get(f"{VISITS}{visit.pk}/").json()["actions"] == []


def test_a_visit_with_a_closed_finding_may_no_longer_be_edited(scene, api_as):
    visit = record_visit(scene)
    closed_finding(scene, visit)
    body = api_as(scene.staff["province"]).get(f"{VISITS}{visit.pk}/").json()
    assert body["actions"] == ["add_finding"]


def test_the_visits_document_downloads_as_recorded(scene, api_as):
    visit = record_visit(scene, document=flows.pdf("通知.pdf"))
    response = api_as(scene.staff["city"]).get(f"{VISITS}{visit.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


def test_a_visit_without_a_document_has_none_to_download(scene, api_as):
    visit = record_visit(scene)
    assert api_as(scene.staff["city"]).get(f"{VISITS}{visit.pk}/document/").status_code == 404


# Filters of the visits ---------------------------------------------------------------------


def test_visits_filter_by_direction(scene, api_as):
    received = record_visit(scene)
    made = record_visit(scene, upper="city", lower="county")
    client = api_as(scene.staff["city"])
    assert listed(client.get(VISITS, {"direction": "made"})) == [made.pk]
    assert listed(client.get(VISITS, {"direction": "received"})) == [received.pk]


def test_visits_filter_by_office_visited_kind_and_year(scene, api_as):
    to_city = record_visit(scene)
    to_county = record_visit(scene, lower="county", kind=Kind.SPOT_CHECK)
    client = api_as(scene.staff["province"])
    assert listed(client.get(VISITS, {"lower_office": scene.offices["county"].pk})) == [
        to_county.pk
    ]
    assert listed(client.get(VISITS, {"kind": Kind.SUPERVISION})) == [to_city.pk]
    assert listed(client.get(VISITS, {"year": 2023})) == []
    assert set(listed(client.get(VISITS, {"year": 2024}))) == {to_city.pk, to_county.pk}


def test_visits_filter_by_open_and_overdue_findings(scene, api_as):
    late = record_visit(scene)
    add_finding(scene, late)
    on_time = record_visit(scene, lower="county")
    add_finding(scene, on_time, due_on=LATER)
    record_visit(scene, lower="other_city")
    client = api_as(scene.staff["province"])
    assert set(listed(client.get(VISITS, {"open_findings": "true"}))) == {late.pk, on_time.pk}
    assert listed(client.get(VISITS, {"overdue": "true"})) == [late.pk]


def test_a_year_out_of_range_names_the_parameter(scene, api_as):
    response = api_as(scene.staff["province"]).get(VISITS, {"year": 100000})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_the_visits_list_takes_the_same_queries_for_many_visits(
    scene, api_as, django_assert_max_num_queries
):
    add_finding(scene, record_visit(scene))
    client = api_as(scene.staff["province"])
    with django_assert_max_num_queries(10) as few:
        client.get(VISITS)
    for lower in ("county", "other_city", "sibling_county"):
        visit = record_visit(
            scene, lower=lower, members=[scene.staff["province"], scene.readers["province"]]
        )
        add_finding(scene, visit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client.get(VISITS))) == 4


# Recording and correcting a visit ----------------------------------------------------------


def test_the_visiting_staff_record_a_visit_with_a_document(scene, api_as):
    data = visit_data(scene, document=flows.pdf("督导报告.pdf"))
    response = api_as(scene.staff["province"]).post(VISITS, data, format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert body["upper_office"] == scene.offices["province"].pk
    assert body["download"].endswith(f"/api/v1/supervision-visits/{body['id']}/document/")
    assert SupervisionVisit.objects.get().document_content_type == "application/pdf"


def test_a_visit_may_be_recorded_as_json_without_a_document(scene, api_as):
    response = api_as(scene.staff["province"]).post(VISITS, visit_data(scene), format="json")
    assert response.status_code == 201
    assert response.json()["document_name"] == ""


@pytest.mark.parametrize("role", ["province reader", "city reader", "outsider"])
def test_no_one_but_an_offices_staff_records_a_visit(scene, api_as, role):
    response = api_as(person(scene, role)).post(VISITS, visit_data(scene), format="json")
    assert response.status_code == 403
    assert not SupervisionVisit.objects.exists()


def test_a_visit_to_the_office_itself_names_the_office_visited(scene, api_as):
    data = visit_data(scene, lower_office=scene.offices["province"].pk)
    response = api_as(scene.staff["province"]).post(VISITS, data, format="json")
    assert response.status_code == 400
    assert "lower_office" in response.json()["errors"]


def test_a_visit_to_an_office_out_of_sight_names_the_office_visited(scene, api_as):
    data = visit_data(scene, lower_office=scene.offices["other_city"].pk)
    data["members"] = [scene.staff["city"].pk]
    response = api_as(scene.staff["city"]).post(VISITS, data, format="json")
    assert response.status_code == 400
    assert "lower_office" in response.json()["errors"]


def test_a_visit_not_yet_begun_names_its_first_day(scene, api_as):
    data = visit_data(scene, starts_on=LATER.isoformat(), ends_on=LATER.isoformat())
    response = api_as(scene.staff["province"]).post(VISITS, data, format="json")
    assert response.status_code == 400
    assert "starts_on" in response.json()["errors"]


def test_someone_of_another_office_cannot_have_gone_on_the_visit(scene, api_as):
    data = visit_data(scene, members=[scene.staff["city"].pk])
    response = api_as(scene.staff["province"]).post(VISITS, data, format="json")
    assert response.status_code == 400
    assert "members" in response.json()["errors"]


def test_a_visit_document_that_is_not_its_type_is_refused_and_not_kept(scene, api_as, media_root):
    fake = SimpleUploadedFile("报告.pdf", b"just words", content_type="application/pdf")
    data = visit_data(scene, document=fake)
    response = api_as(scene.staff["province"]).post(VISITS, data, format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]
    assert not SupervisionVisit.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_visit_document_over_the_size_limit_is_refused(scene, api_as, settings):
    settings.UPLOAD_MAX_BYTES = 10
    data = visit_data(scene, document=flows.pdf("报告.pdf"))
    response = api_as(scene.staff["province"]).post(VISITS, data, format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]


def test_the_visiting_staff_correct_part_of_a_visit(scene, api_as):
    visit = record_visit(scene)
    response = api_as(scene.staff["province"]).patch(
        f"{VISITS}{visit.pk}/", {"subject": "对第三轮巡察的督导（更正）"}, format="json"
    )
    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.subject == "对第三轮巡察的督导（更正）"
    assert list(visit.members.all()) == [scene.staff["province"]]
    assert visit.kind == Kind.SUPERVISION


def test_the_office_visited_is_fixed_once_recorded(scene, api_as):
    visit = record_visit(scene)
    api_as(scene.staff["province"]).patch(
        f"{VISITS}{visit.pk}/", {"lower_office": scene.offices["county"].pk}, format="json"
    )
    visit.refresh_from_db()
    assert visit.lower_office == scene.offices["city"]


def test_the_visiting_staff_replace_a_visits_record(scene, api_as):
    visit = record_visit(scene)
    data = visit_data(scene, kind=Kind.RETURN_VISIT, document=flows.pdf("回访.pdf"))
    del data["lower_office"]
    response = api_as(scene.staff["province"]).put(f"{VISITS}{visit.pk}/", data, format="multipart")
    assert response.status_code == 200
    assert response.json()["kind"] == Kind.RETURN_VISIT
    assert response.json()["download"] is not None


def test_a_replacement_missing_a_field_names_it(scene, api_as):
    visit = record_visit(scene)
    response = api_as(scene.staff["province"]).put(
        f"{VISITS}{visit.pk}/", {"subject": "只改主题"}, format="json"
    )
    assert response.status_code == 400
    assert "summary" in response.json()["errors"]


@pytest.mark.parametrize("role", ["city", "province reader"])
def test_no_one_but_the_visiting_staff_corrects_a_visit(scene, api_as, role):
    visit = record_visit(scene)
    response = api_as(person(scene, role)).patch(
        f"{VISITS}{visit.pk}/", {"subject": "x"}, format="json"
    )
    assert response.status_code == 403


def test_a_visit_with_a_closed_finding_cannot_be_corrected(scene, api_as):
    visit = record_visit(scene)
    closed_finding(scene, visit)
    response = api_as(scene.staff["province"]).patch(
        f"{VISITS}{visit.pk}/", {"subject": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "frozen"


# Findings ----------------------------------------------------------------------------------


def finding_data(visit, **changes):
    data = {
        "visit": visit.pk,
        "category": SupervisionFinding.Category.COVERAGE,
        "description": "全覆盖进度滞后。",
        "requirement": "制定补课计划。",
        "due_on": "2024-09-30",
    }
    return data | changes


def test_the_visiting_staff_add_a_finding(scene, api_as):
    visit = record_visit(scene)
    response = api_as(scene.staff["province"]).post(FINDINGS, finding_data(visit), format="json")
    assert response.status_code == 201
    assert response.json()["number"] == 1
    assert response.json()["status"] == Status.OPEN


@pytest.mark.parametrize("role", ["city", "province reader"])
def test_no_one_but_the_visiting_staff_adds_a_finding(scene, api_as, role):
    visit = record_visit(scene)
    response = api_as(person(scene, role)).post(FINDINGS, finding_data(visit), format="json")
    assert response.status_code == 403
    assert not SupervisionFinding.objects.exists()


def test_a_finding_on_a_visit_out_of_sight_names_the_visit(scene, api_as):
    visit = record_visit(scene)
    response = api_as(scene.staff["other_city"]).post(FINDINGS, finding_data(visit), format="json")
    assert response.status_code == 400
    assert "visit" in response.json()["errors"]


def test_a_finding_due_before_the_visit_names_its_due_date(scene, api_as):
    visit = record_visit(scene)
    data = finding_data(visit, due_on="2024-01-01")
    response = api_as(scene.staff["province"]).post(FINDINGS, data, format="json")
    assert response.status_code == 400
    assert "due_on" in response.json()["errors"]


def test_an_unknown_category_names_the_field(scene, api_as):
    visit = record_visit(scene)
    data = finding_data(visit, category="gossip")
    response = api_as(scene.staff["province"]).post(FINDINGS, data, format="json")
    assert response.status_code == 400
    assert "category" in response.json()["errors"]


@pytest.mark.parametrize("role", ["other_city", "county", "outsider"])
def test_a_finding_out_of_scope_is_not_found(scene, api_as, role):
    finding = add_finding(scene, record_visit(scene))
    client = api_as(person(scene, role))
    assert client.get(f"{FINDINGS}{finding.pk}/").status_code == 404
    response = client.post(f"{FINDINGS}{finding.pk}/follow-up/", {"text": "x"})
    assert response.status_code == 404


def test_findings_filter_by_visit_status_category_and_overdue(scene, api_as):
    visit = record_visit(scene)
    late = add_finding(scene, visit)
    on_time = add_finding(scene, visit, due_on=LATER, category=SupervisionFinding.Category.LEADS)
    other = add_finding(scene, record_visit(scene, lower="county"))
    report(scene, on_time)
    client = api_as(scene.staff["province"])
    assert set(listed(client.get(FINDINGS, {"visit": visit.pk}))) == {late.pk, on_time.pk}
    assert listed(client.get(FINDINGS, {"status": Status.REPORTED})) == [on_time.pk]
    assert listed(client.get(FINDINGS, {"category": "leads"})) == [on_time.pk]
    assert set(listed(client.get(FINDINGS, {"overdue": "true"}))) == {late.pk, other.pk}
    assert listed(client.get(FINDINGS, {"overdue": "false"})) == [on_time.pk]


def test_the_findings_list_takes_the_same_queries_for_many_findings(
    scene, api_as, django_assert_max_num_queries
):
    add_finding(scene, record_visit(scene))
    client = api_as(scene.staff["city"])
    with django_assert_max_num_queries(8) as few:
        client.get(FINDINGS)
    for lower in ("city", "county"):
        visit = record_visit(scene, lower=lower)
        add_finding(scene, visit)
        add_finding(scene, visit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client.get(FINDINGS))) == 5


# Follow-up, closing and returning ------------------------------------------------------------


def test_the_office_visited_reports_follow_up_with_an_attachment(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    data = {"text": "已召开专题会议。", "attachment": flows.pdf("会议纪要.pdf")}
    response = api_as(scene.staff["city"]).post(
        f"{FINDINGS}{finding.pk}/follow-up/", data, format="multipart"
    )
    assert response.status_code == 201
    assert response.json()["attachment_name"] == "会议纪要.pdf"
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED


def test_the_finding_lists_what_the_office_visited_may_do(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    body = api_as(scene.staff["city"]).get(f"{FINDINGS}{finding.pk}/").json()
    assert body["actions"] == ["follow-up"]
    report(scene, finding)
    body = api_as(scene.staff["province"]).get(f"{FINDINGS}{finding.pk}/").json()
    assert body["actions"] == ["close", "return"]


def test_a_follow_up_attachment_not_of_its_type_is_refused(scene, api_as, media_root):
    finding = add_finding(scene, record_visit(scene))
    fake = SimpleUploadedFile("纪要.pdf", b"words", content_type="application/pdf")
    response = api_as(scene.staff["city"]).post(
        f"{FINDINGS}{finding.pk}/follow-up/", {"text": "x", "attachment": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert "attachment" in response.json()["errors"]
    assert not SupervisionFollowUp.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_follow_up_without_text_names_the_field(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    response = api_as(scene.staff["city"]).post(f"{FINDINGS}{finding.pk}/follow-up/", {})
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


@pytest.mark.parametrize("role", ["province", "city reader"])
def test_no_one_but_the_staff_visited_reports_follow_up(scene, api_as, role):
    finding = add_finding(scene, record_visit(scene))
    response = api_as(person(scene, role)).post(f"{FINDINGS}{finding.pk}/follow-up/", {"text": "x"})
    assert response.status_code == 403


def test_follow_up_on_a_reported_finding_is_a_conflict(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    report(scene, finding)
    response = api_as(scene.staff["city"]).post(
        f"{FINDINGS}{finding.pk}/follow-up/", {"text": "再次报告。"}
    )
    assert response.status_code == 409
    assert SupervisionFollowUp.objects.count() == 1


def test_the_visiting_staff_close_a_reported_finding(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    report(scene, finding)
    response = api_as(scene.staff["province"]).post(
        f"{FINDINGS}{finding.pk}/close/", {"comment": "整改到位。"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == Status.CLOSED
    assert response.json()["days_overdue"] == 0


def test_closing_a_finding_not_reported_is_a_conflict(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    response = api_as(scene.staff["province"]).post(f"{FINDINGS}{finding.pk}/close/")
    assert response.status_code == 409


def test_the_visiting_staff_return_the_follow_up_with_a_comment(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    report(scene, finding)
    response = api_as(scene.staff["province"]).post(
        f"{FINDINGS}{finding.pk}/return/", {"comment": "未见制度文件。"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == Status.RETURNED
    assert response.json()["return_count"] == 1


def test_a_return_without_a_comment_names_the_field(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    report(scene, finding)
    response = api_as(scene.staff["province"]).post(f"{FINDINGS}{finding.pk}/return/", {})
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


@pytest.mark.parametrize("role", ["city", "province reader"])
def test_no_one_but_the_visiting_staff_decides_on_follow_up(scene, api_as, role):
    finding = add_finding(scene, record_visit(scene))
    report(scene, finding)
    client = api_as(person(scene, role))
    assert client.post(f"{FINDINGS}{finding.pk}/close/").status_code == 403
    assert client.post(f"{FINDINGS}{finding.pk}/return/", {"comment": "x"}).status_code == 403
    finding.refresh_from_db()
    assert finding.status == Status.REPORTED


# Follow-up reports -------------------------------------------------------------------------


def test_follow_up_reports_list_by_finding(scene, api_as):
    visit = record_visit(scene)
    first, second = add_finding(scene, visit), add_finding(scene, visit)
    reported = report(scene, first)
    report(scene, second)
    response = api_as(scene.readers["province"]).get(FOLLOW_UPS, {"finding": first.pk})
    assert listed(response) == [reported.pk]


def test_a_follow_up_attachment_downloads_as_reported(scene, api_as):
    finding = add_finding(scene, record_visit(scene))
    reported = report(scene, finding, attachment=flows.pdf("纪要.pdf"))
    client = api_as(scene.staff["province"])
    body = client.get(f"{FOLLOW_UPS}{reported.pk}/").json()
    response = client.get(body["download"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


def test_a_follow_up_without_an_attachment_has_none_to_download(scene, api_as):
    reported = report(scene, add_finding(scene, record_visit(scene)))
    client = api_as(scene.staff["city"])
    assert client.get(f"{FOLLOW_UPS}{reported.pk}/").json()["download"] is None
    assert client.get(f"{FOLLOW_UPS}{reported.pk}/attachment/").status_code == 404


@pytest.mark.parametrize("role", ["other_city", "outsider"])
def test_a_follow_up_out_of_scope_is_not_found(scene, api_as, role):
    finding = add_finding(scene, record_visit(scene))
    reported = report(scene, finding, attachment=flows.pdf("纪要.pdf"))
    client = api_as(person(scene, role))
    assert client.get(f"{FOLLOW_UPS}{reported.pk}/").status_code == 404
    assert client.get(f"{FOLLOW_UPS}{reported.pk}/attachment/").status_code == 404
    assert listed(client.get(FOLLOW_UPS)) == []


def test_the_follow_ups_list_takes_the_same_queries_for_many_reports(
    scene, api_as, django_assert_max_num_queries
):
    visit = record_visit(scene)
    report(scene, add_finding(scene, visit))
    client = api_as(scene.staff["province"])
    with django_assert_max_num_queries(8) as few:
        client.get(FOLLOW_UPS)
    for _n in range(3):
        report(scene, add_finding(scene, visit), attachment=flows.pdf("纪要.pdf"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client.get(FOLLOW_UPS))) == 4
