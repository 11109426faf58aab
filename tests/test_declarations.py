import pytest
from django.utils import timezone

from organisations.models import RecusalDeclaration
from rounds.recusal import conflicts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
TODAY = timezone.localdate().isoformat()


def url(profile):
    return f"/people/{profile.pk}/declarations/new/"


def relatives(*rows):
    data = {
        "relatives-TOTAL_FORMS": str(max(len(rows), 1)),
        "relatives-INITIAL_FORMS": "0",
        "relatives-MIN_NUM_FORMS": "0",
        "relatives-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(rows):
        data.update({f"relatives-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_office_records_a_declaration_whose_relative_then_blocks_the_target(client, cast):
    inspector = factories.InspectorFactory(office=cast.office)
    client.force_login(cast.office_staff)
    response = client.post(
        url(inspector),
        {"signed_on": TODAY, "statement": "如实申报"}
        | relatives(
            {"name": "李某", "relation": "spouse", "workplace": str(cast.assignment.target_id)}
        ),
    )
    assert response.status_code == 302
    declaration = RecusalDeclaration.objects.get(profile=inspector)
    assert declaration.relatives.get().workplace_name == cast.assignment.target.name
    found = conflicts(user=inspector.user, target=cast.assignment.target, office=cast.office)
    assert [conflict.kind for conflict in found] == ["relative"]


def test_a_relative_needs_a_workplace_and_the_input_is_kept(client, cast):
    inspector = factories.InspectorFactory(office=cast.office)
    client.force_login(cast.office_staff)
    response = client.post(
        url(inspector), {"signed_on": TODAY} | relatives({"name": "王某", "relation": "child"})
    )
    assert response.status_code == 400
    assert 'value="王某"' in response.text
    assert not RecusalDeclaration.objects.exists()


def test_someone_of_another_office_is_not_found(client, cast, other_cast):
    client.force_login(cast.office_staff)
    stranger = factories.InspectorFactory(office=other_cast.office)
    assert client.get(url(stranger)).status_code == 404


def test_a_team_member_cannot_record_declarations(client, cast):
    client.force_login(cast.leader)
    assert client.get(url(factories.InspectorFactory(office=cast.office))).status_code == 404


def test_the_page_returns_only_to_a_page_of_this_site(client, cast):
    inspector = factories.InspectorFactory(office=cast.office)
    client.force_login(cast.office_staff)
    response = client.post(
        url(inspector) + "?next=https://elsewhere.example/", {"signed_on": TODAY} | relatives()
    )
    assert response["Location"] == "/"
