"""Failed-login lock-out (django-axes), idle sessions and password strength."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "xunshi-demo"


@pytest.fixture
def person():
    return get_user_model().objects.create_user(username="zhangsan", password=PASSWORD)


def in_english(client):
    """Messages are asserted in English, the language a person can choose in the header."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def fail_to_log_in(client, times, *, path=LOGIN, address="10.0.0.1"):
    in_english(client)
    response = None
    for _ in range(times):
        response = client.post(
            path,
            {"username": "zhangsan", "password": "wrong"},
            REMOTE_ADDR=address,
        )
    return response


def log_in(client, *, address="10.0.0.1"):
    in_english(client)
    return client.post(LOGIN, {"username": "zhangsan", "password": PASSWORD}, REMOTE_ADDR=address)


def test_failures_below_the_limit_only_show_the_login_form_again(client, person, settings):
    response = fail_to_log_in(client, settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_failure_that_reaches_the_limit_locks_the_account_out(client, person, settings):
    response = fail_to_log_in(client, settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in response.templates]


def test_a_locked_out_account_is_refused_even_with_the_right_password(client, person, settings):
    fail_to_log_in(client, settings.AXES_FAILURE_LIMIT)
    response = log_in(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_page_says_the_account_is_locked_and_when_to_retry(client, person, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    moment = datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Beijing
    with time_machine.travel(moment, tick=False):
        response = fail_to_log_in(client, settings.AXES_FAILURE_LIMIT)
    assert "Account temporarily locked" in response.text
    assert "You can try again after 2025-03-03 09:30." in response.text
    assert 'class="topbar"' in response.text  # the site's own page, not bare text


def test_the_lock_out_page_is_in_chinese_by_default(client, person, settings):
    response = client.post(LOGIN, {"username": "zhangsan", "password": "wrong"})
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(LOGIN, {"username": "zhangsan", "password": "wrong"})
    assert response.status_code == 429
    assert response["Content-Language"] == "zh-hans"


def test_the_lock_out_ends_after_the_cool_off(client, person, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    with time_machine.travel(datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)) as clock:
        fail_to_log_in(client, settings.AXES_FAILURE_LIMIT)
        clock.shift(datetime.timedelta(minutes=31))
        assert log_in(client).status_code == 302


def test_the_lock_out_is_for_one_username_from_one_address(client, person, settings):
    fail_to_log_in(client, settings.AXES_FAILURE_LIMIT, address="10.0.0.1")
    assert log_in(client, address="10.0.0.2").status_code == 302


def test_a_successful_login_resets_the_failures(client, person, settings):
    fail_to_log_in(client, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client).status_code == 302
    assert not AccessAttempt.objects.filter(username="zhangsan").exists()
    client.post("/accounts/logout/")
    response = fail_to_log_in(client, settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200


def test_the_admin_login_is_locked_out_too(client, person, settings):
    response = fail_to_log_in(client, settings.AXES_FAILURE_LIMIT, path="/admin/login/")
    assert response.status_code == 429
    assert "Account temporarily locked" in response.text


def test_behind_the_proxy_the_address_the_proxy_appended_is_locked_out(client, person, settings):
    settings.BEHIND_TLS_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "zhangsan", "password": "wrong"},
            headers={"x-forwarded-for": "1.2.3.4, 10.9.8.7"},
            REMOTE_ADDR="10.0.0.254",
        )
    assert AccessAttempt.objects.get(username="zhangsan").ip_address == "10.9.8.7"


# sessions ------------------------------------------------------------------------------------

START = datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)


def test_an_idle_session_expires(client, person, settings):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(person)
        assert client.get("/").status_code == 200
        clock.shift(datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES, seconds=1))
        response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_activity_keeps_a_session_alive_past_the_idle_time(client, person, settings):
    nearly_idle = datetime.timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(person)
        for _ in range(3):
            clock.shift(nearly_idle)
            assert client.get("/").status_code == 200


def test_the_session_cookie_ends_with_the_browser(client, person):
    response = log_in(client)
    cookie = response.cookies["sessionid"]
    assert (cookie["max-age"], cookie["expires"]) == ("", "")
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_healthz_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies
    assert not client.cookies


# passwords -----------------------------------------------------------------------------------


def test_a_password_shorter_than_twelve_characters_is_refused():
    with pytest.raises(ValidationError):
        password_validation.validate_password("Xq7#vLp2!mZ")  # 11 characters


def test_a_common_password_is_refused_whatever_its_length():
    with pytest.raises(ValidationError):
        password_validation.validate_password("password1234")


def test_a_long_uncommon_password_is_accepted():
    password_validation.validate_password("巡察-Xq7#vLp2!mZ-2025")
