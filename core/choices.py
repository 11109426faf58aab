"""Filters whose choices are objects offered by name, read from the database as (id, name):
a ledger offers up to thousands of targets, and building each as a model took longer than
writing its option."""

import django_filters
from django.forms.models import ModelChoiceIterator
from django_filters import fields

from core.widgets import InlineSelect


class _ByName(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NameChoiceIterator(fields.ModelChoiceIterator, _ByName):
    """django-filter's iterator (with its choice for "none"), over ids and names."""


class NameChoiceField(fields.ModelChoiceField):
    iterator = NameChoiceIterator


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of objects with a `name`, written in one go (core.widgets.InlineSelect); the
    chosen one is still looked up in the queryset, so nothing outside it can be picked."""

    field_class = NameChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", InlineSelect)
        super().__init__(*args, **kwargs)
