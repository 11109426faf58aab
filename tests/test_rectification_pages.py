"""The rectification pages: the list of assignments with feedback, the hub of one assignment, the
measures, the top official's sign-off, the office's decisions, and the item's progress, claims
and verification. Who does not see an assignment gets 404 on each of them."""

import datetime
import uuid
from html import unescape

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from core.models import StatusChange, Submission
from rectification import services
from rectification.models import (
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationReport,
)
from tests import factories, flows
from tests.factories import FEEDBACK_ON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind
MEASURE = "建立“三重一大”事项清单，重大事项一律提交党委会集体研究。"
PROGRESS = "已印发《党委会议事规则》，召开专题民主生活会。"
RETURN_COMMENT = "整改措施过于笼统，请细化到具体时限和责任人。"
# After the plan's due date (2024-08-15), before the report's (2024-09-15).
PLAN_LATE = datetime.datetime(2024, 9, 1, 10, tzinfo=datetime.UTC)
# Before the items' deadline (2024-10-15), after the plan's due date (2024-08-15).
IN_THE_PERIOD = datetime.datetime(2024, 9, 20, 10, tzinfo=datetime.UTC)
AFTER_THE_DEADLINES = datetime.datetime(2024, 10, 25, 10, tzinfo=datetime.UTC)


def hub_url(cast):
    return reverse("rectification:assignment", args=[cast.assignment.pk])


def item_url(item):
    return reverse("rectification:item", args=[item.pk])


def url(name, obj):
    return reverse(f"rectification:{name}", args=[obj.pk])


def not_a_pdf(name="伪造.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def measure_data(cast, *, token=None, finding=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "finding": (finding or flows.fed_back_findings(cast)[0]).pk,
        "measure": MEASURE,
        "responsible_unit": "镇纪委",
        "responsible_person": "李书记",
        "deadline": "2024-09-30",
        "kind": Kind.IMMEDIATE,
    }
    data.update(changes)
    return data


def sign_off(*, token=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "signed_by_name": "张书记",
        "signed_at": "2024-08-10T09:00",
    }
    data.update(changes)
    return data


def report(*, token=None, files=None, **changes):
    data = {
        "submission": str(token or uuid.uuid4()),
        "text": PROGRESS,
        "files": [flows.pdf("会议纪要.pdf")] if files is None else files,
    }
    data.update(changes)
    return data


def non_field_errors(response, form="form"):
    return [unescape(str(error)) for error in response.context[form].non_field_errors()]


def status_of(obj):
    obj.refresh_from_db()
    return obj.status


def listed(response):
    return [assignment.pk for assignment in response.context["page_obj"]]


# The list ----------------------------------------------------------------------------------


def test_the_liaison_sees_its_assignment_once_feedback_is_given(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.liaison)
    response = client.get(reverse("rectification:plans"))
    assert response.status_code == 200
    assert listed(response) == [cast.assignment.pk]


def test_an_assignment_without_feedback_is_not_listed(client, cast):
    flows.reporting(cast)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:plans"))
    assert listed(response) == []


def test_the_liaison_does_not_see_another_units_assignment(client, cast, other_cast):
    flows.fed_back(cast)
    flows.fed_back(other_cast)
    client.force_login(other_cast.liaison)
    response = client.get(reverse("rectification:plans"))
    assert listed(response) == [other_cast.assignment.pk]


def test_the_list_counts_the_items_open_closed_and_overdue(client, cast):
    plan = flows.opened_plan(cast, findings=3)
    first, second, third = flows.fed_back_findings(cast)
    with time_machine.travel(IN_THE_PERIOD):
        flows.added_item(cast, plan=plan, finding=first)
        flows.added_item(cast, plan=plan, finding=second)
        early = services.item_add(
            plan=plan,
            by=cast.liaison,
            finding=third,
            measure=MEASURE,
            responsible_unit="镇纪委",
            responsible_person="李书记",
            deadline=datetime.date(2024, 9, 1),
        )
        flows.submit(cast, plan)
        services.item_claim_done(
            item=early, by=cast.liaison, text="已完成", attachments=[flows.pdf()]
        )
        services.item_close(item=early, by=cast.office_staff)
    client.force_login(cast.office_staff)
    with time_machine.travel(AFTER_THE_DEADLINES):
        response = client.get(reverse("rectification:plans"))
    [row] = response.context["page_obj"]
    assert (row.items_open, row.items_closed, row.items_overdue) == (2, 1, 2)


