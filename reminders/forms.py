from django import forms
from django.utils.translation import gettext_lazy as _

from reminders.models import Kind


class PreferenceForm(forms.Form):
    email = forms.BooleanField(
        label=_("Send me one email a day with my new reminders"), required=False
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not remind me of"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
