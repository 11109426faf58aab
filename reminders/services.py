"""Changes to reminders: reading them, preferences, and the daily email digest."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import DomainError
from reminders.models import EmailDigest, Kind, MutedKind, Reminder, ReminderPreference

DIGEST_LIMIT = 200


def reminder_open(*, user, pk):
    """Mark one of the person's reminders read and give it back (to follow its link)."""
    reminder = Reminder.objects.get(recipient=user, pk=pk)
    if reminder.read_at is None:
        reminder.read_at = timezone.now()
        reminder.save(update_fields=["read_at"])
    return reminder


def reminders_mark_all_read(*, user):
    return Reminder.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preference_update(*, user, email, muted_kinds):
    unknown = set(muted_kinds) - set(Kind.values)
    if unknown:
        raise DomainError(_("Unknown kinds of reminder: %(kinds)s") % {"kinds": ", ".join(unknown)})
    preference, _created = ReminderPreference.objects.get_or_create(user=user)
    preference.email = email
    preference.save()
    wanted = set(muted_kinds)
    for muted in MutedKind.objects.filter(user=user).exclude(kind__in=wanted):
        # One by one, so that the history records each kind turned back on.
        muted.delete()
    for kind in wanted:
        MutedKind.objects.get_or_create(user=user, kind=kind)
    return preference


def digest_send(*, recipient, day):
    """Send the person's unsent reminders as one email, at most once on `day`.

    The digest row is taken first and the reminders are claimed with SKIP LOCKED, so two
    workers never mail the same reminder; a failure to send rolls everything back, leaving the
    reminders for the next attempt. Returns the number of reminders mailed.
    """
    with transaction.atomic():
        digest, _created = EmailDigest.objects.select_for_update().get_or_create(
            recipient=recipient, day=day
        )
        if digest.sent_at is not None:
            return 0
        claimed = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(recipient=recipient, emailed_at__isnull=True)
            .order_by("due_on", "id")[:DIGEST_LIMIT]
        )
        if not claimed:
            return 0
        _mail(recipient, day, claimed)
        now = timezone.now()
        Reminder.objects.filter(pk__in=[reminder.pk for reminder in claimed]).update(emailed_at=now)
        digest.sent_at, digest.reminders = now, len(claimed)
        digest.save(update_fields=["sent_at", "reminders"])
    return len(claimed)


def _mail(recipient, day, reminders):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "recipient": recipient,
            "day": day,
            "reminders": reminders,
            "site_url": settings.SITE_URL,
        }
        subject = _("xunshi: %(count)s reminders for %(day)s") % {
            "count": len(reminders),
            "day": day,
        }
        body = render_to_string("reminders/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
