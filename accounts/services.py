"""Second-factor actions: enrol an authenticator app, check a code, remove the factor.

Codes are checked by django-otp, whose devices throttle wrong guesses (each failure doubles
the wait before the device accepts another try).
"""

import logging

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6


def totp_device_for_enrolment(*, user):
    """The unconfirmed device being enrolled; kept across page loads so the QR code is stable."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False, digits=TOTP_DIGITS
        )
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user, token):
    """Confirm the device being enrolled with its first code.

    1. The code must match the unconfirmed device shown to the person.
    2. The device is confirmed; other unconfirmed devices are dropped.
    3. Fresh recovery codes replace any old ones; they are returned to be shown once.

    Returns (device, recovery codes), or (None, []) when the code is wrong.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not device.verify_token(_digits(token)):
        return None, []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    logger.info("Second factor enrolled for user %s", user.pk)
    return device, codes


@transaction.atomic
def second_factor_verify(*, user, token):
    """The confirmed device that accepts this code, or None.

    Six digits are an authenticator code; anything else is a recovery code (used up once
    accepted). Routing by shape keeps a wrong guess of one kind from throttling the other.
    """
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    if token.isdigit() and len(token) == TOTP_DIGITS:
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
        token = token.lower()
    for device in devices.select_for_update():
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def second_factor_remove(*, user, token):
    """Remove the authenticator and recovery codes, given a current code. Returns success."""
    if second_factor_verify(user=user, token=token) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.warning("Second factor removed by user %s", user.pk)
    return True


def _digits(token):
    return (token or "").strip().replace(" ", "")
