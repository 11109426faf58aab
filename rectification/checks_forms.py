"""Forms of the checks on rectification. The rules stay in the services: a form only reads the
input, so that the service says why something is refused, in the same words everywhere."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SubmittedOnceForm
from rectification.models import Evaluation, Filing, RectificationReport


def _date_field(label):
    # A date picker reads only ISO dates, whatever the language's own date format.
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ReportForm(SubmittedOnceForm):
    # Not required here: report_file says why an empty report or signature is refused.
    text = forms.CharField(
        label=_("text"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )
    author_name = forms.CharField(
        label=_("signed by"),
        max_length=RectificationReport._meta.get_field("author_name").max_length,
        required=False,
    )
    signed_on = _date_field(_("dated"))
    file = forms.FileField(
        label=_("signed copy (optional)"),
        required=False,
        help_text=_("A scan of the signed report: PDF, image or Office document."),
    )


class FilingForm(SubmittedOnceForm):
    """备案: one document filed with one or more parties on the same day, under one reference."""

    document = forms.ChoiceField(label=_("document"), choices=Filing.Document.choices)
    parties = forms.MultipleChoiceField(
        label=_("filed with"),
        choices=Filing.Party.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one party it was filed with.")},
    )
    filed_on = _date_field(_("filed on"))
    reference = forms.CharField(
        label=_("reference"),
        max_length=Filing._meta.get_field("reference").max_length,
        required=False,
    )


class EvaluationForm(SubmittedOnceForm):
    party = forms.ChoiceField(label=_("evaluating party"), choices=Evaluation.Party.choices)
    # No bounds here: evaluation_record says that a score is between 0 and 100.
    score = forms.DecimalField(label=_("score"), decimal_places=1)
    grade = forms.ChoiceField(
        label=_("grade"),
        choices=[("", _("(from the score, by the office's scheme)")), *Evaluation.Grade.choices],
        required=False,
    )
    comment = forms.CharField(
        label=_("comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def offer(self, parties):
        """The parties shown: those yet to evaluate. A posted form accepts any party, so that
        evaluation_record says why a second rating by the same party is refused."""
        self.fields["party"].choices = [
            (value, label) for value, label in Evaluation.Party.choices if value in parties
        ]