def test_an_unopened_plan_is_listed_with_the_date_it_will_be_due(client_in_english, cast):
    flows.fed_back(cast)
    client_in_english.force_login(cast.liaison)
    with time_machine.travel(IN_THE_PERIOD):
        response = client_in_english.get(reverse("rectification:plans"))
    [row] = response.context["page_obj"]
    assert row.deadlines.due_on == datetime.date(2024, 8, 15)
    assert row.deadlines.plan_overdue is True
    assert "not opened" in response.text


def test_a_plan_due_date_that_has_passed_is_highlighted(client, cast):
    flows.opened_plan(cast)
    client.force_login(cast.liaison)
    with time_machine.travel(IN_THE_PERIOD):
        response = client.get(reverse("rectification:plans"))
    assert 'class="nowrap overdue warning">2024-08-15' in response.text


def test_a_submitted_plan_is_not_overdue(client, cast):
    with time_machine.travel(IN_THE_PERIOD):
        flows.submitted_plan(cast)
        client.force_login(cast.liaison)
        response = client.get(reverse("rectification:plans"))
    [row] = response.context["page_obj"]
    assert row.deadlines.plan_overdue is False


def test_office_staff_filter_the_list_by_plan_status(client, cast, other_cast):
    other = flows.build_cast(office=cast.office)
    flows.submitted_plan(cast)
    flows.opened_plan(other)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:plans"), {"plan_status": "submitted"})
    assert listed(response) == [cast.assignment.pk]


def test_office_staff_filter_the_list_for_plans_not_opened(client, cast):
    other = flows.build_cast(office=cast.office)
    flows.fed_back(cast)
    flows.opened_plan(other)
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:plans"), {"plan_status": "not_opened"})
    assert listed(response) == [cast.assignment.pk]


def test_overdue_only_lists_late_plans_and_late_items(client, cast):
    on_time = flows.build_cast(office=cast.office)
    unopened = flows.build_cast(office=cast.office)
    with time_machine.travel(PLAN_LATE):
        flows.opened_plan(cast)
        flows.submitted_plan(on_time)
        flows.fed_back(unopened)
        client.force_login(cast.office_staff)
        response = client.get(reverse("rectification:plans"), {"overdue": "on"})
    assert sorted(listed(response)) == sorted([cast.assignment.pk, unopened.assignment.pk])


def test_overdue_only_lists_a_plan_whose_item_is_past_its_deadline(client, cast):
    with time_machine.travel(IN_THE_PERIOD):
        flows.accepted_plan(cast)
        services.report_file(
            assignment=cast.assignment,
            by=cast.liaison,
            kind=RectificationReport.Kind.UNIT,
            text="集中整改期内，各项措施按计划推进。",
            author_name="张书记",
        )
    with time_machine.travel(IN_THE_PERIOD):
        client.force_login(cast.office_staff)
        assert listed(client.get(reverse("rectification:plans"), {"overdue": "on"})) == []
    with time_machine.travel(AFTER_THE_DEADLINES):
        client.force_login(cast.office_staff)
        response = client.get(reverse("rectification:plans"), {"overdue": "on"})
    assert listed(response) == [cast.assignment.pk]


def test_the_liaison_is_not_shown_the_filters(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.liaison)
    response = client.get(reverse("rectification:plans"))
    assert 'class="filters"' not in response.text


# The hub -----------------------------------------------------------------------------------


def test_the_hub_shows_the_liaison_the_fed_back_findings_and_suggestions(client, cast):
    flows.on_site(cast)
    suggestion = flows.rounds.suggestion_add(
        assignment=cast.assignment, by=cast.leader, text="健全议事规则，严格落实集体决策。"
    )
    flows.fed_back(cast, suggestions=[suggestion])
    client.force_login(cast.liaison)
    response = client.get(hub_url(cast))
    assert response.status_code == 200
    finding = flows.fed_back_findings(cast)[0]
    assert [f.pk for f in response.context["findings"]] == [finding.pk]
    assert finding.title in unescape(response.text)
    assert "健全议事规则，严格落实集体决策。" in response.text


def test_the_hub_never_names_the_team_to_the_liaison(client, cast):
    flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    text = client.get(hub_url(cast)).text
    for person in (cast.leader, cast.deputy, cast.member):
        assert person.profile.name not in text
    assert cast.team.name not in text


