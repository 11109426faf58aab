from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import DeclaredRelative, Target


class DeclarationForm(forms.Form):
    signed_on = forms.DateField(
        label=_("signed on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    statement = forms.CharField(
        label=_("statement"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    scan = forms.FileField(label=_("signed scan"), required=False)


class RelativeForm(forms.Form):
    name = forms.CharField(label=_("full name"), max_length=50)
    relation = forms.ChoiceField(label=_("relation"), choices=DeclaredRelative.Relation.choices)
    workplace = forms.ModelChoiceField(
        label=_("workplace"),
        queryset=Target.objects.none(),
        required=False,
        help_text=_("If the relative works in an organisation the office inspects."),
    )
    workplace_name = forms.CharField(label=_("workplace name"), max_length=150, required=False)
    position = forms.CharField(label=_("position"), max_length=100, required=False)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = Target.objects.filter(office=office, active=True)

    def clean(self):
        data = super().clean()
        if not data.get("workplace") and not data.get("workplace_name"):
            self.add_error("workplace_name", _("Name the workplace, or choose it from the list."))
        return data


RelativeFormSet = forms.formset_factory(RelativeForm, extra=3, max_num=20)
