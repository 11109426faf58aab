"""Forms of the feedback and lead pages. The rules stay in the services: a form only reads the
input, and offers the choices a person has (the view gives it the scoped querysets)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SubmittedOnceForm
from organisations.models import ReceivingBody
from rounds.models import Feedback, Finding, Lead, Suggestion


def _date_field(label):
    # A date picker reads only ISO dates, whatever the language's own date format.
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FindingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}　{obj.title}（{obj.category.name}）"


class SuggestionChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.text


class SuggestionForm(SubmittedOnceForm):
    text = forms.CharField(
        label=_("suggestion"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        # Not required here: suggestion_add says why an empty suggestion is refused.
        required=False,
    )


class FeedbackIssueForm(SubmittedOnceForm):
    """反馈: which accepted findings and suggestions go to the target, when and to whom."""

    # Not required here: feedback_issue says why an empty choice is refused.
    findings = FindingChoice(
        label=_("accepted findings to feed back"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    suggestions = SuggestionChoice(
        label=_("suggestions to give with the feedback"),
        queryset=Suggestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delivered_on = _date_field(_("delivered on"))
    recipients = forms.CharField(
        label=_("recipients (leading group)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    top_official = forms.CharField(
        label=_("top official"),
        max_length=Feedback._meta.get_field("top_official").max_length,
        required=False,
    )

    def __init__(self, *args, findings, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer(findings=findings, suggestions=suggestions)
        if not self.is_bound:
            # Every accepted finding is fed back unless the office unticks it.
            self.initial.setdefault("findings", [finding.pk for finding in findings])

    def offer(self, *, findings, suggestions):
        """The choices shown (or, for a posted form, accepted: the view accepts any row of the
        assignment, so that feedback_issue says why one cannot be fed back, and a second press
        of the button still finds the first feedback)."""
        self.fields["findings"].queryset = findings.select_related("category")
        self.fields["suggestions"].queryset = suggestions


class LeadRegisterForm(SubmittedOnceForm):
    subject_name = forms.CharField(
        label=_("person concerned"),
        max_length=Lead._meta.get_field("subject_name").max_length,
        required=False,
    )
    subject_position = forms.CharField(
        label=_("position"),
        max_length=Lead._meta.get_field("subject_position").max_length,
        required=False,
    )
    summary = forms.CharField(
        label=_("summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    finding = forms.ModelChoiceField(
        label=_("from the finding"),
        queryset=Finding.objects.none(),
        required=False,
        empty_label=_("(none: a lead on its own)"),
    )

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings
        self.fields["finding"].label_from_instance = lambda f: f"{f.number}　{f.title}"


class LeadTransferForm(SubmittedOnceForm):
    receiving_body = forms.ModelChoiceField(
        label=_("receiving body"), queryset=ReceivingBody.objects.none()
    )
    transferred_on = _date_field(_("transferred on"))

    def __init__(self, *args, receiving_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_body"].queryset = receiving_bodies


class LeadOutcomeForm(SubmittedOnceForm):
    outcome = forms.ChoiceField(label=_("outcome"))
    outcome_on = _date_field(_("outcome on"))
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes
