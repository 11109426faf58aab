"""Forms and the list filter of the supervision pages. A form only reads the input and offers the
person's choices; the services say why something is refused, in the same words everywhere, so
the fields they check are not required here."""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import SubmittedOnceForm
from organisations.selectors import offices_visible_to, viewer_of
from supervision import selectors
from supervision.models import SupervisionFinding, SupervisionVisit

TEXT_LIMIT = 4000
Kind = SupervisionVisit.Kind


def _text(label, rows=3, **options):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_LIMIT,
        required=False,
        **options,
    )


def _day(label):
    # A date picker reads only ISO dates, whatever the language's own date format.
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.office.name} · {obj}"


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.profile.name


class VisitFieldsForm(forms.Form):
    """What can be corrected on a recorded visit; the office visited is fixed."""

    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", "---------"), *Kind.choices], required=False
    )
    starts_on = _day(_("from"))
    ends_on = _day(_("to"))
    subject = forms.CharField(
        label=_("subject"),
        max_length=SupervisionVisit._meta.get_field("subject").max_length,
        required=False,
        help_text=_("For example: guidance of the third round of inspections."),
    )
    round = RoundChoiceField(label=_("round of the office visited"), queryset=None, required=False)
    members = PersonChoiceField(
        label=_("who went"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = _text(_("summary"), rows=6)
    document = forms.FileField(
        label=_("document"),
        required=False,
        help_text=_("Optional: the visit's report or notice, as PDF, image or Office document."),
    )

    def __init__(self, *args, user, upper_office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = selectors.rounds_to_focus_on(user)
        self.fields["members"].queryset = selectors.people_of(upper_office.pk)


class VisitForm(SubmittedOnceForm, VisitFieldsForm):
    lower_office = forms.ModelChoiceField(label=_("office visited"), queryset=None, required=False)

    field_order = ["lower_office", "kind", "starts_on", "ends_on", "subject", "round"]

    def __init__(self, *args, user, upper_office, **kwargs):
        super().__init__(*args, user=user, upper_office=upper_office, **kwargs)
        self.fields["lower_office"].queryset = selectors.offices_to_visit(user)


class FindingForm(SubmittedOnceForm):
    category = forms.ChoiceField(
        label=_("category"),
        choices=[("", "---------"), *SupervisionFinding.Category.choices],
        required=False,
    )
    description = _text(_("description"), rows=4)
    requirement = _text(_("what is required"), rows=2)
    due_on = _day(_("follow-up due on"))


class FollowUpForm(forms.Form):
    text = _text(_("what was done"), rows=4)
    attachment = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Optional: PDF, image, Office document or text."),
    )


class VisitFilter(django_filters.FilterSet):
    MADE, RECEIVED = "made", "received"

    direction = django_filters.ChoiceFilter(
        method="in_direction",
        choices=[(MADE, _("visits we made")), (RECEIVED, _("visits to us"))],
        label=_("Visits"),
    )
    lower_office = django_filters.ModelChoiceFilter(queryset=None, label=_("Office visited"))
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label=_("Kind"))
    year = django_filters.NumberFilter(method="in_year", label=_("Year"))
    open_findings = django_filters.BooleanFilter(
        method="only_open", widget=forms.CheckboxInput, label=_("With open findings")
    )
    overdue = django_filters.BooleanFilter(
        method="only_overdue", widget=forms.CheckboxInput, label=_("With overdue findings")
    )

    class Meta:
        model = SupervisionVisit
        fields = ["lower_office", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.office_id = viewer_of(request.user).office_id
        self.filters["lower_office"].queryset = offices_visible_to(request.user).order_by(
            "level", "code"
        )

    def in_direction(self, queryset, name, value):
        if value == self.MADE:
            return queryset.filter(upper_office_id=self.office_id)
        if value == self.RECEIVED:
            return queryset.filter(lower_office_id=self.office_id)
        return queryset

    def in_year(self, queryset, name, value):
        if value is None or not datetime.MINYEAR < value < datetime.MAXYEAR:
            return queryset
        year = int(value)
        # A range on the date, so the indexes on starts_on serve it.
        return queryset.filter(
            starts_on__gte=datetime.date(year, 1, 1), starts_on__lt=datetime.date(year + 1, 1, 1)
        )

    def only_open(self, queryset, name, value):
        return selectors.with_open_findings(queryset) if value else queryset

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return selectors.with_overdue_findings(queryset, timezone.localdate())
