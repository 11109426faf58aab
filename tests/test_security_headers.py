"""Headers and cookies of a production deployment; a Content-Security-Policy with no inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders

from tests.test_configuration import settings_in_subprocess

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60
EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


@pytest.fixture
def logged_in(client):
    user = get_user_model().objects.create_user(username="lisi", password="xunshi-demo")
    client.force_login(user)
    return client


def policy_of(response):
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


def test_secure_requests_get_strict_transport_security_for_a_year_with_subdomains(client):
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"


def test_plain_http_requests_get_no_strict_transport_security(client):
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")


def test_pages_forbid_framing_sniffing_and_cross_origin_referrers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_carry_a_policy_that_allows_only_the_apps_own_assets(client):
    assert policy_of(client.get("/accounts/login/")) == EXPECTED_POLICY


def test_the_admin_is_served_under_the_same_policy(client):
    get_user_model().objects.create_superuser(username="root", password="xunshi-demo")
    client.post("/admin/login/", {"username": "root", "password": "xunshi-demo"})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert all("src=" in tag for tag in SCRIPT_TAG.findall(response.text))


def test_the_csrf_cookie_is_http_only_and_same_site_lax(client):
    cookie = client.get("/accounts/login/").cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_behind_the_proxy_setting_trusts_the_forwarded_protocol(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/accounts/login/", headers={"x-forwarded-proto": "https"})
    assert "Strict-Transport-Security" in response


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_pages_have_no_inline_script_and_no_inline_event_handler(logged_in, path):
    response = logged_in.get(path)
    assert response.status_code == 200
    assert not INLINE_HANDLER.search(response.text)
    tags = SCRIPT_TAG.findall(response.text)
    # Every script is a file the app serves itself; none is inline or from elsewhere.
    assert tags and all(re.search(r'\ssrc="/static/[^"]+\.js"', tag) for tag in tags)


def test_the_language_selector_is_submitted_by_the_apps_own_script(client):
    response = client.get("/accounts/login/")
    assert re.search(r'<select name="language"[^>]*data-autosubmit', response.text)
    assert "<noscript><button" in response.text
    script = Path(finders.find("js/xunshi.js")).read_text()
    assert "select[data-autosubmit]" in script and ".submit()" in script


def test_the_language_form_switches_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Log in" in client.get("/accounts/login/").text


def test_no_template_has_inline_script_handlers_or_style_attributes():
    templates = Path(django_settings.BASE_DIR, "templates").rglob("*.html")
    offenders = [
        str(template)
        for template in templates
        if INLINE_HANDLER.search(text := template.read_text())
        or re.search(r"\sstyle\s*=", text)
        or any("src=" not in tag for tag in SCRIPT_TAG.findall(text))
    ]
    assert offenders == []


# production defaults, read in a clean interpreter ------------------------------------------

SHOW_SECURITY = (
    "from xunshi import settings as s;"
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
    " s.CSRF_COOKIE_SECURE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None) is not None)"
)


def test_production_defaults_send_hsts_for_a_year_and_secure_cookies(tmp_path):
    result = settings_in_subprocess(
        {"SECRET_KEY": "x", "XUNSHI_VAR_DIR": str(tmp_path)}, SHOW_SECURITY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(ONE_YEAR), "False", "True", "True", "False"]


def test_debug_sends_no_hsts(tmp_path):
    result = settings_in_subprocess(
        {"DEBUG": "true", "XUNSHI_VAR_DIR": str(tmp_path)}, SHOW_SECURITY
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "0"


def test_redirect_hsts_and_proxy_are_set_from_the_environment(tmp_path):
    env = {
        "SECRET_KEY": "x",
        "XUNSHI_VAR_DIR": str(tmp_path),
        "HSTS_SECONDS": "600",
        "SSL_REDIRECT": "true",
        "BEHIND_TLS_PROXY": "true",
    }
    result = settings_in_subprocess(env, SHOW_SECURITY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "True", "True", "True", "True"]
