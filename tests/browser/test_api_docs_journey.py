"""The API's docs page in Chromium: served from the app under its strict Content-Security-Policy,
listing the endpoints, and trying one with the browser's own session."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_clean, log_in, with_password

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_page_lists_the_endpoints_and_tries_one_with_the_session(page, live_server):
    staff = factories.OfficeStaffFactory().user
    with_password(staff)
    log_in(page, staff)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs/")
    me = page.locator(".opblock", has_text="/api/v1/me/")
    expect(me).to_be_visible()
    expect(page.locator(".opblock", has_text="/api/v1/assignments/").first).to_be_visible()

    me.locator(".opblock-summary").click()
    me.get_by_role("button", name="Try it out").click()
    me.get_by_role("button", name="Execute").click()
    response = me.locator(".live-responses-table .response").first
    expect(response.locator(".response-col_status")).to_have_text(re.compile(r"^\s*200"))
    expect(response.locator(".response-col_description")).to_contain_text(staff.get_username())
    own = (live_server.url, "data:", "blob:")
    assert [url for url in requested if not url.startswith(own)] == []
    assert_clean(page)
