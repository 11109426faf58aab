"""Ledgers exported to Excel: the same rows as the filtered page, every page of them."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from rectification.exports import XLSX
from rectification.models import RectificationItem
from rounds import services as rounds
from rounds.models import Finding, LeadView
from tests import factories, flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

TODAY = datetime.datetime(2024, 11, 1, 10, tzinfo=datetime.UTC)


def export(client, name, query=None):
    response = client.get(reverse(f"rectification:{name}_export"), query or {})
    assert response.status_code == 200
    return response


def sheet_of(response):
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.active.iter_rows(values_only=True))


def items_of(cast, count, **fields):
    """`count` items, each at a new target of the cast's office."""
    user = factories.UserFactory()
    items = []
    for _ in range(count):
        target = factories.TargetFactory(office=cast.office)
        assignment = factories.AssignmentFactory(round=cast.round, team=cast.team, target=target)
        finding = factories.FindingFactory(
            assignment=assignment,
            category=cast.category,
            status=Finding.Status.FED_BACK,
            signed_by=user,
            accepted_by=user,
            feedback=factories.FeedbackFactory(assignment=assignment),
        )
        plan = factories.RectificationPlanFactory(assignment=assignment)
        items.append(factories.RectificationItemFactory(plan=plan, finding=finding, **fields))
    return items


def test_the_export_is_an_excel_file_named_after_the_ledger_and_the_day(client, cast):
    client.force_login(cast.office_staff)
    with time_machine.travel(TODAY):
        response = export(client, "ledger_items")
    assert response["Content-Type"] == XLSX
    assert "2024-11-01.xlsx" in response["Content-Disposition"]


def test_the_headers_are_chinese_in_the_chinese_interface(client, cast):
    client.force_login(cast.office_staff)
    header = sheet_of(export(client, "ledger_items"))[0]
    assert {"整改措施", "责任单位", "责任人", "完成时限"} <= set(header)


def test_the_headers_are_english_for_a_person_who_chose_english(client_in_english, cast):
    client_in_english.force_login(cast.office_staff)
    header = sheet_of(export(client_in_english, "ledger_items"))[0]
    assert header[:3] == ("number", "finding", "target")


def test_the_export_holds_every_page_of_rows(client, cast):
    items_of(cast, 55)
    client.force_login(cast.office_staff)
    assert len(sheet_of(export(client, "ledger_items"))) == 1 + 55


def test_the_export_holds_exactly_the_filtered_rows_in_the_pages_order(client, cast):
    closed_by = factories.UserFactory()
    closed = items_of(
        cast,
        3,
        status=RectificationItem.Status.CLOSED,
        closed_by=closed_by,
        closed_at=datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC),
    )
    items_of(cast, 2)
    query = {"status": "closed", "ordering": "-target"}
    client.force_login(cast.office_staff)
    shown = client.get(reverse("rectification:ledger_items"), query).context["page_obj"]
    exported = sheet_of(export(client, "ledger_items", query))[1:]
    assert [row[2] for row in exported] == [item.plan.assignment.target.name for item in shown]
    assert len(exported) == len(closed)


def test_days_overdue_are_exported_as_numbers(client, cast):
    items_of(cast, 1)  # deadline 2024-10-15, not started
    client.force_login(cast.office_staff)
    with time_machine.travel(TODAY):
        [_header, row] = sheet_of(export(client, "ledger_items"))
    assert row[-1] == 17


def test_an_item_row_reads_as_the_page_reads_the_item(client_in_english, cast):
    [item] = items_of(cast, 1, responsible_unit="县委办", responsible_person="张三")
    client_in_english.force_login(cast.office_staff)
    with time_machine.travel(TODAY):
        [_header, row] = sheet_of(export(client_in_english, "ledger_items"))
    finding, assignment = item.finding, item.plan.assignment
    assert row == (
        finding.number,
        finding.title,
        assignment.target.name,
        str(assignment.round),
        finding.category.name,
        item.measure,
        "县委办",
        "张三",
        datetime.datetime.combine(item.deadline, datetime.time()),
        item.get_kind_display(),
        item.get_status_display(),
        17,
    )


def test_control_characters_are_taken_out_of_the_text(client, cast):
    items_of(cast, 1, measure="整改\x07措施")
    client.force_login(cast.office_staff)
    [_header, row] = sheet_of(export(client, "ledger_items"))
    assert row[5] == "整改措施"


def test_a_liaisons_export_holds_only_its_own_targets_items(client, cast):
    mine = flows.accepted_plan(cast).items.get()
    items_of(cast, 2)
    client.force_login(cast.liaison)
    [_header, row] = sheet_of(export(client, "ledger_items"))
    assert row[5] == mine.measure


def test_text_that_looks_like_a_formula_stays_text(client, cast):
    items_of(cast, 1, measure='=HYPERLINK("http://example.com","点击")')
    client.force_login(cast.office_staff)
    response = export(client, "ledger_items")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = book.active["F2"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://example.com","点击")')


def test_the_problems_export_holds_each_fed_back_problem_with_its_state(client, cast):
    flows.fed_back(cast, findings=2)
    client.force_login(cast.office_staff)
    rows = sheet_of(export(client, "ledger_findings"))[1:]
    assert [(row[0], row[6]) for row in rows] == [
        (finding.number, 0) for finding in flows.fed_back_findings(cast)
    ]


def test_the_leads_export_records_each_lead_as_opened(client, cast):
    lead = flows.transferred_lead(cast)
    client.force_login(cast.office_staff)
    [_header, row] = sheet_of(export(client, "ledger_leads"))
    assert row[0] == lead.number
    assert LeadView.objects.filter(lead=lead, purpose="ledger export").count() == 1


def test_the_leads_export_is_not_found_for_the_team_leader(client, cast):
    flows.transferred_lead(cast)
    client.force_login(cast.leader)
    response = client.get(reverse("rectification:ledger_leads_export"))
    assert response.status_code == 404
    assert not LeadView.objects.exists()


def test_the_suggestions_export_holds_the_suggestions_given(client, cast):
    flows.on_site(cast)
    given = rounds.suggestion_add(assignment=cast.assignment, by=cast.leader, text="加强财务管理。")
    flows.fed_back(cast, suggestions=[given])
    client.force_login(cast.liaison)
    [_header, row] = sheet_of(export(client, "ledger_suggestions"))
    assert row[-1] == "加强财务管理。"


def test_an_export_reads_its_rows_in_chunks_whatever_their_number(
    client, cast, django_assert_num_queries
):
    items_of(cast, 30)
    client.force_login(cast.office_staff)
    client.get(reverse("rectification:ledger_items_export"))
    # 1 session, 2 user, 3 profile (who the viewer is), 4 the assignments reached other than
    # through the office (rounds.selectors._access), 5 the rows through one server-side cursor,
    # 6-8 the session's renewed expiry (savepoint, update, release).
    with django_assert_num_queries(8):
        export(client, "ledger_items")


def test_the_page_links_to_the_export_of_the_same_filter(client, cast):
    client.force_login(cast.office_staff)
    response = client.get(reverse("rectification:ledger_items"), {"status": "closed", "page": 1})
    assert 'href="/ledgers/items/export/?status=closed"' in response.content.decode()
