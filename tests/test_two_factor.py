"""Second factor (django-otp): the code step after the password, enrolment and removal."""

import datetime

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

# Messages are asserted in English, the language a person can choose in the header.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("client_in_english")]

PASSWORD = "xunshi-test"  # tests.factories.UserFactory
VERIFY = "/accounts/two-factor/verify/"
TWO_FACTOR = "/accounts/two-factor/"
REMOVE = "/accounts/two-factor/remove/"


def code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    return f"{(int(code(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def clock():
    """Frozen time, so a code stays current and the next step's code can be reached."""
    with time_machine.travel(datetime.datetime(2025, 3, 3, 1, 0, tzinfo=datetime.UTC)) as clock:
        yield clock


@pytest.fixture
def person_with_device(clock):
    user = factories.UserFactory()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def office_staff(settings, clock):
    settings.REQUIRE_2FA_FOR_OFFICE_STAFF = True
    return factories.OfficeStaffFactory().user


def log_in(client, user, path="/accounts/login/"):
    response = client.post(path, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"
    return response


def next_step(clock):
    """A code is accepted once: move to the next 30-second step for a fresh one."""
    clock.shift(datetime.timedelta(seconds=30))


# the code step after the password ----------------------------------------------------------


def test_a_person_with_a_device_is_asked_for_a_code_after_the_password(client, person_with_device):
    log_in(client, person_with_device)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=/"


def test_without_a_valid_code_a_person_with_a_device_cannot_reach_the_home_page(
    client, person_with_device
):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    response = client.post(VERIFY, {"token": wrong_code(device), "next": "/"})
    assert response.status_code == 200
    assert "This code is wrong or has expired." in response.text
    assert client.get("/")["Location"].startswith(VERIFY)


def test_with_a_valid_code_a_person_with_a_device_logs_in(client, person_with_device):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    response = client.post(VERIFY, {"token": code(device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_giving_the_code_changes_the_session_id(client, person_with_device):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    before = client.session.session_key
    client.post(VERIFY, {"token": code(device)})
    assert client.session.session_key != before


def test_the_verification_lasts_for_the_rest_of_the_session(client, person_with_device, clock):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    client.post(VERIFY, {"token": code(device)})
    clock.shift(datetime.timedelta(minutes=10))
    assert client.get("/").status_code == 200


def test_the_admin_login_is_followed_by_the_code_step(client, person_with_device):
    person_with_device.is_staff = True
    person_with_device.save(update_fields=["is_staff"])
    log_in(client, person_with_device, path="/admin/login/?next=/admin/")
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=/admin/"


def test_a_recovery_code_is_accepted_once(client, person_with_device):
    recovery = StaticDevice.objects.create(user=person_with_device, name="r", confirmed=True)
    recovery.token_set.create(token="abcd2345")
    log_in(client, person_with_device)
    assert client.post(VERIFY, {"token": "ABCD 2345"}).status_code == 302
    assert not StaticToken.objects.filter(token="abcd2345").exists()


def test_wrong_codes_count_as_failed_logins_and_lock_the_account_out(
    client, person_with_device, settings
):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(VERIFY, {"token": wrong_code(device)})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert (
        client.post(
            "/accounts/login/", {"username": person_with_device.username, "password": PASSWORD}
        ).status_code
        == 429
    )


def test_a_correct_code_clears_the_wrong_codes_before_it(
    client, person_with_device, settings, clock
):
    device = TOTPDevice.objects.get(user=person_with_device)
    log_in(client, person_with_device)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(VERIFY, {"token": wrong_code(device)})
    clock.shift(datetime.timedelta(minutes=1))  # past django-otp's own back-off
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"username": person_with_device.username, "password": "wrong"}
    )
    assert response.status_code == 200


def test_a_person_waiting_for_the_code_cannot_enrol_another_device(client, person_with_device):
    log_in(client, person_with_device)
    response = client.get(TWO_FACTOR)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=person_with_device).count() == 1


def test_people_without_a_device_are_not_asked_for_a_code(client):
    log_in(client, factories.UserFactory())
    assert client.get("/").status_code == 200


# office staff required to use a second factor --------------------------------------------


def test_required_office_staff_are_taken_to_enrolment_after_the_password(client, office_staff):
    log_in(client, office_staff)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=/"


def test_required_office_staff_cannot_reach_other_pages_before_confirming(client, office_staff):
    client.force_login(office_staff)
    for path in ["/", "/admin/", VERIFY]:
        assert client.get(path)["Location"].startswith(TWO_FACTOR), path


def test_office_staff_are_not_asked_to_enrol_unless_the_office_requires_it(client, settings):
    settings.REQUIRE_2FA_FOR_OFFICE_STAFF = False
    log_in(client, factories.OfficeStaffFactory().user)
    assert client.get("/").status_code == 200


def test_the_enrolment_page_shows_the_key_as_text_uri_and_inline_qr_code(client, office_staff):
    client.force_login(office_staff)
    response = client.get(TWO_FACTOR)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    device = TOTPDevice.objects.get(user=office_staff, confirmed=False)
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert "otpauth://totp/xunshi%3A" in response.text
    assert '<svg width="' in response.text and "<img" not in response.text


def test_the_enrolment_key_stays_the_same_when_the_page_is_reloaded(client, office_staff):
    client.force_login(office_staff)
    first = client.get(TWO_FACTOR).context["secret"]
    assert client.get(TWO_FACTOR).context["secret"] == first


def test_enrolment_with_a_correct_code_creates_a_confirmed_device(client, office_staff):
    client.force_login(office_staff)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=office_staff, confirmed=False)
    response = client.post(TWO_FACTOR, {"token": code(device), "next": "/"})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert len(response.context["codes"]) == 10
    assert client.get("/").status_code == 200


