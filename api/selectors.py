from django.utils import timezone

from api.models import ApiToken, key_digest


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def token_for_key(key):
    """The live token with this key, with its person, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(
            digest=key_digest(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
