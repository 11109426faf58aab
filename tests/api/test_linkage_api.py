"""/api/v1/upward-filings/ and /api/v1/filing-deadlines/: a lower office files its plans and round
summaries with the office directly above (报备), which acknowledges or returns them; what is owed
and never filed; the deadlines the office above sets."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from linkage import services
from linkage.models import FilingPolicy, UpwardFiling
from organisations.models import Office
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

FILINGS = "/api/v1/upward-filings/"
MISSING = "/api/v1/upward-filings/missing/"
DEADLINES = "/api/v1/filing-deadlines/"
Kind = UpwardFiling.Kind
Status = UpwardFiling.Status
PLAN_FIGURES = {"targets_planned": 134, "rounds_planned": 9}
TODAY = datetime.date(2024, 8, 15)


@pytest.fixture
def scene(db):
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL)
    city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    other_city = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=province)
    county = factories.OfficeFactory(parent=city)
    return {
        "province": province,
        "city": city,
        "other_city": other_city,
        "county": county,
        "term": factories.TermFactory(office=city, starts_on=datetime.date(2022, 1, 1)),
        "city_staff": factories.OfficeStaffFactory(office=city).user,
        "city_reader": factories.ProfileFactory(office=city, is_leadership=True).user,
        "other_staff": factories.OfficeStaffFactory(office=other_city).user,
        "county_staff": factories.OfficeStaffFactory(office=county).user,
        "province_staff": factories.OfficeStaffFactory(office=province).user,
        "province_reader": factories.ProfileFactory(office=province, is_leadership=True).user,
        "outsider": factories.UserFactory(),
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


def returned(scene):
    filing = filed(scene)
    return services.filing_return(filing=filing, by=scene["province_staff"], comment="补充数据。")


def plan_data(scene, **changes):
    data = {
        "kind": Kind.TERM_PLAN,
        "term": scene["term"].pk,
        "title": "第七届市委巡察工作规划",
        "summary": "本届任期内实现巡察全覆盖。",
        "targets_planned": 134,
        "rounds_planned": 9,
        "document": flows.pdf("规划.pdf"),
    }
    return data | changes


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


# Who sees which filing -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["city_staff", "city_reader", "province_staff", "province_reader"])
def test_the_filing_office_and_the_office_above_list_the_filing(scene, api_as, role):
    filing = filed(scene)
    assert listed(api_as(scene[role]).get(FILINGS)) == [filing.pk]


@pytest.mark.parametrize("role", ["other_staff", "county_staff", "outsider"])
def test_siblings_children_and_outsiders_list_no_filing(scene, api_as, role):
    filed(scene)
    assert listed(api_as(scene[role]).get(FILINGS)) == []


@pytest.mark.parametrize("role", ["other_staff", "county_staff", "outsider"])
def test_a_filing_out_of_scope_is_not_found(scene, api_as, role):
    filing = filed(scene)
    client = api_as(scene[role])
    assert client.get(f"{FILINGS}{filing.pk}/").status_code == 404
    assert client.get(f"{FILINGS}{filing.pk}/document/").status_code == 404
    assert client.post(f"{FILINGS}{filing.pk}/acknowledge/").status_code == 404


def test_one_filing_shows_its_period_figures_and_what_the_reader_may_do(scene, api_as):
    filing = filed(scene)
    body = api_as(scene["province_staff"]).get(f"{FILINGS}{filing.pk}/").json()
    assert body["office"] == scene["city"].pk
    assert body["filed_with"] == scene["province"].pk
    assert body["targets_planned"] == 134 and body["problems_found"] is None
    assert body["due_on"] == "2022-04-01"
    assert body["actions"] == ["acknowledge", "return"]


def test_the_document_downloads_as_filed(scene, api_as):
    filing = filed(scene)
    response = api_as(scene["province_reader"]).get(f"{FILINGS}{filing.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == flows.PDF_BYTES


# Filters -----------------------------------------------------------------------------------


def test_the_office_above_filters_by_the_filing_office(scene, api_as):
    mine = filed(scene)
    other = filed(scene, office=scene["other_city"], by=scene["other_staff"])
    client = api_as(scene["province_staff"])
    assert listed(client.get(FILINGS, {"office": scene["other_city"].pk})) == [other.pk]
    assert listed(client.get(FILINGS, {"office": scene["city"].pk})) == [mine.pk]


def test_filings_filter_by_status_and_kind(scene, api_as):
    filing = returned(scene)
    client = api_as(scene["province_staff"])
    assert listed(client.get(FILINGS, {"status": Status.RETURNED})) == [filing.pk]
    assert listed(client.get(FILINGS, {"status": Status.SUBMITTED})) == []
    assert listed(client.get(FILINGS, {"kind": Kind.ROUND_SUMMARY})) == []


def test_filings_past_their_due_date_filter_as_overdue(scene, api_as):
    late = filed(scene)  # the term plan was due on 1 April 2022
    client = api_as(scene["province_staff"])
    assert listed(client.get(FILINGS, {"overdue": "true"})) == [late.pk]
    assert listed(client.get(FILINGS, {"overdue": "false"})) == []
    assert client.get(f"{FILINGS}{late.pk}/").json()["days_overdue"] > 0


def test_an_acknowledged_filing_is_not_overdue(scene, api_as):
    filing = filed(scene)
    services.filing_acknowledge(filing=filing, by=scene["province_staff"])
    assert listed(api_as(scene["province_staff"]).get(FILINGS, {"overdue": "true"})) == []


def test_filings_are_searched_by_title(scene, api_as):
    filing = filed(scene)
    client = api_as(scene["city_staff"])
    assert listed(client.get(FILINGS, {"search": "工作规划"})) == [filing.pk]
    assert listed(client.get(FILINGS, {"search": "总结"})) == []


def test_filings_changed_since_a_moment_are_listed(scene, api_as):
    filing = filed(scene)
    client = api_as(scene["city_staff"])
    assert listed(client.get(FILINGS, {"updated_since": "2000-01-01T00:00:00Z"})) == [filing.pk]
    assert listed(client.get(FILINGS, {"updated_since": "2999-01-01T00:00:00Z"})) == []


def test_a_list_takes_the_same_queries_for_many_filings_as_for_one(
    scene, api_as, django_assert_max_num_queries
):
    filed(scene)
    client = api_as(scene["province_staff"])
    with django_assert_max_num_queries(8) as few:
        client.get(FILINGS)
    for _n in range(3):
        office = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=scene["province"])
        filed(scene, office=office, by=factories.OfficeStaffFactory(office=office).user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client.get(FILINGS))) == 4


# Filing ------------------------------------------------------------------------------------


def test_the_lower_office_files_a_term_plan_with_a_pdf(scene, api_as):
    response = api_as(scene["city_staff"]).post(FILINGS, plan_data(scene), format="multipart")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == Status.SUBMITTED and body["filed_with"] == scene["province"].pk
    filing = UpwardFiling.objects.get()
    assert filing.targets_planned == 134 and filing.document_content_type == "application/pdf"


def test_a_round_summary_names_its_round_and_its_figures(scene, api_as):
    round_ = factories.RoundFactory(term=scene["term"])
    data = {
        "kind": Kind.ROUND_SUMMARY,
        "round": round_.pk,
        "title": "第三轮巡察工作总结",
        "summary": "完成对12个单位的巡察。",
        "targets_inspected": 12,
        "problems_found": 87,
        "leads_transferred": 5,
        "document": flows.pdf("总结.pdf"),
    }
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 201
    assert response.json()["round"] == round_.pk
    assert response.json()["targets_planned"] is None


def test_filing_the_same_period_twice_is_a_conflict(scene, api_as):
    filed(scene)
    response = api_as(scene["city_staff"]).post(FILINGS, plan_data(scene), format="multipart")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"


def test_a_missing_figure_names_the_field(scene, api_as):
    data = plan_data(scene)
    del data["rounds_planned"]
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "rounds_planned" in response.json()["errors"]
    assert not UpwardFiling.objects.exists()


def test_a_year_outside_the_term_names_the_field(scene, api_as):
    data = plan_data(scene, kind=Kind.ANNUAL_PLAN, year=2030)
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_another_offices_term_names_the_field(scene, api_as):
    term = factories.TermFactory(office=scene["other_city"])
    data = plan_data(scene, term=term.pk)
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "term" in response.json()["errors"]


def test_a_document_whose_content_is_not_its_type_is_refused_and_not_kept(
    scene, api_as, media_root
):
    fake = SimpleUploadedFile("规划.pdf", b"not a pdf at all", content_type="application/pdf")
    data = plan_data(scene, document=fake)
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]
    assert not UpwardFiling.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_document_of_a_type_not_accepted_is_refused(scene, api_as):
    script = SimpleUploadedFile("规划.html", b"<html></html>", content_type="text/html")
    data = plan_data(scene, document=script)
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]


def test_a_document_over_the_size_limit_is_refused(scene, api_as, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = api_as(scene["city_staff"]).post(FILINGS, plan_data(scene), format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]


def test_a_filing_without_a_document_names_the_field(scene, api_as):
    data = plan_data(scene)
    del data["document"]
    response = api_as(scene["city_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert "document" in response.json()["errors"]


@pytest.mark.parametrize("role", ["city_reader", "outsider"])
def test_no_one_but_the_offices_staff_files(scene, api_as, role):
    response = api_as(scene[role]).post(FILINGS, plan_data(scene), format="multipart")
    assert response.status_code == 403
    assert not UpwardFiling.objects.exists()


def test_an_office_with_none_above_it_has_no_one_to_file_with(scene, api_as):
    term = factories.TermFactory(office=scene["province"])
    data = plan_data(scene, term=term.pk)
    response = api_as(scene["province_staff"]).post(FILINGS, data, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "parent"


# Acknowledging and returning ----------------------------------------------------------------


def test_the_office_above_acknowledges_a_filing(scene, api_as):
    filing = filed(scene)
    client = api_as(scene["province_staff"])
    response = client.post(f"{FILINGS}{filing.pk}/acknowledge/", {"comment": "已备案。"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.ACKNOWLEDGED
    assert response.json()["actions"] == []


def test_acknowledging_twice_is_a_conflict(scene, api_as):
    filing = filed(scene)
    client = api_as(scene["province_staff"])
    client.post(f"{FILINGS}{filing.pk}/acknowledge/")
    response = client.post(f"{FILINGS}{filing.pk}/acknowledge/")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_the_office_above_returns_a_filing_with_a_comment(scene, api_as):
    filing = filed(scene)
    response = api_as(scene["province_staff"]).post(
        f"{FILINGS}{filing.pk}/return/", {"comment": "请补充分年度安排。"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == Status.RETURNED
    assert response.json()["review_comment"] == "请补充分年度安排。"


def test_a_return_without_a_comment_names_the_field(scene, api_as):
    filing = filed(scene)
    response = api_as(scene["province_staff"]).post(f"{FILINGS}{filing.pk}/return/", {})
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


@pytest.mark.parametrize("role", ["province_reader", "city_staff", "city_reader"])
def test_no_one_but_the_staff_above_reviews_a_filing(scene, api_as, role):
    filing = filed(scene)
    client = api_as(scene[role])
    assert client.post(f"{FILINGS}{filing.pk}/acknowledge/").status_code == 403
    assert client.post(f"{FILINGS}{filing.pk}/return/", {"comment": "x"}).status_code == 403
    filing.refresh_from_db()
    assert filing.status == Status.SUBMITTED


# Resubmitting ------------------------------------------------------------------------------


def test_the_filing_office_resubmits_a_returned_filing_changing_only_what_it_sends(scene, api_as):
    filing = returned(scene)
    client = api_as(scene["city_staff"])
    data = {"rounds_planned": 10, "comment": "已补充。"}
    response = client.post(f"{FILINGS}{filing.pk}/resubmit/", data, format="multipart")
    assert response.status_code == 200
    filing.refresh_from_db()
    assert filing.status == Status.SUBMITTED
    assert (filing.rounds_planned, filing.targets_planned) == (10, 134)
    assert filing.title == "第七届市委巡察工作规划"


def test_a_resubmission_may_bring_a_new_document(scene, api_as):
    filing = returned(scene)
    before = filing.document.name
    data = {"document": flows.pdf("规划（修改稿）.pdf")}
    response = api_as(scene["city_staff"]).post(
        f"{FILINGS}{filing.pk}/resubmit/", data, format="multipart"
    )
    assert response.status_code == 200
    filing.refresh_from_db()
    assert filing.document.name != before


def test_a_resubmitted_document_of_the_wrong_type_is_refused(scene, api_as):
    filing = returned(scene)
    fake = SimpleUploadedFile("规划.pdf", b"plain words", content_type="application/pdf")
    response = api_as(scene["city_staff"]).post(
        f"{FILINGS}{filing.pk}/resubmit/", {"document": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert "document" in response.json()["errors"]
    filing.refresh_from_db()
    assert filing.status == Status.RETURNED


def test_a_filing_not_returned_cannot_be_resubmitted(scene, api_as):
    filing = filed(scene)
    response = api_as(scene["city_staff"]).post(f"{FILINGS}{filing.pk}/resubmit/", {})
    assert response.status_code == 409


@pytest.mark.parametrize("role", ["province_staff", "city_reader"])
def test_no_one_but_the_filing_offices_staff_resubmits(scene, api_as, role):
    filing = returned(scene)
    response = api_as(scene[role]).post(f"{FILINGS}{filing.pk}/resubmit/", {})
    assert response.status_code == 403


# Missing filings ---------------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_the_office_above_sees_what_the_offices_below_owe(scene, api_as):
    response = api_as(scene["province_staff"]).get(MISSING)
    assert response.status_code == 200
    rows = response.json()["results"]
    term_plans = [row for row in rows if row["kind"] == Kind.TERM_PLAN]
    assert [(row["office"], row["term"]) for row in term_plans] == [
        (scene["city"].pk, scene["term"].pk)
    ]
    assert term_plans[0]["due_on"] == "2022-04-01"
    assert term_plans[0]["days_overdue"] == (TODAY - datetime.date(2022, 4, 1)).days


@time_machine.travel(TODAY, tick=False)
def test_what_is_owed_follows_the_deadlines_of_the_office_above(scene, api_as):
    FilingPolicy.objects.create(office=scene["province"], term_plan_days=30)
    rows = api_as(scene["province_staff"]).get(MISSING, {"kind": Kind.TERM_PLAN}).json()
    assert [row["due_on"] for row in rows["results"]] == ["2022-01-31"]


@time_machine.travel(TODAY, tick=False)
def test_a_filed_plan_is_no_longer_owed(scene, api_as):
    filed(scene)
    rows = api_as(scene["province_staff"]).get(MISSING, {"kind": Kind.TERM_PLAN}).json()
    assert rows["results"] == []


@time_machine.travel(TODAY, tick=False)
def test_mine_lists_what_the_callers_own_office_owes(scene, api_as):
    client = api_as(scene["city_staff"])
    mine = client.get(MISSING, {"mine": "true"}).json()["results"]
    assert {row["office"] for row in mine} == {scene["city"].pk}
    # The city's county owes nothing, having no term; the city's own debts are not its inbox.
    assert client.get(MISSING).json()["results"] == []


@time_machine.travel(TODAY, tick=False)
def test_missing_filings_filter_by_an_office_below(scene, api_as):
    factories.TermFactory(office=scene["other_city"])
    client = api_as(scene["province_staff"])
    rows = client.get(MISSING, {"office": scene["other_city"].pk}).json()["results"]
    assert {row["office"] for row in rows} == {scene["other_city"].pk}
    # An office that is not directly below reads as owing nothing.
    assert client.get(MISSING, {"office": scene["county"].pk}).json()["results"] == []


def test_an_outsider_is_owed_nothing(scene, api_as):
    assert api_as(scene["outsider"]).get(MISSING).json()["results"] == []


def test_an_unknown_kind_of_missing_filing_names_the_parameter(scene, api_as):
    response = api_as(scene["province_staff"]).get(MISSING, {"kind": "memo"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


@time_machine.travel(TODAY, tick=False)
def test_missing_filings_take_the_same_queries_for_many_offices(
    scene, api_as, django_assert_max_num_queries
):
    client = api_as(scene["province_staff"])
    with django_assert_max_num_queries(10) as few:
        first = client.get(MISSING).json()["results"]
    for _n in range(3):
        office = factories.OfficeFactory(level=Office.Level.MUNICIPAL, parent=scene["province"])
        factories.TermFactory(office=office)
        factories.RoundFactory(term=factories.TermFactory(office=office))
    with django_assert_max_num_queries(len(few.captured_queries)):
        again = client.get(MISSING).json()["results"]
    assert len(again) > len(first)


# Deadlines ---------------------------------------------------------------------------------


def test_the_deadlines_are_the_defaults_until_the_office_sets_its_own(scene, api_as):
    body = api_as(scene["province_reader"]).get(DEADLINES).json()
    assert body == {
        "office": scene["province"].pk,
        "term_plan_days": 90,
        "annual_plan_month": 1,
        "annual_plan_day": 31,
        "round_summary_days": 30,
        "is_default": True,
    }


def deadlines(**changes):
    return {
        "term_plan_days": 60,
        "annual_plan_month": 2,
        "annual_plan_day": 28,
        "round_summary_days": 45,
    } | changes


def test_the_staff_set_the_offices_deadlines(scene, api_as):
    response = api_as(scene["province_staff"]).put(DEADLINES, deadlines(), format="json")
    assert response.status_code == 200
    assert response.json()["is_default"] is False
    policy = FilingPolicy.objects.get(office=scene["province"])
    assert (policy.term_plan_days, policy.annual_plan_day) == (60, 28)


def test_a_day_the_month_does_not_have_names_the_field(scene, api_as):
    data = deadlines(annual_plan_day=30)
    response = api_as(scene["province_staff"]).put(DEADLINES, data, format="json")
    assert response.status_code == 400
    assert "annual_plan_day" in response.json()["errors"]
    assert not FilingPolicy.objects.exists()


def test_a_number_of_days_out_of_range_names_the_field(scene, api_as):
    data = deadlines(term_plan_days=400)
    response = api_as(scene["province_staff"]).put(DEADLINES, data, format="json")
    assert response.status_code == 400
    assert "term_plan_days" in response.json()["errors"]


def test_the_leadership_group_reads_the_deadlines_but_cannot_set_them(scene, api_as):
    client = api_as(scene["province_reader"])
    assert client.put(DEADLINES, deadlines(), format="json").status_code == 403
    assert not FilingPolicy.objects.exists()


def test_someone_who_reads_no_office_finds_no_deadlines(scene, api_as):
    client = api_as(scene["outsider"])
    assert client.get(DEADLINES).status_code == 404
    assert client.put(DEADLINES, deadlines(), format="json").status_code == 404
