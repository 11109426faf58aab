"""Delivering reminders: the daily email digest, the notification centre and preferences."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from reminders import selectors, services
from reminders.models import EmailDigest, Kind, MutedKind, Reminder, ReminderPreference
from reminders.schedules import DIGESTS, SWEEP, ensure_default_schedules
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date(2024, 10, 14)


def remind(user, number=1, kind=Kind.ITEM_DUE, **fields):
    subject = factories.TargetFactory()
    values = {
        "recipient": user,
        "kind": kind,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk * 100 + number,
        "threshold": 1,
        "due_on": TODAY + datetime.timedelta(days=1),
        "summary": f"城关镇：整改措施{number}",
        "link": f"/rectification/items/{number}/",
    }
    values.update(fields)
    return Reminder.objects.create(**values)


@pytest.fixture
def person():
    return factories.ProfileFactory(name="王联络员", user__email="wang@example.org").user


# digests --------------------------------------------------------------------------------


def test_a_digest_holds_all_of_a_persons_unsent_reminders_in_one_email(person):
    for number in (1, 2, 3):
        remind(person, number)
    assert services.digest_send(recipient=person, day=TODAY) == 3
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wang@example.org"]
    assert "整改措施2" in mail.outbox[0].body


def test_a_digest_links_to_each_reminder_on_the_site(person, settings):
    settings.SITE_URL = "https://xunshi.example.gov"
    remind(person, 7)
    services.digest_send(recipient=person, day=TODAY)
    assert "https://xunshi.example.gov/rectification/items/7/" in mail.outbox[0].body


def test_a_digest_is_sent_at_most_once_a_day(person):
    remind(person, 1)
    services.digest_send(recipient=person, day=TODAY)
    remind(person, 2)
    assert services.digest_send(recipient=person, day=TODAY) == 0
    assert len(mail.outbox) == 1


def test_reminders_made_after_the_digest_go_out_the_next_day(person):
    remind(person, 1)
    services.digest_send(recipient=person, day=TODAY)
    remind(person, 2)
    services.digest_send(recipient=person, day=TODAY + datetime.timedelta(days=1))
    assert "整改措施2" in mail.outbox[1].body
    assert "整改措施1" not in mail.outbox[1].body


def test_a_sent_reminder_records_when_it_was_emailed(person):
    reminder = remind(person)
    services.digest_send(recipient=person, day=TODAY)
    reminder.refresh_from_db()
    assert reminder.emailed_at is not None
    assert EmailDigest.objects.get(recipient=person).reminders == 1


def test_a_failed_send_leaves_the_reminders_for_the_next_attempt(person, monkeypatch):
    reminder = remind(person)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("reminders.services.send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.digest_send(recipient=person, day=TODAY)
    reminder.refresh_from_db()
    assert reminder.emailed_at is None
    assert not EmailDigest.objects.exists()


def test_nobody_gets_an_empty_digest(person):
    assert services.digest_send(recipient=person, day=TODAY) == 0
    assert mail.outbox == []


def test_a_person_who_turned_email_off_gets_no_digest(person):
    remind(person)
    ReminderPreference.objects.create(user=person, email=False)
    assert list(selectors.digest_recipients(TODAY)) == []


def test_a_person_without_an_address_gets_no_digest():
    user = factories.ProfileFactory(user__email="").user
    remind(user)
    assert list(selectors.digest_recipients(TODAY)) == []


def test_a_person_with_unsent_reminders_is_due_a_digest(person):
    remind(person)
    assert list(selectors.digest_recipients(TODAY)) == [person.pk]


# the notification centre ----------------------------------------------------------------


def test_the_centre_lists_the_persons_reminders_and_no_one_elses(client, person):
    remind(person, 1)
    remind(factories.ProfileFactory().user, 2)
    client.force_login(person)
    page = client.get(reverse("reminders:list")).content.decode()
    assert "整改措施1" in page
    assert "整改措施2" not in page


def test_the_badge_counts_unread_reminders(client_in_english, person):
    remind(person, 1)
    remind(person, 2, read_at=datetime.datetime(2024, 10, 1, tzinfo=datetime.UTC))
    client_in_english.force_login(person)
    response = client_in_english.get(reverse("reminders:badge"))
    assert 'aria-label="1 unread reminder"' in response.content.decode()


def test_the_badge_costs_one_query_of_its_own(client, person, django_assert_num_queries):
    client.force_login(person)
    client.get(reverse("reminders:list"))
    with django_assert_num_queries(6):
        # Session and user; the count (muted kinds in it); the session saved (idle expiry).
        client.get(reverse("reminders:badge"))


def test_opening_a_reminder_marks_it_read_and_goes_to_its_subject(client, person):
    reminder = remind(person, 5)
    client.force_login(person)
    response = client.post(reverse("reminders:open", args=[reminder.pk]))
    assert response.url == "/rectification/items/5/"
    reminder.refresh_from_db()
    assert reminder.read_at is not None


def test_someone_elses_reminder_cannot_be_opened(client, person):
    other = remind(factories.ProfileFactory().user)
    client.force_login(person)
    assert client.post(reverse("reminders:open", args=[other.pk])).status_code == 404


def test_all_reminders_are_marked_read_at_once(client, person):
    remind(person, 1)
    remind(person, 2)
    client.force_login(person)
    client.post(reverse("reminders:read_all"))
    assert selectors.unread_count(person) == 0


def test_a_person_chooses_which_reminders_to_get_and_turns_email_off(client, person):
    client.force_login(person)
    response = client.post(
        reverse("reminders:preferences"), {"muted_kinds": [Kind.ITEM_STALE, Kind.ROUND_ENDS]}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=person)
    assert (preference.email, selectors.muted_kinds_of(person)) == (
        False,
        [Kind.ITEM_STALE, Kind.ROUND_ENDS],
    )


def test_turning_a_kind_back_on_is_recorded(client, person):
    services.preference_update(user=person, email=True, muted_kinds=[Kind.ROUND_ENDS])
    services.preference_update(user=person, email=True, muted_kinds=[])
    assert selectors.muted_kinds_of(person) == []
    assert MutedKind.history.filter(user=person, history_type="-").count() == 1


def test_an_unknown_kind_in_the_preferences_is_refused_with_a_message(client, person):
    client.force_login(person)
    response = client.post(reverse("reminders:preferences"), {"muted_kinds": ["nonsense"]})
    assert response.status_code == 400
    assert "nonsense" in response.content.decode()


def test_a_muted_kind_no_longer_shows_in_the_centre(client, person):
    remind(person, 1, kind=Kind.ROUND_ENDS)
    MutedKind.objects.create(user=person, kind=Kind.ROUND_ENDS)
    assert selectors.unread_count(person) == 0


# schedules ------------------------------------------------------------------------------


def test_the_default_schedules_are_created_when_missing():
    assert ensure_default_schedules() == [SWEEP, DIGESTS]


def test_an_administrators_change_to_a_schedule_is_kept():
    ensure_default_schedules()
    PeriodicTask.objects.filter(name=DIGESTS).update(enabled=False)
    assert ensure_default_schedules() == []
    assert PeriodicTask.objects.get(name=DIGESTS).enabled is False
