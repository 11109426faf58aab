"""A target's category named for the lists (Target.category_label)."""

from django.utils import translation

from organisations.models import Target


def test_the_category_label_is_the_one_django_gives(english):
    target = Target(category=Target.Category.STATE_ENTERPRISE)
    assert target.category_label == target.get_category_display() == "state-owned enterprise"


def test_the_category_label_follows_the_language_in_use():
    with translation.override("zh-hans"):
        assert str(Target(category=Target.Category.VILLAGE).category_label) == "村"


def test_a_category_the_choices_do_not_know_is_shown_as_stored():
    assert Target(category="retired").category_label == "retired"
