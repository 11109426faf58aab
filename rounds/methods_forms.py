from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rounds.models import MethodLogEntry


class MethodLogForm(forms.Form):
    method = forms.ChoiceField(label=_("method"), choices=MethodLogEntry.Method.choices)
    held_on = forms.DateField(
        label=_("date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    count = forms.IntegerField(label=_("how many"), min_value=1, initial=1)
    note = forms.CharField(label=_("note"), max_length=300, required=False)
