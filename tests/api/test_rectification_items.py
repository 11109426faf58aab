"""/api/v1/rectification-items/: the unit's measures, their progress and claims, and the office's
verification (销号), scoped and decided as on the item pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rectification import services
from rectification.models import ProgressAttachment, ProgressReport, RectificationItem
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ITEMS = "/api/v1/rectification-items/"
Status = RectificationItem.Status
Kind = RectificationItem.Kind
MEASURE = "建立“三重一大”事项清单，重大事项一律提交党委会集体研究。"


def item_url(item, action=""):
    return f"{ITEMS}{item.pk}/{action + '/' if action else ''}"


def listed(response):
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def measure_data(cast, plan, **changes):
    data = {
        "plan": plan.pk,
        "finding": flows.fed_back_findings(cast)[0].pk,
        "measure": MEASURE,
        "responsible_unit": "镇纪委",
        "responsible_person": "李书记",
        "deadline": "2024-09-30",
        "kind": Kind.IMMEDIATE,
    }
    data.update(changes)
    return data


def not_a_pdf():
    return SimpleUploadedFile("伪造.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def status_of(item):
    item.refresh_from_db()
    return item.status


# Who sees which item ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    ["office_staff", "leadership", "leader", "deputy", "member", "liaison"],
    indirect=True,
)
def test_the_office_the_team_and_the_unit_list_the_item(cast, api_as, person):
    item = flows.added_item(cast)
    assert listed(api_as(person).get(ITEMS)) == [item.pk]


@pytest.mark.parametrize(
    "person",
    ["receiving_officer", "outsider", "other office_staff", "other liaison"],
    indirect=True,
)
def test_no_one_else_lists_the_item(cast, api_as, person):
    flows.added_item(cast)
    assert listed(api_as(person).get(ITEMS)) == []


def test_a_liaison_lists_only_its_own_units_items(cast, other_cast, api_as):
    flows.added_item(cast)
    theirs = flows.added_item(other_cast)
    assert listed(api_as(other_cast.liaison).get(ITEMS)) == [theirs.pk]


@pytest.mark.parametrize("person", ["outsider", "other liaison"], indirect=True)
def test_an_item_out_of_scope_is_not_found(cast, api_as, person):
    item = flows.added_item(cast)
    assert api_as(person).get(item_url(item)).status_code == 404


def test_the_item_says_what_the_liaison_may_do_next(cast, api_as):
    item = flows.item_under_plan(cast)
    body = api_as(cast.liaison).get(item_url(item)).json()
    assert body["actions"] == ["report", "claim"]


def test_the_item_offers_the_office_the_verification_of_a_claim(cast, api_as):
    item = flows.claimed_item(cast)
    body = api_as(cast.office_staff).get(item_url(item)).json()
    assert body["actions"] == ["verify"]


def test_the_item_offers_a_team_member_nothing(cast, api_as):
    item = flows.claimed_item(cast)
    assert api_as(cast.member).get(item_url(item)).json()["actions"] == []


def test_a_list_leaves_out_what_a_person_may_do(cast, api_as):
    flows.item_under_plan(cast)
    row = api_as(cast.liaison).get(ITEMS).json()["results"][0]
    assert row["actions"] is None


def test_an_open_item_past_its_deadline_counts_its_days_overdue(cast, api_as):
    item = flows.added_item(cast)
    body = api_as(cast.liaison).get(item_url(item)).json()
    assert body["days_overdue"] == (datetime.date.today() - item.deadline).days


# Filters ---------------------------------------------------------------------------------


@pytest.fixture
def two_kinds(cast):
    """An in-period item past its deadline and a long-term item, which is never overdue."""
    plan = flows.opened_plan(cast, findings=2)
    first, second = flows.fed_back_findings(cast)
    late = flows.added_item(cast, plan=plan, finding=first)
    lasting = flows.added_item(cast, plan=plan, finding=second, kind=Kind.LONG_TERM)
    return late, lasting


def test_items_filter_by_overdue(cast, api_as, two_kinds):
    late, lasting = two_kinds
    client = api_as(cast.office_staff)
    assert listed(client.get(ITEMS, {"overdue": "true"})) == [late.pk]
    assert listed(client.get(ITEMS, {"overdue": "false"})) == [lasting.pk]


def test_items_filter_by_kind(cast, api_as, two_kinds):
    _late, lasting = two_kinds
    assert listed(api_as(cast.office_staff).get(ITEMS, {"kind": Kind.LONG_TERM})) == [lasting.pk]


def test_items_filter_by_status(cast, api_as, two_kinds):
    late, _lasting = two_kinds
    services.item_withdraw(item=late, by=cast.liaison, reason="重复")
    client = api_as(cast.office_staff)
    assert listed(client.get(ITEMS, {"status": Status.WITHDRAWN})) == [late.pk]


def test_items_filter_by_deadline(cast, api_as):
    plan = flows.opened_plan(cast, findings=2)
    first, second = flows.fed_back_findings(cast)
    early = services.item_add(
        plan=plan,
        by=cast.liaison,
        finding=first,
        measure=MEASURE,
        responsible_unit="镇纪委",
        responsible_person="李书记",
        deadline=datetime.date(2024, 8, 31),
    )
    later = flows.added_item(cast, plan=plan, finding=second)
    client = api_as(cast.office_staff)
    assert listed(client.get(ITEMS, {"due_before": "2024-09-01"})) == [early.pk]
    assert listed(client.get(ITEMS, {"due_after": "2024-09-01"})) == [later.pk]


def test_items_filter_by_plan_and_target(cast, api_as):
    item = flows.added_item(cast)
    other = flows.added_item(flows.build_cast(office=cast.office))
    client = api_as(cast.office_staff)
    assert listed(client.get(ITEMS, {"plan": item.plan_id})) == [item.pk]
    assert listed(client.get(ITEMS, {"target": other.plan.assignment.target_id})) == [other.pk]


def test_items_changed_since_a_moment_are_listed_for_sync(cast, api_as, two_kinds):
    late, _lasting = two_kinds
    since = datetime.datetime.now(datetime.UTC)
    services.item_withdraw(item=late, by=cast.liaison, reason="重复")
    response = api_as(cast.office_staff).get(ITEMS, {"updated_since": since.isoformat()})
    assert listed(response) == [late.pk]


def test_items_are_found_by_the_words_of_their_measure(cast, api_as, two_kinds):
    _late, lasting = two_kinds
    services.item_update(
        item=lasting,
        by=cast.liaison,
        measure="坚持每季度专题研究一次",
        responsible_unit="镇党政办",
        responsible_person="王主任",
        deadline=lasting.deadline,
        kind=Kind.LONG_TERM,
    )
    assert listed(api_as(cast.office_staff).get(ITEMS, {"search": "每季度"})) == [lasting.pk]


def test_items_order_by_deadline_latest_first(cast, api_as, two_kinds):
    late, lasting = two_kinds
    services.item_update(
        item=lasting,
        by=cast.liaison,
        measure=MEASURE,
        responsible_unit="镇党政办",
        responsible_person="王主任",
        deadline=datetime.date(2025, 12, 31),
        kind=Kind.LONG_TERM,
    )
    response = api_as(cast.office_staff).get(ITEMS, {"ordering": "-deadline"})
    assert listed(response) == [lasting.pk, late.pk]


def test_items_page_by_cursor(cast, api_as):
    plan = flows.opened_plan(cast, findings=3)
    items = [flows.added_item(cast, plan=plan, finding=f) for f in flows.fed_back_findings(cast)]
    client = api_as(cast.office_staff)
    seen, page = [], client.get(ITEMS, {"page_size": 2, "ordering": "updated_at"}).json()
    seen += [row["id"] for row in page["results"]]
    seen += [row["id"] for row in client.get(page["next"]).json()["results"]]
    assert seen == [item.pk for item in items]


# Writing the measures --------------------------------------------------------------------


def test_the_liaison_adds_a_measure(cast, api_as):
    plan = flows.opened_plan(cast)
    response = api_as(cast.liaison).post(ITEMS, measure_data(cast, plan), format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["measure"], body["kind"], body["status"]) == (
        MEASURE,
        Kind.IMMEDIATE,
        "not_started",
    )
    assert body["actions"] == ["edit"]


def test_a_team_member_may_not_add_a_measure(cast, api_as):
    plan = flows.opened_plan(cast)
    response = api_as(cast.member).post(ITEMS, measure_data(cast, plan), format="json")
    assert response.status_code == 403
    assert not RectificationItem.objects.exists()


def test_a_measure_without_its_fields_names_each_of_them(cast, api_as):
    plan = flows.opened_plan(cast)
    response = api_as(cast.liaison).post(ITEMS, {"plan": plan.pk}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"finding", "measure", "responsible_unit", "responsible_person", "deadline"} <= set(
        errors
    )


def test_a_deadline_that_is_not_a_date_is_a_field_error(cast, api_as):
    plan = flows.opened_plan(cast)
    data = measure_data(cast, plan, deadline="next month")
    response = api_as(cast.liaison).post(ITEMS, data, format="json")
    assert response.status_code == 400
    assert "deadline" in response.json()["errors"]


def test_a_deadline_before_the_feedback_is_refused_under_its_field(cast, api_as):
    plan = flows.opened_plan(cast)
    data = measure_data(cast, plan, deadline="2024-07-01")
    response = api_as(cast.liaison).post(ITEMS, data, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["deadline"] == ["The deadline cannot be before the feedback."]


def test_a_finding_of_another_unit_reads_as_unknown(cast, other_cast, api_as):
    plan = flows.opened_plan(cast)
    flows.fed_back(other_cast)
    theirs = flows.fed_back_findings(other_cast)[0]
    data = measure_data(cast, plan, finding=theirs.pk)
    response = api_as(cast.liaison).post(ITEMS, data, format="json")
    assert response.status_code == 400
    assert "finding" in response.json()["errors"]


def test_a_measure_added_to_a_submitted_plan_is_a_conflict(cast, api_as):
    plan = flows.submitted_plan(cast)
    response = api_as(cast.liaison).post(ITEMS, measure_data(cast, plan), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "status"


def test_the_liaison_changes_only_the_fields_it_sends(cast, api_as):
    item = flows.added_item(cast)
    response = api_as(cast.liaison).patch(item_url(item), {"measure": MEASURE}, format="json")
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.measure, item.responsible_person) == (MEASURE, "王主任")


def test_the_plan_of_an_item_is_not_changed_by_an_edit(cast, api_as):
    item = flows.added_item(cast)
    other_plan = flows.opened_plan(flows.build_cast(office=cast.office))
    api_as(cast.office_staff).patch(item_url(item), {"plan": other_plan.pk}, format="json")
    item.refresh_from_db()
    assert item.plan_id != other_plan.pk


def test_a_team_member_may_not_change_a_measure(cast, api_as):
    item = flows.added_item(cast)
    response = api_as(cast.member).patch(item_url(item), {"measure": MEASURE}, format="json")
    assert response.status_code == 403


def test_a_measure_of_a_submitted_plan_is_not_changed(cast, api_as):
    item = flows.item_under_plan(cast)
    response = api_as(cast.liaison).patch(item_url(item), {"measure": MEASURE}, format="json")
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.measure != MEASURE


def test_the_liaison_withdraws_a_measure_with_a_reason(cast, api_as):
    item = flows.added_item(cast)
    response = api_as(cast.liaison).post(item_url(item, "withdraw"), {"comment": "与第2项重复"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.WITHDRAWN


def test_withdrawing_a_measure_needs_a_reason(cast, api_as):
    item = flows.added_item(cast)
    response = api_as(cast.liaison).post(item_url(item, "withdraw"), {})
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert status_of(item) == Status.NOT_STARTED


# Progress and claims ---------------------------------------------------------------------


def test_the_liaison_reports_progress_with_two_files(cast, api_as):
    item = flows.item_under_plan(cast)
    files = [flows.pdf("会议纪要.pdf"), flows.pdf("制度.pdf")]
    response = api_as(cast.liaison).post(
        item_url(item, "progress"), {"text": "已召开专题会议。", "files": files}, format="multipart"
    )
    assert response.status_code == 201
    body = response.json()
    assert [attachment["name"] for attachment in body["attachments"]] == [
        "会议纪要.pdf",
        "制度.pdf",
    ]
    assert status_of(item) == Status.IN_PROGRESS


def test_a_report_with_a_bad_file_names_the_field_and_files_nothing(cast, api_as, media_root):
    item = flows.item_under_plan(cast)
    data = {"text": "已召开专题会议。", "files": [flows.pdf(), not_a_pdf()]}
    response = api_as(cast.liaison).post(item_url(item, "progress"), data, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["errors"]
    assert not ProgressReport.objects.exists()
    assert not any(path.is_file() for path in media_root.rglob("*"))


def test_a_report_without_text_names_the_field(cast, api_as):
    item = flows.item_under_plan(cast)
    response = api_as(cast.liaison).post(item_url(item, "progress"), {"text": ""})
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_progress_before_the_plan_is_submitted_is_refused(cast, api_as):
    item = flows.added_item(cast)
    response = api_as(cast.liaison).post(item_url(item, "progress"), {"text": "已开始。"})
    assert response.status_code == 400
    assert response.json()["code"] == "plan"


def test_a_team_member_may_not_report_progress(cast, api_as):
    item = flows.item_under_plan(cast)
    response = api_as(cast.member).post(item_url(item, "progress"), {"text": "已开始。"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_the_liaison_claims_an_item_done_with_evidence(cast, api_as):
    item = flows.started_item(cast)
    data = {"text": "制度已印发执行。", "files": [flows.pdf("制度文件.pdf")]}
    response = api_as(cast.liaison).post(item_url(item, "claim"), data, format="multipart")
    assert response.status_code == 200
    assert response.json()["status"] == Status.CLAIMED
    assert ProgressAttachment.objects.filter(report__item=item).count() == 1


def test_a_claim_without_evidence_is_refused_with_the_reason(cast, api_as):
    item = flows.started_item(cast)
    response = api_as(cast.liaison).post(item_url(item, "claim"), {"text": "已完成。"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Attach the evidence that the item is done."
    assert status_of(item) == Status.IN_PROGRESS


def test_a_long_term_item_is_never_just_claimed_done(cast, api_as):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    data = {"text": "已完成。", "files": [flows.pdf()]}
    response = api_as(cast.liaison).post(item_url(item, "claim"), data, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "kind"


# The office's verification ---------------------------------------------------------------


def test_office_staff_close_a_claimed_item(cast, api_as):
    item = flows.claimed_item(cast)
    response = api_as(cast.office_staff).post(item_url(item, "close"), {"comment": "核实销号"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["actions"]) == (Status.CLOSED, ["reopen"])


def test_closing_an_item_that_is_not_claimed_is_a_conflict(cast, api_as):
    item = flows.started_item(cast)
    response = api_as(cast.office_staff).post(item_url(item, "close"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert status_of(item) == Status.IN_PROGRESS


@pytest.mark.parametrize("action", ["close", "return", "reopen"])
def test_the_liaison_may_not_verify_its_own_item(cast, api_as, action):
    item = flows.claimed_item(cast)
    response = api_as(cast.liaison).post(item_url(item, action), {"comment": "自己销号"})
    assert response.status_code == 403
    assert status_of(item) == Status.CLAIMED


def test_verifying_another_units_item_is_not_found(cast, other_cast, api_as):
    item = flows.claimed_item(cast)
    response = api_as(other_cast.office_staff).post(item_url(item, "close"))
    assert response.status_code == 404
    assert status_of(item) == Status.CLAIMED


def test_the_unit_reads_why_its_item_was_returned(cast, api_as):
    item = flows.claimed_item(cast)
    reason = "证据不足，请补充会议记录。"
    response = api_as(cast.office_staff).post(item_url(item, "return"), {"comment": reason})
    assert response.json()["status"] == Status.RETURNED
    assert api_as(cast.liaison).get(item_url(item)).json()["return_reason"] == reason


def test_returning_an_item_without_a_reason_names_the_field(cast, api_as):
    item = flows.claimed_item(cast)
    response = api_as(cast.office_staff).post(item_url(item, "return"), {"comment": " "})
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert status_of(item) == Status.CLAIMED


def test_office_staff_reopen_a_closed_item(cast, api_as):
    item = flows.closed_item(cast)
    response = api_as(cast.office_staff).post(item_url(item, "reopen"), {"comment": "复查反弹"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.RETURNED


def test_reopening_an_item_that_is_not_closed_is_a_conflict(cast, api_as):
    item = flows.claimed_item(cast)
    response = api_as(cast.office_staff).post(item_url(item, "reopen"), {"comment": "复查反弹"})
    assert response.status_code == 409
    assert status_of(item) == Status.CLAIMED


# Cost ------------------------------------------------------------------------------------


def test_listing_items_takes_the_same_queries_for_one_or_several(
    cast, api_as, django_assert_num_queries
):
    plan = flows.opened_plan(cast, findings=3)
    first, *others = flows.fed_back_findings(cast)
    flows.added_item(cast, plan=plan, finding=first)
    client = api_as(cast.office_staff)
    # token, person, the assignments reached other than through the office
    # (rounds.selectors._access), page
    with django_assert_num_queries(4):
        assert len(listed(client.get(ITEMS))) == 1
    for finding in others:
        flows.added_item(cast, plan=plan, finding=finding)
    with django_assert_num_queries(4):
        assert len(listed(client.get(ITEMS))) == 3