def test_enrolment_with_a_wrong_code_confirms_nothing(client, office_staff):
    client.force_login(office_staff)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=office_staff)
    response = client.post(TWO_FACTOR, {"token": wrong_code(device)})
    assert "This code is wrong or has expired." in response.text
    assert not TOTPDevice.objects.filter(user=office_staff, confirmed=True).exists()
    assert client.get("/")["Location"].startswith(TWO_FACTOR)


def test_anyone_logged_in_can_enrol_a_device_of_their_own(client, clock):
    user = factories.UserFactory()
    client.force_login(user)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=user)
    client.post(TWO_FACTOR, {"token": code(device)})
    assert TOTPDevice.objects.get(user=user).confirmed


# removal -----------------------------------------------------------------------------------


@pytest.fixture
def verified(client, person_with_device):
    device = TOTPDevice.objects.get(user=person_with_device)
    client.force_login(person_with_device)
    client.post(VERIFY, {"token": code(device)})
    return device


def test_removing_the_device_without_a_code_is_refused(client, verified):
    response = client.post(REMOVE, {"token": ""})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=verified.pk).exists()


def test_removing_the_device_with_a_wrong_code_is_refused(client, verified):
    response = client.post(REMOVE, {"token": wrong_code(verified)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=verified.pk).exists()


def test_removing_the_device_with_a_current_code_removes_it_and_the_recovery_codes(
    client, verified, clock
):
    StaticDevice.objects.create(user=verified.user, name="r", confirmed=True)
    next_step(clock)
    response = client.post(REMOVE, {"token": code(verified)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=verified.user).exists()
    assert not StaticDevice.objects.filter(user=verified.user).exists()
    assert client.get("/").status_code == 200


def test_required_office_staff_who_remove_their_device_must_enrol_again(
    client, office_staff, clock
):
    device = TOTPDevice.objects.create(user=office_staff, name="phone", confirmed=True)
    client.force_login(office_staff)
    client.post(VERIFY, {"token": code(device)})
    next_step(clock)
    client.post(REMOVE, {"token": code(device)})
    assert client.get("/")["Location"].startswith(TWO_FACTOR)