def test_the_liaison_is_offered_to_open_the_plan(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.liaison)
    response = client.get(hub_url(cast))
    assert response.context["next_step"] == "open"
    assert url("plan_open", cast.assignment) in response.text


def test_the_liaison_opens_the_plan(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.liaison)
    response = client.post(url("plan_open", cast.assignment))
    assertRedirects(response, hub_url(cast))
    assert cast.assignment.rectification_plan.status == "draft"


def test_the_team_member_is_offered_no_write_action(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.member)
    response = client.get(hub_url(cast))
    assert response.status_code == 200
    assert response.context["next_step"] == ""
    assert url("plan_open", cast.assignment) not in response.text


def test_the_team_member_cannot_open_the_plan(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.member)
    response = client.post(url("plan_open", cast.assignment))
    assert response.status_code == 403
    assert not hasattr(cast.refresh(), "rectification_plan")


def test_the_hub_marks_a_finding_without_a_measure(client_in_english, cast):
    flows.opened_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.get(hub_url(cast))
    assert response.context["next_step"] == "measures"
    assert "no measure yet" in response.text


def test_the_hub_offers_to_submit_once_every_finding_has_a_measure(client, cast):
    plan = flows.covered_plan(cast)
    client.force_login(cast.liaison)
    response = client.get(hub_url(cast))
    assert response.context["next_step"] == "submit"
    assert url("plan_submit", plan) in response.text


def test_the_hub_shows_how_many_days_an_item_is_overdue(client, cast):
    item = flows.started_item(cast)
    client.force_login(cast.liaison)
    with time_machine.travel(AFTER_THE_DEADLINES):
        response = client.get(hub_url(cast))
    [shown] = response.context["findings"][0].plan_items
    assert (shown.pk, shown.days_overdue) == (item.pk, 10)


def test_the_liaison_reads_why_the_office_returned_the_plan(client, cast):
    plan = flows.submitted_plan(cast)
    services.plan_return(plan=plan, by=cast.office_staff, comment=RETURN_COMMENT)
    client.force_login(cast.liaison)
    response = client.get(hub_url(cast))
    assert response.context["return_comment"] == RETURN_COMMENT
    assert cast.office_staff.profile.name not in response.text


def test_office_staff_see_who_returned_the_plan(client, cast):
    plan = flows.submitted_plan(cast)
    services.plan_return(plan=plan, by=cast.office_staff, comment=RETURN_COMMENT)
    client.force_login(cast.office_staff)
    response = client.get(hub_url(cast))
    assert f'<span class="who">{cast.office_staff.profile.name}</span>' in response.text


