"""指导督导 clicked through in Chromium, in Chinese: the provincial office records a visit to a
city with a finding; the city reports its follow-up with an attachment; the province closes the
finding, and the list shows the visit with nothing left open.
"""

import pytest
from playwright.sync_api import expect

from supervision.models import SupervisionFinding, SupervisionVisit
from tests import flows
from tests.browser.conftest import assert_clean, label, log_in, log_out, with_password, zh
from tests.supervision_scene import build_scene

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "省委巡视办对云川市委第三轮巡察的指导督导"
PROBLEM = "巡察全覆盖进度滞后，村（社区）巡察尚未排入计划。"


@pytest.fixture
def scene():
    scene = build_scene()
    with_password(scene.staff["province"], scene.staff["city"])
    return scene


def open_visit(page):
    page.goto("/supervision/visits/")
    page.get_by_role("link", name=SUBJECT, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SUBJECT)


def record_visit_with_a_finding(page, scene):
    page.goto("/supervision/visits/")
    page.get_by_role("link", name=zh("Record a visit"), exact=True).click()
    page.get_by_label(label(zh("office visited"))).select_option(label=scene.offices["city"].name)
    page.get_by_label(label(zh("kind"))).select_option(SupervisionVisit.Kind.SUPERVISION)
    page.get_by_label(label(zh("from"))).fill("2024-05-06")
    page.get_by_label(label(zh("to"))).fill("2024-05-10")
    page.get_by_label(label(zh("subject"))).fill(SUBJECT)
    page.get_by_label(label(zh("summary"))).fill("听取汇报，调阅底稿，个别谈话12人次。")
    page.get_by_role("button", name=zh("Record the visit"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The visit was recorded."))

    adding = page.locator("section.add-finding")
    adding.get_by_label(label(zh("category"))).select_option(SupervisionFinding.Category.COVERAGE)
    adding.get_by_label(label(zh("description"))).fill(PROBLEM)
    adding.get_by_label(label(zh("follow-up due on"))).fill("2024-07-31")
    adding.get_by_role("button", name=zh("Add the finding"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The finding was added."))
    expect(page.locator("article.supervision-finding")).to_contain_text(PROBLEM)


def test_the_province_records_a_visit_the_city_follows_up_and_the_province_closes_it(page, scene):
    log_in(page, scene.staff["province"])
    record_visit_with_a_finding(page, scene)
    log_out(page)

    log_in(page, scene.staff["city"])
    open_visit(page)
    reporting = page.locator("section.report-followup")
    reporting.get_by_label(label(zh("what was done"))).fill("已制定村（社区）巡察三年计划。")
    reporting.get_by_label(label(zh("attachment"))).set_input_files(
        files=[{"name": "巡察计划.pdf", "mimeType": "application/pdf", "buffer": flows.PDF_BYTES}]
    )
    reporting.get_by_role("button", name=zh("Report the follow-up"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The follow-up was reported."))
    expect(page.locator("ol.followups")).to_contain_text("巡察计划.pdf")
    log_out(page)

    log_in(page, scene.staff["province"])
    open_visit(page)
    deciding = page.locator("form.close-finding")
    deciding.get_by_label(label(zh("Comment"))).fill("整改到位，同意销号。")
    deciding.get_by_role("button", name=zh("Close the finding"), exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(zh("The finding was closed."))
    expect(page.locator("article.supervision-finding .badge")).to_have_text(zh("closed"))
    assert SupervisionFinding.objects.get().status == SupervisionFinding.Status.CLOSED

    page.goto("/supervision/visits/")
    row = page.locator("table.supervision-visits tbody tr").first
    expect(row).to_contain_text(SUBJECT)
    assert_clean(page)
