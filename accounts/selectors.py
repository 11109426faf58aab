"""Reads about a person's second factor (django-otp devices)."""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

# What a person must still do after the password, stored in the session at login.
STEP_NONE = "none"
STEP_VERIFY = "verify"
STEP_ENROL = "enrol"


def second_factor_step(user):
    """Which step a freshly logged-in person must pass before using the app.

    Anyone with a confirmed device gives a code; office staff without one enrol first when the
    office requires a second factor for them (REQUIRE_2FA_FOR_OFFICE_STAFF).
    """
    if user_has_device(user, confirmed=True):
        return STEP_VERIFY
    if must_use_second_factor(user):
        return STEP_ENROL
    return STEP_NONE


def must_use_second_factor(user):
    profile = getattr(user, "profile", None)
    return bool(
        settings.REQUIRE_2FA_FOR_OFFICE_STAFF and profile is not None and profile.is_office_staff
    )


def confirmed_totp_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
