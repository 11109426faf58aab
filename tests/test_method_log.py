import datetime

import pytest
from django.utils import timezone

from core.errors import DomainError, NotAllowed
from rounds.models import MethodLogEntry
from rounds.services.methods import method_log_add
from tests import flows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "media_root")]
TODAY = timezone.localdate()


def log(cast, by, **fields):
    return method_log_add(
        assignment=cast.assignment,
        by=by,
        method=fields.pop("method", "talk"),
        held_on=fields.pop("held_on", TODAY),
        **fields,
    )


def test_a_member_logs_individual_talks_on_site(cast):
    flows.on_site(cast)
    entry = log(cast, cast.member, count=12, note="与班子成员逐一谈话")
    assert (entry.method, entry.count, entry.by) == ("talk", 12, cast.member)


def test_an_outsider_cannot_write_in_the_log(cast):
    with pytest.raises(NotAllowed):
        log(cast, cast.outsider)


def test_the_log_closes_after_the_report(cast):
    flows.fed_back(cast)
    with pytest.raises(DomainError, match="kept until the report"):
        log(cast, cast.member)


def test_an_entry_cannot_be_dated_in_the_future(cast):
    with pytest.raises(DomainError, match="future"):
        log(cast, cast.member, held_on=TODAY + datetime.timedelta(days=1))


def test_the_page_adds_an_entry_in_place_with_htmx(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    response = client.post(
        f"/assignments/{cast.assignment.pk}/methods/",
        {"method": "petition", "held_on": TODAY.isoformat(), "count": "3", "note": "来访"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="method-log"' in response.text and "<html" not in response.text
    assert MethodLogEntry.objects.get().count == 3


def test_the_page_shows_totals_per_method(client, cast):
    flows.on_site(cast)
    log(cast, cast.member, count=2)
    log(cast, cast.deputy, count=5)
    client.force_login(cast.leader)
    response = client.get(f"/assignments/{cast.assignment.pk}/methods/")
    assert response.context["totals"][0][1] == 7


def test_a_bad_count_is_refused_and_keeps_the_note(client, cast):
    flows.on_site(cast)
    client.force_login(cast.member)
    response = client.post(
        f"/assignments/{cast.assignment.pk}/methods/",
        {"method": "talk", "held_on": TODAY.isoformat(), "count": "0", "note": "谈话"},
    )
    assert response.status_code == 400
    assert 'value="谈话"' in response.text
    assert not MethodLogEntry.objects.exists()


def test_the_unit_cannot_open_the_log(client, cast):
    flows.fed_back(cast)
    client.force_login(cast.liaison)
    assert client.get(f"/assignments/{cast.assignment.pk}/methods/").status_code == 404
