"""Rectification clicked through in Chromium, in Chinese: the unit's liaison drafts the plan and
submits it; the office returns it; the liaison fixes it and submits again; the office accepts
it; the liaison reports progress and claims the measure done; the office closes it; and the
ledger's Excel export holds it as closed.
"""

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from rectification.models import RectificationItem, RectificationPlan
from tests import flows
from tests.browser.conftest import (
    assert_clean,
    label,
    log_in,
    log_out,
    open_menu,
    with_password,
    zh,
)

pytestmark = pytest.mark.django_db(transaction=True)

MEASURE = "修订公务接待管理办法，清退超标准接待费用。"
BETTER_MEASURE = "修订公务接待管理办法，逐笔清退超标准接待费用，并对责任人批评教育。"


@pytest.fixture
def cast():
    """Feedback given to the unit with one problem; no plan yet."""
    cast = flows.build_cast()
    flows.fed_back(cast)
    with_password(cast.office_staff, cast.liaison)
    return cast


def open_rectification(page, cast):
    open_menu(page, zh("Rectification"))
    page.get_by_role("link", name=cast.assignment.target.name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(cast.assignment.target.name)


def draft_and_submit(page, cast):
    open_rectification(page, cast)
    page.get_by_role("button", name=zh("Open the rectification plan"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(
        zh("The rectification plan is open: add a measure for each finding.")
    )
    page.get_by_role("link", name=zh("Add a measure"), exact=True).click()
    page.get_by_label(label(zh("measure"))).fill(MEASURE)
    page.get_by_label(label(zh("responsible unit"))).fill("镇党政办")
    page.get_by_label(label(zh("responsible person"))).fill("王主任")
    page.get_by_label(label(zh("deadline"))).fill("2024-09-30")
    page.get_by_role("button", name=zh("Add the measure"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("Measure added."))
    submit_plan(page)


def submit_plan(page):
    page.get_by_role("link", name=zh("Submit the plan"), exact=True).first.click()
    page.get_by_label(label(zh("signed at"))).fill("2024-08-10T09:00")
    page.get_by_role("button", name=zh("Submit the plan"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The plan was submitted to the office."))


def decide(page, cast, *, button, comment):
    open_rectification(page, cast)
    decision = page.locator("section.plan-decision")
    decision.get_by_label(label(zh("Comment"))).fill(comment)
    decision.get_by_role("button", name=zh(button), exact=True).click()


def test_a_plan_goes_from_draft_to_a_closed_measure_in_the_excel_ledger(page, cast, tmp_path):
    log_in(page, cast.liaison)
    draft_and_submit(page, cast)
    log_out(page)

    log_in(page, cast.office_staff)
    decide(page, cast, button="Return the plan", comment="整改措施不够具体，请细化到人。")
    expect(page.locator("ul.messages")).to_contain_text(zh("The plan was returned to the unit."))
    log_out(page)

    log_in(page, cast.liaison)
    open_rectification(page, cast)
    expect(page.locator("section.returned-comment")).to_contain_text("请细化到人")
    page.get_by_role("link", name=zh("Edit"), exact=True).click()
    page.get_by_label(label(zh("measure"))).fill(BETTER_MEASURE)
    page.get_by_role("button", name=zh("Save the measure"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("Measure saved."))
    submit_plan(page)
    log_out(page)

    log_in(page, cast.office_staff)
    decide(page, cast, button="Accept the plan", comment="同意。")
    expect(page.locator("ul.messages")).to_contain_text(zh("The plan was accepted."))
    assert RectificationPlan.objects.get().status == RectificationPlan.Status.ACCEPTED
    log_out(page)

    log_in(page, cast.liaison)
    open_rectification(page, cast)
    page.get_by_role("link", name=re.compile(re.escape(BETTER_MEASURE[:20]))).click()
    progress = page.locator("section.report-progress")
    progress.get_by_label(label(zh("what was done"))).fill("已起草接待管理办法修订稿。")
    progress.get_by_role("button", name=zh("Report progress"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("Progress reported."))
    claim = page.locator("section.claim-done")
    claim.get_by_label(label(zh("what was done"))).fill("办法已印发，费用已清退。")
    claim.get_by_label(label(zh("attachments"))).set_input_files(
        files=[{"name": "清退凭证.pdf", "mimeType": "application/pdf", "buffer": flows.PDF_BYTES}]
    )
    claim.get_by_role("button", name=zh("Report it done"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(
        zh("The item was reported done; the office will verify it.")
    )
    log_out(page)

    log_in(page, cast.office_staff)
    item = RectificationItem.objects.get()
    page.goto(f"/rectification/items/{item.pk}/")
    page.locator("section.verify").get_by_role("button", name=zh("Close the item")).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The item was verified and closed."))

    open_menu(page, zh("Ledgers"))
    page.get_by_label(label(zh("status"))).select_option(RectificationItem.Status.CLOSED)
    page.get_by_role("button", name=zh("Filter"), exact=True).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=zh("Export to Excel"), exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = tmp_path / download.suggested_filename
    download.save_as(workbook)
    sheet = load_workbook(workbook, read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2
    assert BETTER_MEASURE in rows[1]
    assert zh("closed") in rows[1]
    assert_clean(page)
