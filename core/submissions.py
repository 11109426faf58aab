"""Forms that create something are submitted once, even when the button is pressed twice."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from core.models import Submission


def new_token():
    return uuid.uuid4()


def created_once(*, token, user, create):
    """Run `create()` for this form token, or return what the first submission created.

    The token row and the created object are written in one transaction, so a second POST
    either waits for the first and finds its result, or finds nothing was created.
    """
    existing = Submission.objects.filter(token=token, user=user).first()
    if existing is not None and existing.result is not None:
        return existing.result, False
    try:
        with transaction.atomic():
            submission = Submission.objects.create(token=token, user=user)
            created = create()
            submission.content_type = ContentType.objects.get_for_model(created)
            submission.object_id = created.pk
            submission.save(update_fields=["content_type", "object_id"])
    except IntegrityError:
        first = Submission.objects.get(token=token, user=user)
        return first.result, False
    return created, True
