from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField, SubmittedOnceForm
from rounds.models import Finding, FindingCategory, FindingTag


class WorkingPaperForm(forms.Form):
    """问题底稿: the fields of a working paper."""

    title = forms.CharField(label=_("title"), max_length=200)
    source = forms.ChoiceField(label=_("source"), choices=Finding.Source.choices)
    category = forms.ModelChoiceField(label=_("category"), queryset=FindingCategory.objects.none())
    severity = forms.ChoiceField(
        label=_("severity"), choices=Finding.Severity.choices, initial=Finding.Severity.GENERAL
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("tags"),
        queryset=FindingTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("summary"), widget=forms.Textarea(attrs={"rows": 6}))
    breached_rule = forms.CharField(
        label=_("rule breached"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    statements = forms.CharField(
        label=_("who said what"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = FindingCategory.objects.filter(
            office=office, active=True
        )
        self.fields["tags"].queryset = FindingTag.objects.filter(office=office)


class FindingDraftForm(SubmittedOnceForm, WorkingPaperForm):
    """A new working paper, filed on site with its evidence in the same step."""

    prepared_on = forms.DateField(
        label=_("prepared on"),
        initial=timezone.localdate,
        # A date picker reads only ISO dates, whatever the language's own date format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence = MultipleFileField(
        label=_("evidence"),
        help_text=_("PDF, images, Office documents or text; each file at most 20 MB."),
    )
    evidence_shown_to_unit = forms.BooleanField(
        label=_("The unit may see this evidence after feedback"), required=False
    )


class EvidenceForm(forms.Form):
    files = MultipleFileField(label=_("evidence"), required=True)
    shown_to_unit = forms.BooleanField(
        label=_("The unit may see this evidence after feedback"), required=False
    )
