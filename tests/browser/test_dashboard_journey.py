"""The office opens the leadership dashboard in Chromium: the figure cards, five charts drawn
as SVG by the vendored ECharts under the strict Content-Security-Policy (a violation would be
logged as a console error), charts that follow the window's width, and the tables beneath them
that print.

The expected texts come from the translation catalogue (see `zh`). The clock is not stopped:
the browser's session cookie must not look expired, so the scene's 2024–2025 term is read as a
term that is over.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean, log_in, with_password, zh
from tests.chart_scene import Scene

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS = [
    "chart-coverage-progress",
    "chart-rectification-round",
    "chart-rectification-category",
    "chart-findings-category",
    "chart-overdue-trend",
]


@pytest.fixture
def scene():
    scene = Scene()
    with_password(scene.staff)
    return scene


def svg_width(page, key):
    return float(page.locator(f"#{key} svg").first.get_attribute("width"))


def test_the_office_reads_its_dashboard_with_charts_drawn_as_svg(page, scene):
    log_in(page, scene.staff)
    page.goto(reverse("coverage:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text(zh("Dashboard"))
    expect(page.locator(".figure-card")).to_have_count(8)
    for key in CHARTS:
        expect(page.locator(f"#{key} svg")).to_have_count(1)
    expect(page.locator("#chart-findings-category svg text").first).to_be_visible()
    # A tooltip is drawn inside the SVG too, never as HTML with inline style.
    page.locator("#chart-rectification-round").hover()
    expect(page.locator("#chart-rectification-round svg text", has_text="%").first).to_be_visible()

    # The charts follow the window's width.
    wide = svg_width(page, "chart-coverage-progress")
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_function(
        "wide => document.querySelector('#chart-coverage-progress svg').width.baseVal.value < wide",
        arg=wide,
    )

    # The figures as a table: folded away on screen, printed on paper.
    table = page.locator("#chart-overdue-trend ~ details table")
    expect(table).to_be_hidden()
    page.emulate_media(media="print")
    expect(table).to_be_visible()
    page.emulate_media(media="screen")
    page.locator("#chart-overdue-trend ~ details summary").click()
    expect(table).to_be_visible()
    assert_clean(page)


def test_the_coverage_page_draws_the_progress_of_the_term(page, scene):
    log_in(page, scene.staff)
    page.goto(reverse("coverage:term"))
    expect(page.locator("#chart-coverage-progress svg")).to_have_count(1)
    assert_clean(page)