def test_office_staff_accept_a_submitted_plan(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    response = client.post(url("plan_accept", plan), {"comment": "同意"})
    assertRedirects(response, hub_url(cast))
    assert status_of(plan) == "accepted"


def test_office_staff_return_a_plan_with_a_comment(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.office_staff)
    response = client.post(url("plan_return", plan), {"comment": RETURN_COMMENT})
    assertRedirects(response, hub_url(cast))
    assert status_of(plan) == "returned"


def test_returning_a_plan_without_a_comment_is_refused(client_in_english, cast):
    plan = flows.submitted_plan(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(url("plan_return", plan), {"comment": " "})
    assert response.status_code == 400
    assert non_field_errors(response, "decision_form") == ["Say what the plan must change."]
    assert "Say what the plan must change." in response.text
    assert status_of(plan) == "submitted"


def test_accepting_a_draft_plan_is_refused_with_the_reason(client_in_english, cast):
    plan = flows.covered_plan(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(url("plan_accept", plan), {"comment": ""})
    assert response.status_code == 400
    assert "it cannot become accepted" in non_field_errors(response, "decision_form")[0]


def test_the_liaison_is_not_offered_the_office_decision(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    response = client.get(hub_url(cast))
    assert url("plan_accept", plan) not in response.text


def test_the_liaison_cannot_accept_its_own_plan(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    response = client.post(url("plan_accept", plan), {"comment": ""})
    assert response.status_code == 403
    assert status_of(plan) == "submitted"


# Measures ----------------------------------------------------------------------------------


def test_the_measure_form_offers_only_the_findings_fed_back_to_the_unit(client, cast):
    flows.accepted_finding(cast)  # accepted but left out of the feedback
    plan = flows.opened_plan(cast)
    client.force_login(cast.liaison)
    response = client.get(url("item_create", plan))
    offered = list(response.context["form"].fields["finding"].queryset)
    assert offered == flows.fed_back_findings(cast)


def test_the_measure_form_starts_on_the_finding_it_was_opened_for(client, cast):
    plan = flows.opened_plan(cast, findings=2)
    second = flows.fed_back_findings(cast)[1]
    client.force_login(cast.liaison)
    response = client.get(url("item_create", plan), {"finding": second.pk})
    assert response.context["form"]["finding"].value() == second.pk


def test_the_liaison_adds_a_measure(client, cast):
    plan = flows.opened_plan(cast)
    finding = flows.fed_back_findings(cast)[0]
    client.force_login(cast.liaison)
    response = client.post(url("item_create", plan), measure_data(cast))
    assertRedirects(response, f"{hub_url(cast)}#finding-{finding.pk}")
    item = plan.items.get()
    assert (item.measure, item.kind, item.deadline) == (
        MEASURE,
        Kind.IMMEDIATE,
        datetime.date(2024, 9, 30),
    )


def test_posting_the_same_measure_twice_adds_one(client, cast):
    plan = flows.opened_plan(cast)
    client.force_login(cast.liaison)
    token = uuid.uuid4()
    client.post(url("item_create", plan), measure_data(cast, token=token))
    second = client.post(url("item_create", plan), measure_data(cast, token=token))
    assert second.status_code == 302
    assert plan.items.count() == 1


def test_a_measure_due_before_the_feedback_is_refused_and_the_text_is_kept(client_in_english, cast):
    plan = flows.opened_plan(cast)
    client_in_english.force_login(cast.liaison)
    data = measure_data(cast, deadline=(FEEDBACK_ON - datetime.timedelta(days=1)).isoformat())
    response = client_in_english.post(url("item_create", plan), data)
    assert response.status_code == 400
    assert non_field_errors(response) == ["The deadline cannot be before the feedback."]
    assert MEASURE in unescape(response.text)
    assert not plan.items.exists()
    assert not Submission.objects.exists()


def test_a_measure_left_empty_is_refused_with_the_services_reason(client_in_english, cast):
    plan = flows.opened_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("item_create", plan), measure_data(cast, measure=""))
    assert response.status_code == 400
    assert non_field_errors(response) == ["Describe the measure."]


def test_a_finding_of_another_unit_is_not_a_valid_choice(client, cast, other_cast):
    plan = flows.opened_plan(cast)
    flows.fed_back(other_cast)
    theirs = flows.fed_back_findings(other_cast)[0]
    client.force_login(cast.liaison)
    response = client.post(url("item_create", plan), measure_data(cast, finding=theirs))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["finding"]


def test_the_team_member_cannot_add_a_measure(client, cast):
    plan = flows.opened_plan(cast)
    client.force_login(cast.member)
    assert client.get(url("item_create", plan)).status_code == 403
    assert client.post(url("item_create", plan), measure_data(cast)).status_code == 403
    assert not plan.items.exists()


def test_the_measure_form_of_a_submitted_plan_sends_back_to_the_hub(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    assertRedirects(client.get(url("item_create", plan)), hub_url(cast))


def test_the_liaison_edits_a_measure_of_a_draft_plan(client, cast):
    item = flows.added_item(cast)
    client.force_login(cast.liaison)
    data = measure_data(cast, measure="修订议事规则并报县委备案。", kind=Kind.LONG_TERM)
    response = client.post(url("item_edit", item), data)
    assertRedirects(response, f"{hub_url(cast)}#finding-{item.finding_id}")
    item.refresh_from_db()
    assert (item.measure, item.kind) == ("修订议事规则并报县委备案。", Kind.LONG_TERM)


def test_the_edit_form_shows_the_measure_as_it_is(client, cast):
    item = flows.added_item(cast)
    client.force_login(cast.liaison)
    response = client.get(url("item_edit", item))
    assert response.context["form"]["measure"].value() == item.measure
    assert 'value="2024-10-15"' in response.text


def test_a_measure_of_a_submitted_plan_is_not_changed(client_in_english, cast):
    item = flows.item_under_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("item_edit", item), measure_data(cast, measure="新措施"))
    assert response.status_code == 400
    assert non_field_errors(response) == [
        "The plan is submitted; its items can no longer be changed."
    ]
    item.refresh_from_db()
    assert item.measure != "新措施"


def test_the_liaison_withdraws_a_measure_with_a_reason(client, cast):
    item = flows.added_item(cast)
    client.force_login(cast.liaison)
    response = client.post(url("item_withdraw", item), {"reason": "与第二项措施重复"})
    assertRedirects(response, f"{hub_url(cast)}#finding-{item.finding_id}")
    assert status_of(item) == ItemStatus.WITHDRAWN
    assert StatusChange.objects.get(object_id=item.pk).comment == "与第二项措施重复"


def test_withdrawing_a_measure_needs_a_reason(client, cast):
    item = flows.added_item(cast)
    client.force_login(cast.liaison)
    response = client.post(url("item_withdraw", item), {"reason": ""})
    assert response.status_code == 400
    assert list(response.context["withdraw_form"].errors) == ["reason"]
    assert status_of(item) == ItemStatus.NOT_STARTED


def test_a_measure_of_a_submitted_plan_is_not_withdrawn(client_in_english, cast):
    item = flows.item_under_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("item_withdraw", item), {"reason": "重复"})
    assert response.status_code == 400
    assert "can no longer be changed" in non_field_errors(response, "withdraw_form")[0]
    assert status_of(item) == ItemStatus.NOT_STARTED


# The top official's sign-off ---------------------------------------------------------------


def test_the_submit_page_lists_the_findings_still_without_a_measure(client, cast):
    plan = flows.opened_plan(cast, findings=2)
    first, second = flows.fed_back_findings(cast)
    flows.added_item(cast, plan=plan, finding=first)
    client.force_login(cast.liaison)
    response = client.get(url("plan_submit", plan))
    assert response.context["uncovered"] == [second]
    assert f"?finding={second.pk}" in response.text


def test_the_submit_form_starts_with_the_top_official_of_the_feedback(client, cast):
    plan = flows.covered_plan(cast)
    client.force_login(cast.liaison)
    response = client.get(url("plan_submit", plan))
    assert response.context["form"]["signed_by_name"].value() == "张书记"


def test_the_liaison_submits_the_plan_with_a_signed_scan(client, cast):
    plan = flows.covered_plan(cast)
    client.force_login(cast.liaison)
    data = sign_off(signed_scan=flows.pdf("整改方案签字版.pdf"))
    response = client.post(url("plan_submit", plan), data)
    assertRedirects(response, hub_url(cast))
    plan.refresh_from_db()
    assert (plan.status, plan.signed_by_name) == ("submitted", "张书记")
    assert plan.signed_scan.read().startswith(b"%PDF-")


def test_submitting_the_plan_twice_with_one_form_submits_once(client, cast):
    plan = flows.covered_plan(cast)
    client.force_login(cast.liaison)
    token = uuid.uuid4()
    client.post(url("plan_submit", plan), sign_off(token=token))
    second = client.post(url("plan_submit", plan), sign_off(token=token))
    assertRedirects(second, hub_url(cast))
    assert StatusChange.objects.filter(object_id=plan.pk, to_value="submitted").count() == 1


def test_a_plan_with_a_finding_without_measure_is_not_submitted(client_in_english, cast):
    plan = flows.opened_plan(cast)
    number = flows.fed_back_findings(cast)[0].number
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("plan_submit", plan), sign_off())
    assert response.status_code == 400
    assert non_field_errors(response) == [f"These findings have no measure yet: {number}."]
    assert status_of(plan) == "draft"


def test_a_plan_without_the_top_officials_name_is_not_submitted(client_in_english, cast):
    plan = flows.covered_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("plan_submit", plan), sign_off(signed_by_name=""))
    assert response.status_code == 400
    assert non_field_errors(response) == ["Name the top official who signed the plan."]


def test_a_scan_that_is_not_what_it_claims_is_refused_and_leaves_no_file(
    client_in_english, cast, media_root
):
    plan = flows.covered_plan(cast)
    client_in_english.force_login(cast.liaison)
    data = sign_off(signed_by_name="赵书记", signed_scan=not_a_pdf())
    response = client_in_english.post(url("plan_submit", plan), data)
    assert response.status_code == 400
    assert "does not match its type" in non_field_errors(response)[0]
    assert 'value="赵书记"' in response.text
    assert status_of(plan) == "draft"
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_the_team_member_cannot_submit_the_plan(client, cast):
    plan = flows.covered_plan(cast)
    client.force_login(cast.member)
    assert client.post(url("plan_submit", plan), sign_off()).status_code == 403
    assert status_of(plan) == "draft"


def test_the_liaison_downloads_the_signed_scan(client, cast):
    plan = flows.covered_plan(cast)
    services.plan_submit(
        plan=plan,
        by=cast.liaison,
        signed_by_name="张书记",
        signed_at=datetime.datetime(2024, 8, 10, 9, tzinfo=datetime.UTC),
        signed_scan=flows.pdf("签字版.pdf"),
    )
    client.force_login(cast.liaison)
    response = client.get(url("plan_scan", plan))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_plan_without_a_scan_has_none_to_download(client, cast):
    plan = flows.submitted_plan(cast)
    client.force_login(cast.liaison)
    client.raise_request_exception = False
    assert client.get(url("plan_scan", plan)).status_code == 404


# The item: progress, claims and verification -----------------------------------------------


def test_the_item_page_shows_progress_with_its_attachments(client, cast):
    item = flows.item_under_plan(cast)
    filed = services.progress_report(
        item=item, by=cast.liaison, text=PROGRESS, attachments=[flows.pdf("会议纪要.pdf")]
    )
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert response.status_code == 200
    assert PROGRESS in response.text
    attachment = filed.attachments.get()
    assert url("attachment", attachment) in response.text


def test_the_liaison_reports_progress_with_two_files(client, cast):
    item = flows.item_under_plan(cast)
    client.force_login(cast.liaison)
    data = report(files=[flows.pdf("纪要.pdf"), flows.pdf("照片.pdf")])
    response = client.post(url("item_progress", item), data)
    assertRedirects(response, item_url(item))
    filed = ProgressReport.objects.get(item=item)
    assert (filed.text, filed.attachments.count()) == (PROGRESS, 2)
    assert status_of(item) == ItemStatus.IN_PROGRESS


def test_posting_the_same_progress_twice_files_one_report(client, cast):
    item = flows.item_under_plan(cast)
    client.force_login(cast.liaison)
    token = uuid.uuid4()
    client.post(url("item_progress", item), report(token=token))
    client.post(url("item_progress", item), report(token=token))
    assert ProgressReport.objects.filter(item=item).count() == 1


def test_a_report_with_a_bad_file_is_refused_and_the_text_is_kept(
    client_in_english, cast, media_root
):
    item = flows.item_under_plan(cast)
    client_in_english.force_login(cast.liaison)
    data = report(files=[flows.pdf("真的.pdf"), not_a_pdf("伪造.pdf")])
    response = client_in_english.post(url("item_progress", item), data)
    assert response.status_code == 400
    assert non_field_errors(response, "progress_form") == [
        "The content of 伪造.pdf does not match its type application/pdf."
    ]
    assert PROGRESS in response.text
    assert not ProgressReport.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_an_empty_report_is_refused_with_the_services_reason(client_in_english, cast):
    item = flows.item_under_plan(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("item_progress", item), report(text=" ", files=[]))
    assert response.status_code == 400
    assert non_field_errors(response, "progress_form") == ["Write what was done."]


def test_progress_is_not_offered_before_the_plan_is_submitted(client, cast):
    item = flows.added_item(cast)
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert url("item_progress", item) not in response.text


def test_the_liaison_claims_an_item_done_with_evidence(client, cast):
    item = flows.started_item(cast)
    client.force_login(cast.liaison)
    response = client.post(url("item_claim", item), report(text="制度已印发执行。"))
    assertRedirects(response, item_url(item))
    assert status_of(item) == ItemStatus.CLAIMED


def test_claiming_an_item_done_without_evidence_is_refused(client_in_english, cast):
    item = flows.started_item(cast)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.post(url("item_claim", item), report(files=[]))
    assert response.status_code == 400
    assert non_field_errors(response, "claim_form") == [
        "Attach the evidence that the item is done."
    ]
    assert PROGRESS in response.text
    assert status_of(item) == ItemStatus.IN_PROGRESS


def test_a_long_term_item_is_not_offered_the_claim(client, cast):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert response.context["may_claim"] is False
    assert url("item_claim", item) not in response.text
    assert url("item_progress", item) in response.text


def test_a_long_term_item_files_a_periodic_report(client, cast):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    client.force_login(cast.liaison)
    client.post(url("item_progress", item), report())
    assert ProgressReport.objects.get(item=item).kind == ProgressReport.Kind.PERIODIC


def test_a_long_term_item_is_due_a_report_three_months_after_the_plan(client, cast):
    with time_machine.travel(datetime.datetime(2024, 8, 12, 10, tzinfo=datetime.UTC)):
        item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert response.context["next_periodic_due"] == datetime.date(2024, 11, 12)


def test_a_long_term_items_next_report_counts_from_the_last_one(client, cast):
    item = flows.item_under_plan(cast, kind=Kind.LONG_TERM)
    with time_machine.travel(datetime.datetime(2025, 1, 31, 10, tzinfo=datetime.UTC)):
        services.progress_report(item=item, by=cast.liaison, text=PROGRESS)
    factories.RectificationPolicyFactory(office=cast.office, long_term_report_months=1)
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert response.context["next_periodic_due"] == datetime.date(2025, 2, 28)


def test_office_staff_close_a_claimed_item(client, cast):
    item = flows.claimed_item(cast)
    client.force_login(cast.office_staff)
    response = client.post(url("item_close", item), {"comment": "经核实，已整改到位。"})
    assertRedirects(response, item_url(item))
    assert status_of(item) == ItemStatus.CLOSED


def test_office_staff_return_a_claimed_item_with_a_reason(client, cast):
    item = flows.claimed_item(cast)
    client.force_login(cast.office_staff)
    response = client.post(url("item_return", item), {"reason": "证明材料不完整"})
    assertRedirects(response, item_url(item))
    assert status_of(item) == ItemStatus.RETURNED


def test_returning_an_item_without_a_reason_is_refused(client_in_english, cast):
    item = flows.claimed_item(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(url("item_return", item), {"reason": ""})
    assert response.status_code == 400
    assert non_field_errors(response, "return_form") == ["Say why the item is returned."]
    assert status_of(item) == ItemStatus.CLAIMED


def test_the_liaison_reads_why_the_item_was_returned(client, cast):
    item = flows.claimed_item(cast)
    services.item_return(item=item, by=cast.office_staff, reason="证明材料不完整")
    client.force_login(cast.liaison)
    response = client.get(item_url(item))
    assert response.context["return_reason"] == "证明材料不完整"
    assert url("item_claim", item) in response.text


def test_office_staff_reopen_a_closed_item(client, cast):
    item = flows.closed_item(cast)
    client.force_login(cast.office_staff)
    response = client.post(url("item_reopen", item), {"reason": "回头看发现问题反弹"})
    assertRedirects(response, item_url(item))
    assert status_of(item) == ItemStatus.RETURNED


def test_closing_an_item_in_progress_is_refused(client_in_english, cast):
    item = flows.started_item(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.post(url("item_close", item), {"comment": ""})
    assert response.status_code == 400
    assert "cannot become closed" in non_field_errors(response, "close_form")[0]


def test_the_liaison_cannot_close_its_own_item(client, cast):
    item = flows.claimed_item(cast)
    client.force_login(cast.liaison)
    assert url("item_close", item) not in client.get(item_url(item)).text
    assert client.post(url("item_close", item), {"comment": ""}).status_code == 403
    assert status_of(item) == ItemStatus.CLAIMED


def test_office_staff_see_the_items_history(client_in_english, cast):
    item = flows.claimed_item(cast)
    client_in_english.force_login(cast.office_staff)
    response = client_in_english.get(item_url(item))
    assert [event.what for event in response.context["events"]][-1] == (
        "in progress → claimed done"
    )


def test_the_liaison_does_not_see_the_items_history(client, cast):
    item = flows.claimed_item(cast)
    client.force_login(cast.liaison)
    assert client.get(item_url(item)).context["events"] == []


def test_the_liaison_sees_an_office_report_as_the_office(client_in_english, cast):
    item = flows.item_under_plan(cast)
    services.progress_report(item=item, by=cast.office_staff, text=PROGRESS)
    client_in_english.force_login(cast.liaison)
    response = client_in_english.get(item_url(item))
    assert cast.office_staff.profile.name not in response.text
    assert '<span class="who">inspection office</span>' in response.text


def test_the_liaison_downloads_an_attachment(client, cast):
    item = flows.claimed_item(cast)
    attachment = ProgressAttachment.objects.get(report__item=item)
    client.force_login(cast.liaison)
    response = client.get(url("attachment", attachment))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


# Access ------------------------------------------------------------------------------------


@pytest.fixture
def claimed(cast):
    """A claimed item with an attachment, under a submitted plan with a signed scan."""
    item = flows.item_under_plan(cast)
    plan = item.plan
    plan.signed_scan.save("签字版.pdf", flows.pdf())
    services.item_claim_done(
        item=item, by=cast.liaison, text="已完成", attachments=[flows.pdf("制度文件.pdf")]
    )
    return item


PAGES = {
    "list": lambda cast, item: reverse("rectification:plans"),
    "hub": lambda cast, item: hub_url(cast),
    "item": lambda cast, item: item_url(item),
    "item_create": lambda cast, item: url("item_create", item.plan),
    "item_edit": lambda cast, item: url("item_edit", item),
    "plan_submit": lambda cast, item: url("plan_submit", item.plan),
    "plan_scan": lambda cast, item: url("plan_scan", item.plan),
    "attachment": lambda cast, item: url(
        "attachment", ProgressAttachment.objects.get(report__item=item)
    ),
}
ACTIONS = {
    "plan_open": lambda cast, item: url("plan_open", cast.assignment),
    "plan_accept": lambda cast, item: url("plan_accept", item.plan),
    "plan_return": lambda cast, item: url("plan_return", item.plan),
    "item_create": lambda cast, item: url("item_create", item.plan),
    "item_edit": lambda cast, item: url("item_edit", item),
    "item_withdraw": lambda cast, item: url("item_withdraw", item),
    "plan_submit": lambda cast, item: url("plan_submit", item.plan),
    "item_progress": lambda cast, item: url("item_progress", item),
    "item_claim": lambda cast, item: url("item_claim", item),
    "item_close": lambda cast, item: url("item_close", item),
    "item_return": lambda cast, item: url("item_return", item),
    "item_reopen": lambda cast, item: url("item_reopen", item),
}


def changes_of(item):
    item.refresh_from_db()
    item.plan.refresh_from_db()
    return (item.status, item.plan.status, ProgressReport.objects.count())


@pytest.mark.parametrize("page", sorted(set(PAGES) - {"list"}))
@pytest.mark.parametrize("who", ["other_liaison", "outsider"])
def test_a_page_of_another_unit_is_not_found(client, cast, other_cast, claimed, page, who):
    flows.fed_back(other_cast)
    person = other_cast.liaison if who == "other_liaison" else cast.outsider
    client.force_login(person)
    client.raise_request_exception = False
    assert client.get(PAGES[page](cast, claimed)).status_code == 404


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", ["other_liaison", "outsider"])
def test_an_action_on_another_unit_is_not_found_and_changes_nothing(
    client, cast, other_cast, claimed, action, who
):
    flows.fed_back(other_cast)
    person = other_cast.liaison if who == "other_liaison" else cast.outsider
    before = changes_of(claimed)
    client.force_login(person)
    client.raise_request_exception = False
    data = {**measure_data(cast), **sign_off(), **report(), "comment": "x", "reason": "x"}
    assert client.post(ACTIONS[action](cast, claimed), data).status_code == 404
    assert changes_of(claimed) == before


def test_the_list_is_empty_for_an_outsider(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.outsider)
    assert listed(client.get(reverse("rectification:plans"))) == []


@pytest.mark.parametrize("page", ["hub", "item", "plan_scan", "attachment"])
def test_the_team_member_reads_the_pages(client, cast, claimed, page):
    client.force_login(cast.member)
    assert client.get(PAGES[page](cast, claimed)).status_code == 200


@pytest.mark.parametrize(
    "action", ["item_progress", "item_claim", "item_withdraw", "item_edit", "plan_submit"]
)
def test_the_team_member_is_refused_the_liaisons_actions(client, cast, claimed, action):
    before = changes_of(claimed)
    client.force_login(cast.member)
    data = {**measure_data(cast), **sign_off(), **report(), "reason": "x"}
    assert client.post(ACTIONS[action](cast, claimed), data).status_code == 403
    assert changes_of(claimed) == before


def test_the_team_member_is_not_offered_the_liaisons_forms(client, cast):
    item = flows.item_under_plan(cast)
    client.force_login(cast.member)
    text = client.get(item_url(item)).text
    assert url("item_progress", item) not in text
    assert url("item_claim", item) not in text
