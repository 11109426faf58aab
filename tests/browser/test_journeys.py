"""Whole journeys through the pages, clicked in Chromium as people do them.

The expected texts come from the translation catalogue (see `zh`), so the journeys follow the
Chinese interface without copying its wording.
"""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from rounds.models import Finding
from tests import flows
from tests.browser.conftest import (
    PASSWORD,
    assert_clean,
    label,
    log_in,
    log_out,
    open_menu,
    with_password,
    zh,
)

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "工程款支付未经党委会集体研究"
SUMMARY = "2023年两笔工程款共计86万元，未经党委会研究即由镇长签批支付。"
EVIDENCE_NAME = "党委会会议记录.pdf"
# What Chrome logs for any page answered 400, such as a refused form.
BAD_REQUEST_LOGGED = (
    "Failed to load resource: the server responded with a status of 400 (Bad Request)"
)


@pytest.fixture
def cast():
    cast = flows.build_cast()
    flows.on_site(cast)
    with_password(cast.member, cast.deputy, cast.leader, cast.office_staff)
    return cast


def pdf_upload(name=EVIDENCE_NAME, content=flows.PDF_BYTES):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def open_new_working_paper(page, cast):
    open_menu(page, zh("Assignments"))
    page.get_by_role("link", name=cast.assignment.target.name, exact=True).click()
    page.get_by_role("link", name=zh("New working paper"), exact=True).click()
    expect(page.get_by_role("heading", name=zh("New working paper"))).to_be_visible()


def fill_working_paper(page, cast, evidence):
    page.get_by_label(label(zh("title"))).fill(TITLE)
    page.get_by_label(label(zh("summary"))).fill(SUMMARY)
    page.get_by_label(label(zh("source"))).select_option(Finding.Source.DOCUMENT)
    page.get_by_label(label(zh("category"))).select_option(label=cast.category.name)
    page.get_by_label(label(zh("evidence"))).set_input_files(evidence)


def save_working_paper(page):
    page.get_by_role("button", name=zh("Save working paper"), exact=True).click()


def act_on_waiting_finding(page, finding, action, comment, done):
    """From the menu to the finding waiting for this person, then one sign-off step."""
    open_menu(page, zh("Findings"))
    page.get_by_role("link", name=zh("Waiting for me"), exact=True).click()
    page.get_by_role("link", name=finding.number, exact=True).click()
    page.get_by_label(label(zh("Comment"))).fill(comment)
    page.get_by_role("button", name=zh(action), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh(done))


def history(page):
    return page.locator("section").filter(
        has=page.get_by_role("heading", name=zh("History"), exact=True)
    )


def test_a_working_paper_is_filed_reviewed_signed_and_accepted(page, cast):
    log_in(page, cast.member)
    open_new_working_paper(page, cast)
    fill_working_paper(page, cast, pdf_upload())
    save_working_paper(page)

    page.wait_for_url(re.compile(r"/findings/\d+/$"))
    finding = Finding.objects.get(assignment=cast.assignment)
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("link", name=EVIDENCE_NAME, exact=True)).to_be_visible()
    log_out(page)

    for person, action, comment, done in [
        (cast.deputy, "Review", "事实清楚，证据充分。", "Reviewed."),
        (cast.leader, "Sign", "同意。", "Signed."),
        (cast.office_staff, "Accept", "同意纳入反馈。", "Accepted for feedback."),
    ]:
        log_in(page, person)
        act_on_waiting_finding(page, finding, action, comment, done)
        if person != cast.office_staff:
            log_out(page)

    with translation.override("zh-hans"):
        accepted = str(Finding.Status.ACCEPTED.label)
    expect(page.locator("h1 .badge")).to_have_text(accepted)
    for person in (cast.member, cast.deputy, cast.leader, cast.office_staff):
        expect(history(page)).to_contain_text(person.profile.name)
    expect(history(page)).to_contain_text("同意纳入反馈。")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.ACCEPTED
    assert_clean(page)


def test_a_bad_upload_keeps_what_was_typed(page, cast):
    log_in(page, cast.member)
    open_new_working_paper(page, cast)
    fill_working_paper(page, cast, pdf_upload(name="说明.pdf", content="这不是PDF文件".encode()))
    save_working_paper(page)

    with translation.override("zh-hans"):
        message = zh("The content of %(name)s does not match its type %(type)s.") % {
            "name": "说明.pdf",
            "type": "application/pdf",
        }
    assert re.search(r"[\u4e00-\u9fff]", message.replace("说明", "")), "not translated"
    expect(page.get_by_role("alert")).to_contain_text(message)
    expect(page.get_by_label(label(zh("title")))).to_have_value(TITLE)
    expect(page.get_by_label(label(zh("summary")))).to_have_value(SUMMARY)
    assert not Finding.objects.filter(assignment=cast.assignment).exists()

    # Only the file has to be chosen again; the same form then saves.
    page.get_by_label(label(zh("evidence"))).set_input_files(pdf_upload())
    save_working_paper(page)
    page.wait_for_url(re.compile(r"/findings/\d+/$"))
    expect(page.get_by_role("link", name=EVIDENCE_NAME, exact=True)).to_be_visible()
    assert Finding.objects.filter(assignment=cast.assignment).count() == 1
    # Chrome logs the refused form's 400 answer as a console error; that one is expected.
    assert_clean(page, console_errors=[BAD_REQUEST_LOGGED])


def test_the_language_switch_works_under_the_content_security_policy(page, cast):
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    stylesheet_rules = page.evaluate(
        """() => [...document.styleSheets]
            .filter((sheet) => (sheet.href || "").includes("/static/css/xunshi.css"))
            .map((sheet) => sheet.cssRules.length)"""
    )
    assert stylesheet_rules and stylesheet_rules[0] > 0, "the stylesheet did not load"

    # The select submits its form from xunshi.js; an inline handler would be blocked.
    page.get_by_label(zh("Language"), exact=True).select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log in", exact=True)).to_be_visible()

    page.get_by_label("Username", exact=True).fill(cast.member.get_username())
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    menu = page.locator("nav.menu")
    expect(menu.get_by_role("link", name="Findings", exact=True)).to_be_visible()
    menu.get_by_role("link", name="Findings", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings")
    expect(page.get_by_role("button", name="Log out", exact=True)).to_be_visible()
    assert_clean(page)


def test_the_new_working_paper_form_offers_today_as_its_date(page, cast):
    log_in(page, cast.member)
    open_new_working_paper(page, cast)
    prepared_on = page.get_by_label(label(zh("prepared on")))
    assert prepared_on.input_value() == timezone.localdate().isoformat()
