"""Journeys in a real browser: Playwright drives Debian's Chromium against the live server.

The browser is /usr/bin/chromium from Debian's `chromium` package (CI installs it, with
`fonts-noto-cjk` for readable screenshots); Playwright never downloads one of its own. Without
it the journeys are skipped, unless XUNSHI_REQUIRE_SERVICES is set (as CI does): then a missing
browser is an error, as a missing database is in xunshi/test_settings.py.

One Chromium serves the whole session. Playwright's sync API keeps an asyncio loop running in
the main thread while it is started, so the journeys run after every other test, with Django's
async-safety check relaxed for the test's own ORM calls (the live server has its own thread).

A failed journey leaves a screenshot and the page's HTML in var/browser-failures/, and its report
lists the console errors, page errors and server errors the browser saw.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect, sync_playwright

from xunshi import config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "xunshi-demo-browser"
FAILURES_DIR = settings.VAR_DIR / "browser-failures"
# Long enough for a slow CI machine, short enough that a broken page fails in seconds.
TIMEOUT_MS = 10_000

REQUIRE = config.read_bool(os.environ, "XUNSHI_REQUIRE_SERVICES", default=False)


def _why_no_browser():
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the journeys after every other test (after pytest-django's own ordering).

    Playwright's sync API keeps an asyncio loop running in the main thread from the first
    journey until the session ends; no other test should run beside it.
    """
    here = Path(__file__).parent
    items.sort(key=lambda item: Path(item.path).is_relative_to(here))


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    reason = _why_no_browser()
    if reason:
        if REQUIRE:
            pytest.fail(
                f"Browser journeys cannot run: {reason}. "
                "XUNSHI_REQUIRE_SERVICES forbids skipping them.",
                pytrace=False,
            )
        pytest.skip(f"Browser journeys skipped: {reason}.")
    shutil.rmtree(FAILURES_DIR, ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch:
        # With Playwright's loop running in this thread, Django refuses ORM calls here
        # (SynchronousOnlyOperation). The tests' own calls never run inside that loop, and the
        # live server answers the browser from its own thread.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # Assertions wait as long as actions do (Playwright's own default for them is 5 s).
        expect.set_options(timeout=TIMEOUT_MS)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@dataclass
class Watch:
    """What went wrong in the browser or on the server while a page was open."""

    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    server_errors: list = field(default_factory=list)

    def on_console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error):
        self.page_errors.append(str(error))

    def on_response(self, response):
        if response.status >= 500:
            request = response.request
            self.server_errors.append(f"{response.status} {request.method} {response.url}")

    def lines(self):
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"page error: {text}" for text in self.page_errors),
            *(f"server error: {text}" for text in self.server_errors),
        ]


@pytest.fixture
def page(browser, live_server, media_root):
    """A fresh browser context (no cookies) on the live server, watched for errors."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.watch = Watch()
    page.on("console", page.watch.on_console)
    page.on("pageerror", page.watch.on_page_error)
    page.on("response", page.watch.on_response)
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, keep a screenshot and the HTML, and say what the browser saw."""
    report = yield
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.failed and page is not None and not page.is_closed():
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:] + f"-{report.when}"
        saved = []
        try:
            page.screenshot(path=FAILURES_DIR / f"{stem}.png", full_page=True)
            saved.append(f"{stem}.png")
            (FAILURES_DIR / f"{stem}.html").write_text(page.content(), encoding="utf-8")
            saved.append(f"{stem}.html")
        except Exception as error:  # the page may have crashed; the report matters more
            saved.append(f"(could not save the page: {error})")
        lines = [f"url: {page.url}", f"saved in {FAILURES_DIR}: {', '.join(saved)}"]
        report.sections.append(("browser", "\n".join(lines + page.watch.lines())))
    return report


def zh(message):
    """The Chinese interface's text for an English message id, as the pages show it."""
    with translation.override("zh-hans"):
        return gettext(message)


def label(text):
    """A form field by its label, whatever suffix (":" or "：") the form adds."""
    return re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$")


def with_password(*users):
    """Give cast users a known password, so they can log in through the form."""
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return users


def log_in(page, user):
    """Log in through the real login form, in Chinese (the default language)."""
    page.goto("/accounts/login/")
    page.get_by_label(zh("Username"), exact=True).fill(user.get_username())
    page.get_by_label(zh("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=zh("Log in"), exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def log_out(page):
    page.get_by_role("button", name=zh("Log out"), exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def open_menu(page, entry):
    page.locator("nav.menu").get_by_role("link", name=entry, exact=True).click()


def assert_clean(page, *, console_errors=()):
    """No server error answered the browser, and it logged no error but those expected."""
    watch = page.watch
    assert watch.server_errors == []
    assert watch.page_errors == []
    assert watch.console_errors == list(console_errors)
