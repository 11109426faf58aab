"""Issuing and revoking API tokens."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from accounts.selectors import must_use_second_factor
from accounts.services import second_factor_verify
from api.models import ApiToken, key_digest
from core.errors import DomainError, NotAllowed


def credentials_check(*, request, username, password, otp=""):
    """The person these credentials name, or a DomainError saying what is missing.

    Goes through Django's `authenticate` so django-axes counts failures and locks out, as for
    the login page; a person with a second factor gives its current code too.
    """
    user = authenticate(request=request, username=username, password=password)
    if user is None:
        raise DomainError(_("The username or password is not correct."), code="credentials")
    if user_has_device(user, confirmed=True):
        if not otp:
            raise DomainError(_("Give the code from your authenticator."), code="otp")
        if second_factor_verify(user=user, token=otp) is None:
            raise DomainError(_("The code is not correct."), code="otp")
    elif must_use_second_factor(user):
        raise DomainError(
            _("Set up a second factor in the browser before asking for a token."), code="otp"
        )
    return user


def token_issue(*, user, name=""):
    """A new token for the person; returns (token, key). The key is shown once, never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        digest=key_digest(key),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return token, key


@transaction.atomic
def token_revoke(*, token, by):
    """Revoke a token: its owner, or an administrator. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != by.pk and not by.is_superuser:
        raise NotAllowed(_("Only the token's owner may revoke it."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
