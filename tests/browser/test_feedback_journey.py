"""Feedback clicked through in Chromium: the office issues it from the assignment page, lands on
the feedback page, and the PDF opens; the unit's liaison then opens the same document.

The expected texts come from the translation catalogue (see `zh`), as in test_journeys.py.
"""

import re

import pytest
from playwright.sync_api import expect

from rounds import services
from rounds.models import Feedback, Finding
from tests import flows
from tests.browser.conftest import assert_clean, label, log_in, log_out, with_password, zh
from tests.test_feedback_pages import require_pdf_library

pytestmark = pytest.mark.django_db(transaction=True)

TOP_OFFICIAL = "赵书记"


@pytest.fixture
def cast():
    """An assignment reporting, with two accepted findings and a suggestion from the leader."""
    require_pdf_library()
    cast = flows.build_cast()
    flows.accepted_finding(cast, title="工程款支付未经党委会集体研究")
    flows.accepted_finding(cast, title="公务用车管理不规范")
    flows.reporting(cast)
    services.suggestion_add(
        assignment=cast.assignment, by=cast.leader, text="健全集体决策机制，严格执行议事规则。"
    )
    with_password(cast.office_staff, cast.liaison)
    return cast


def open_assignment(page, cast):
    page.locator("nav.menu").get_by_role("link", name=zh("Assignments"), exact=True).click()
    page.get_by_role("link", name=cast.assignment.target.name, exact=True).click()


def test_the_office_issues_feedback_and_the_pdf_opens(page, cast):
    log_in(page, cast.office_staff)
    open_assignment(page, cast)
    page.get_by_role("link", name=zh("Issue feedback"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(zh("Issue feedback"))

    findings = Finding.objects.filter(assignment=cast.assignment).order_by("number")
    for finding in findings:
        expect(page.get_by_label(re.compile(re.escape(finding.title)))).to_be_checked()
    page.get_by_label(re.compile("健全集体决策机制")).check()
    page.get_by_label(label(zh("delivered on"))).fill("2024-07-15")
    page.get_by_label(label(zh("top official"))).fill(TOP_OFFICIAL)
    page.get_by_role("button", name=zh("Issue feedback"), exact=True).click()

    page.wait_for_url(re.compile(r"/feedback/\d+/$"))
    feedback = Feedback.objects.get(assignment=cast.assignment)
    expect(page.locator("ul.messages")).to_contain_text(zh("Feedback issued."))
    for finding in findings:
        expect(page.get_by_role("link", name=finding.number, exact=True)).to_be_visible()
    document = page.get_by_role("link", name=zh("Open the feedback document (PDF)"), exact=True)
    expect(document).to_have_attribute("href", f"/feedback/{feedback.pk}/document/")

    response = page.request.get(document.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
    assert_clean(page)

    # The unit's liaison finds the feedback from its assignment and opens the same document.
    log_out(page)
    log_in(page, cast.liaison)
    page.goto(f"/assignments/{cast.assignment.pk}/")
    page.get_by_role("link", name=zh("Open the feedback"), exact=True).click()
    page.wait_for_url(re.compile(r"/feedback/\d+/$"))
    response = page.request.get(f"/feedback/{feedback.pk}/document/")
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")
    assert_clean(page)
