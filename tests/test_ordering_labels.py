"""The sort choices of a list read in the language of the person looking, descending ones too."""

import pytest
from django.utils import translation

from coverage.filters import UncoveredFilter
from organisations.models import Target


def labels(language):
    with translation.override(language):
        ordering = UncoveredFilter(queryset=Target.objects.none()).filters["ordering"]
        return {value: str(label) for value, label in ordering.extra["choices"]}


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "region (descending)"), ("zh-hans", "地区（降序）")]
)
def test_a_descending_sort_is_labelled_in_the_language_of_the_page(language, expected):
    assert labels(language)["-region"] == expected
