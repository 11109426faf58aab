"""Forms of the filings with the office above. A form only reads the input: the services say
why something is refused, in the same words everywhere."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SubmittedOnceForm
from linkage import selectors
from linkage.models import UpwardFiling
from linkage.services import ALL_FIGURES, figures_of

Kind = UpwardFiling.Kind


def _figure_field(name):
    return forms.IntegerField(
        label=UpwardFiling._meta.get_field(name).verbose_name,
        required=False,
        widget=forms.NumberInput(attrs={"min": 0}),
    )


class _ContentFields(forms.Form):
    title = forms.CharField(
        label=_("title"),
        max_length=UpwardFiling._meta.get_field("title").max_length,
        required=False,
    )
    summary = forms.CharField(
        label=_("summary"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def _keep_figures(self, kind):
        for name in ALL_FIGURES:
            if name in figures_of(kind):
                self.fields[name] = _figure_field(name)

    def figures(self):
        return {name: self.cleaned_data.get(name) for name in ALL_FIGURES if name in self.fields}


class FilingForm(SubmittedOnceForm, _ContentFields):
    """报备: one plan or summary, with the fields its kind asks for."""

    term = forms.ModelChoiceField(label=_("term"), queryset=None, required=False)
    round = forms.ModelChoiceField(label=_("round"), queryset=None, required=False)
    year = forms.IntegerField(label=_("year"), required=False)
    document = forms.FileField(
        label=_("document"),
        required=False,
        help_text=_("The signed document: PDF, image or Office document."),
    )

    def __init__(self, *args, office, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Kind.ROUND_SUMMARY:
            del self.fields["term"], self.fields["year"]
            self.fields["round"].queryset = selectors.rounds_to_file(office)
        else:
            del self.fields["round"]
            self.fields["term"].queryset = selectors.terms_to_file(office)
            if kind == Kind.ANNUAL_PLAN:
                self.fields["year"].initial = timezone.localdate().year
            else:
                del self.fields["year"]
        self._keep_figures(kind)
        # The document last, after the figures.
        self.fields["document"] = self.fields.pop("document")


class ResubmitForm(_ContentFields):
    document = forms.FileField(
        label=_("new document (optional)"),
        required=False,
        help_text=_("Without a new document the previous one stands."),
    )
    comment = forms.CharField(
        label=_("what was changed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        self._keep_figures(kind)
        for name in ("document", "comment"):
            self.fields[name] = self.fields.pop(name)


class InboxFilter(django_filters.FilterSet):
    office = django_filters.ModelChoiceFilter(queryset=None, label=_("Office"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=UpwardFiling.Status.choices, label=_("Status"))
    overdue = django_filters.BooleanFilter(
        method="only_overdue", widget=forms.CheckboxInput, label=_("Overdue only")
    )

    class Meta:
        model = UpwardFiling
        fields = ["office", "kind", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["office"].queryset = selectors.lower_offices_of(request.user)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(selectors.overdue_condition(timezone.localdate()))


class DeadlinesForm(forms.Form):
    """The deadlines of filings from the offices below; the service checks them."""

    term_plan_days = forms.IntegerField(
        label=_("term plan due (days after the term starts)"), min_value=1, max_value=366
    )
    annual_plan_month = forms.IntegerField(
        label=_("annual plan due (month)"), min_value=1, max_value=12
    )
    annual_plan_day = forms.IntegerField(
        label=_("annual plan due (day)"), min_value=1, max_value=31
    )
    round_summary_days = forms.IntegerField(
        label=_("round summary due (days after the round's planned end)"),
        min_value=1,
        max_value=366,
    )
