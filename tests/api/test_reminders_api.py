"""The reminders API: a person's own reminders, reading them, and their preferences."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from reminders import selectors
from reminders.models import Kind, MutedKind, Reminder, ReminderPreference
from tests import factories

pytestmark = pytest.mark.django_db

REMINDERS = "/api/v1/reminders/"
PREFERENCES = "/api/v1/reminder-preferences/"
DUE_ON = datetime.date(2024, 10, 15)


def remind(user, number=1, kind=Kind.ITEM_DUE, **fields):
    subject = factories.TargetFactory()
    values = {
        "recipient": user,
        "kind": kind,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
        "threshold": 1,
        "due_on": DUE_ON,
        "summary": f"城关镇：整改措施{number}",
        "link": f"/rectification/items/{number}/",
    }
    values.update(fields)
    return Reminder.objects.create(**values)


@pytest.fixture
def person():
    return factories.ProfileFactory().user


@pytest.fixture
def someone_else():
    return factories.ProfileFactory().user


def summaries(response):
    return [row["summary"] for row in response.json()["results"]]


# the list ---------------------------------------------------------------------------------


def test_a_person_lists_their_own_reminders_newest_first(api_as, person, someone_else):
    remind(person, 1)
    remind(someone_else, 2)
    remind(person, 3)
    response = api_as(person).get(REMINDERS)
    assert response.status_code == 200
    assert summaries(response) == ["城关镇：整改措施3", "城关镇：整改措施1"]


def test_a_reminder_reads_as_in_the_notification_centre(api_as, person):
    reminder = remind(person, 4, kind=Kind.ITEM_OVERDUE, threshold=-7)
    body = api_as(person).get(f"{REMINDERS}{reminder.pk}/").json()
    assert body == {
        "id": reminder.pk,
        "kind": "item_overdue",
        "kind_display": "rectification item overdue",
        "summary": "城关镇：整改措施4",
        "link": "/rectification/items/4/",
        "due_on": "2024-10-15",
        "days_ahead": None,
        "is_late": True,
        "created_at": body["created_at"],
        "read_at": None,
    }


def test_the_list_pages_by_cursor(api_as, person):
    for number in range(1, 4):
        remind(person, number)
    client = api_as(person)
    first = client.get(REMINDERS, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["summary"] for row in second["results"]] == ["城关镇：整改措施1"]
    assert second["next"] is None


def test_the_list_filters_unread_reminders(api_as, person):
    remind(person, 1, read_at=timezone.now())
    remind(person, 2)
    client = api_as(person)
    assert summaries(client.get(REMINDERS, {"unread": "true"})) == ["城关镇：整改措施2"]
    assert summaries(client.get(REMINDERS, {"unread": "false"})) == ["城关镇：整改措施1"]


def test_the_list_filters_by_kind(api_as, person):
    remind(person, 1, kind=Kind.PLAN_DUE)
    remind(person, 2, kind=Kind.ROUND_ENDS)
    response = api_as(person).get(REMINDERS, {"kind": Kind.PLAN_DUE})
    assert summaries(response) == ["城关镇：整改措施1"]


def test_an_unknown_kind_in_the_filter_is_a_field_error(api_as, person):
    response = api_as(person).get(REMINDERS, {"kind": "nonsense"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_the_list_filters_reminders_made_since_a_moment(api_as, person):
    old = remind(person, 1)
    Reminder.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    remind(person, 2)
    response = api_as(person).get(REMINDERS, {"created_since": "2024-06-01T00:00:00Z"})
    assert summaries(response) == ["城关镇：整改措施2"]


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("2024-06-01T08:00:00-16:30", 200),  # valid ISO 8601, beyond what PostgreSQL takes
        ("9999-12-31T23:00:00-10:00", 400),  # past the last representable moment in UTC
        ("yesterday", 400),
    ],
)
def test_any_moment_in_the_filter_is_read_or_refused_never_a_server_error(
    api_as, person, since, status
):
    response = api_as(person).get(REMINDERS, {"created_since": since})
    assert response.status_code == status
    if status == 400:
        assert "created_since" in response.json()["errors"]


def test_muted_kinds_are_left_out_of_the_list(api_as, person):
    remind(person, 1, kind=Kind.ROUND_ENDS)
    remind(person, 2)
    MutedKind.objects.create(user=person, kind=Kind.ROUND_ENDS)
    assert summaries(api_as(person).get(REMINDERS)) == ["城关镇：整改措施2"]


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_costs_the_same_queries_for_one_or_many_rows(
    api_as, person, rows, django_assert_num_queries
):
    for number in range(rows):
        remind(person, number)
    client = api_as(person)
    # The token with its person, then the page of reminders (muted kinds in it).
    with django_assert_num_queries(2):
        response = client.get(REMINDERS)
    assert len(response.json()["results"]) == rows


def test_the_list_needs_a_token(anonymous_api):
    assert anonymous_api.get(REMINDERS).status_code == 401


# reading ----------------------------------------------------------------------------------


def test_someone_elses_reminder_is_not_found(api_as, person, someone_else):
    theirs = remind(someone_else)
    client = api_as(person)
    assert client.get(f"{REMINDERS}{theirs.pk}/").status_code == 404
    response = client.post(f"{REMINDERS}{theirs.pk}/read/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_a_reminder_marks_it_read_and_lowers_the_unread_count(api_as, person):
    reminder = remind(person, 1)
    remind(person, 2)
    client = api_as(person)
    assert client.get(f"{REMINDERS}unread-count/").json() == {"unread": 2}
    response = client.post(f"{REMINDERS}{reminder.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert client.get(f"{REMINDERS}unread-count/").json() == {"unread": 1}


def test_reading_a_reminder_again_keeps_when_it_was_first_read(api_as, person):
    first_read = datetime.datetime(2024, 10, 1, 9, tzinfo=datetime.UTC)
    reminder = remind(person, read_at=first_read)
    api_as(person).post(f"{REMINDERS}{reminder.pk}/read/")
    reminder.refresh_from_db()
    assert reminder.read_at == first_read


def test_all_reminders_are_read_at_once_and_no_one_elses(api_as, person, someone_else):
    remind(person, 1)
    remind(person, 2)
    remind(person, 3, read_at=timezone.now())
    theirs = remind(someone_else, 4)
    client = api_as(person)
    response = client.post(f"{REMINDERS}read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert client.get(f"{REMINDERS}unread-count/").json() == {"unread": 0}
    assert selectors.unread_count(theirs.recipient) == 1


# preferences ------------------------------------------------------------------------------


def test_by_default_email_is_on_and_nothing_is_muted(api_as, person):
    assert api_as(person).get(PREFERENCES).json() == {"email": True, "muted_kinds": []}


def test_preferences_round_trip(api_as, person):
    client = api_as(person)
    wanted = {"email": False, "muted_kinds": [Kind.ROUND_ENDS, Kind.ITEM_STALE]}
    response = client.put(PREFERENCES, wanted, format="json")
    assert response.status_code == 200
    saved = {"email": False, "muted_kinds": [Kind.ITEM_STALE, Kind.ROUND_ENDS]}
    assert response.json() == saved
    assert client.get(PREFERENCES).json() == saved
    assert ReminderPreference.objects.get(user=person).email is False


def test_patching_one_preference_keeps_the_other(api_as, person):
    client = api_as(person)
    client.put(PREFERENCES, {"email": True, "muted_kinds": [Kind.ROUND_ENDS]}, format="json")
    response = client.patch(PREFERENCES, {"email": False}, format="json")
    assert response.json() == {"email": False, "muted_kinds": [Kind.ROUND_ENDS]}
    response = client.patch(PREFERENCES, {"muted_kinds": []}, format="json")
    assert response.json() == {"email": False, "muted_kinds": []}


def test_an_unknown_kind_in_the_preferences_is_a_field_error(api_as, person):
    body = {"email": True, "muted_kinds": [Kind.ROUND_ENDS, "nonsense"]}
    response = api_as(person).put(PREFERENCES, body, format="json")
    assert response.status_code == 400
    assert "muted_kinds" in response.json()["errors"]
    assert selectors.muted_kinds_of(person) == []


def test_a_full_update_needs_both_preferences(api_as, person):
    response = api_as(person).put(PREFERENCES, {"email": False}, format="json")
    assert response.status_code == 400
    assert "muted_kinds" in response.json()["errors"]


def test_preferences_are_the_persons_own(api_as, person, someone_else):
    body = {"email": False, "muted_kinds": [Kind.ROUND_ENDS]}
    api_as(person).put(PREFERENCES, body, format="json")
    assert api_as(someone_else).get(PREFERENCES).json() == {"email": True, "muted_kinds": []}
