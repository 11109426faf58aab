import pytest
from django.core.exceptions import ValidationError

from core.errors import DomainError
from organisations.models import Target
from organisations.services import target_create
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_target_is_created_with_its_code():
    office = factories.OfficeFactory()
    target = target_create(office=office, code="T-1", name="城关镇党委", category="township")
    assert Target.objects.get(office=office, code="T-1") == target


def test_a_duplicate_code_in_the_same_office_is_refused_with_a_clear_message():
    existing = factories.TargetFactory(code="T-1")
    with pytest.raises(DomainError, match="The code T-1 is already used"):
        target_create(office=existing.office, code="T-1", name="另一单位", category="township")


def test_the_same_code_may_be_used_by_another_office():
    factories.TargetFactory(code="T-1")
    other = factories.OfficeFactory()
    assert target_create(office=other, code="T-1", name="城关镇党委", category="township")


def test_a_parent_of_another_office_is_refused():
    parent = factories.TargetFactory()
    with pytest.raises(DomainError, match="same office"):
        target_create(
            office=factories.OfficeFactory(),
            code="T-2",
            name="村党支部",
            category="village",
            parent=parent,
        )


def test_an_unknown_category_is_refused():
    with pytest.raises(ValidationError) as raised:
        target_create(office=factories.OfficeFactory(), code="T-3", name="某单位", category="x")
    assert "category" in raised.value.message_dict
