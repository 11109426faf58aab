"""Up-down linkage in Chromium: a city files its term plan with the province, which
acknowledges it; the province drills down its roll-up from itself to a county.

The expected texts come from the translation catalogue (see `zh`).
"""

import re

import pytest
from playwright.sync_api import expect

from linkage.models import UpwardFiling
from organisations.models import Office
from tests import factories, flows
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

TITLE = "云川市委巡察工作五年规划"


@pytest.fixture
def offices():
    province = factories.OfficeFactory(level=Office.Level.PROVINCIAL, name="省委巡视办")
    city = factories.OfficeFactory(
        level=Office.Level.MUNICIPAL, parent=province, name="云川市委巡察办"
    )
    county = factories.OfficeFactory(level=Office.Level.COUNTY, parent=city, name="青石县委巡察办")
    term = factories.TermFactory(office=city)
    factories.TargetFactory(office=county, name="青石县财政局党组")
    province_staff = factories.OfficeStaffFactory(office=province).user
    city_staff = factories.OfficeStaffFactory(office=city).user
    with_password(province_staff, city_staff)
    return {
        "province": province,
        "city": city,
        "county": county,
        "term": term,
        "province_staff": province_staff,
        "city_staff": city_staff,
    }


def test_a_city_files_its_term_plan_and_the_province_acknowledges_it(page, offices):
    log_in(page, offices["city_staff"])
    open_menu(page, zh("Filings"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Filings with the office above"))
    kind = UpwardFiling.Kind.TERM_PLAN.label
    page.get_by_role("link", name=zh("File: %(label)s") % {"label": zh(kind)}).click()
    page.get_by_label(label(zh("term"))).select_option(str(offices["term"].pk))
    page.get_by_label(label(zh("title"))).fill(TITLE)
    page.get_by_label(label(zh("summary"))).fill("届内对市管党组织巡察全覆盖。")
    page.get_by_label(label(zh("targets planned"))).fill("120")
    page.get_by_label(label(zh("rounds planned"))).fill("9")
    page.get_by_label(label(zh("document"))).set_input_files(
        files=[{"name": "规划.pdf", "mimeType": "application/pdf", "buffer": flows.PDF_BYTES}]
    )
    page.get_by_role("button", name=zh("File it"), exact=True).click()
    page.wait_for_url(re.compile(r"/linkage/filings/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(page.get_by_role("heading", level=1)).to_contain_text(zh("submitted"))
    log_out(page)

    log_in(page, offices["province_staff"])
    page.goto("/linkage/filings/inbox/")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name=zh("Acknowledge the filing"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(zh("acknowledged"))
    filing = UpwardFiling.objects.get()
    assert filing.status == UpwardFiling.Status.ACKNOWLEDGED
    assert filing.reviewed_by == offices["province_staff"]
    assert_clean(page)


def here(page):
    """The office the roll-up shows: the last step of its breadcrumb."""
    return page.get_by_role("navigation", name=zh("Offices")).locator("[aria-current=page]")


def test_the_province_drills_its_roll_up_down_to_a_county(page, offices):
    log_in(page, offices["province_staff"])
    open_menu(page, zh("Roll-up"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Roll-up across levels"))
    page.get_by_role("link", name=offices["city"].name, exact=True).click()
    expect(here(page)).to_have_text(offices["city"].name)
    page.get_by_role("link", name=offices["county"].name, exact=True).click()
    expect(here(page)).to_have_text(offices["county"].name)
    # A county has no office below it: its own work is all there is.
    expect(page.locator("tbody th[scope=row]")).to_have_count(1)
    expect(page.locator("tbody th[scope=row]")).to_contain_text(zh("(own work)"))
    page.get_by_role("link", name=offices["province"].name, exact=True).click()
    expect(here(page)).to_have_text(offices["province"].name)
    assert_clean(page)


def test_the_province_has_the_figures_of_its_roll_up_counted_at_once(page, offices):
    flows.fed_back(flows.build_cast(office=offices["county"]))
    log_in(page, offices["province_staff"])
    open_menu(page, zh("Roll-up"))
    # Nothing counted yet: the page says so rather than show zeros as figures.
    expect(page.locator("#counted")).to_have_text(zh("The figures have not been counted yet."))
    expect(page.locator(".notice.warning")).to_be_visible()
    page.get_by_role("button", name=zh("Count again now"), exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        zh("The figures were counted again just now.")
    )
    expect(page.locator(".notice.warning")).to_have_count(0)
    every_few_minutes = zh(
        "Figures counted at %(when)s; they are counted again every few minutes."
    ).split("%(when)s")[-1]
    expect(page.locator("#counted")).to_contain_text(every_few_minutes)
    city = page.locator("tbody tr").filter(has=page.get_by_role("link", name=offices["city"].name))
    # The county's problem rolls up into its city: fed back 1, rectified 0.
    expect(city.locator("td").nth(5)).to_have_text("1")
    assert_clean(page)
