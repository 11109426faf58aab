"""Reads of reminders: a person sees only their own."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from reminders.models import EmailDigest, MutedKind, Reminder, ReminderPreference


def reminders_of(user):
    muted = MutedKind.objects.filter(user=user).values("kind")
    return Reminder.objects.filter(recipient=user).exclude(kind__in=muted)


def unread_count(user):
    return reminders_of(user).filter(read_at__isnull=True).count()


def preference_of(user):
    return ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)


def muted_kinds_of(user):
    return sorted(MutedKind.objects.filter(user=user).values_list("kind", flat=True))


def digest_recipients(day):
    """Who gets a digest on `day`: unsent reminders, an address, email not turned off, and no
    digest sent yet today. Yields user ids in batches of primary keys."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(Exists(Reminder.objects.filter(recipient=OuterRef("pk"), emailed_at__isnull=True)))
        .exclude(Exists(ReminderPreference.objects.filter(user=OuterRef("pk"), email=False)))
        .exclude(
            Exists(
                EmailDigest.objects.filter(recipient=OuterRef("pk"), day=day, sent_at__isnull=False)
            )
        )
    )
    return users.order_by("pk").values_list("pk", flat=True)
