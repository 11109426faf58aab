"""Forms and filters of the rectification pages. The rules stay in the services: a form reads the
input and offers the person's choices; where a service explains why a value is refused, the
field is not required here, so that its explanation is the one shown."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField, SubmittedOnceForm
from rectification.models import RectificationItem, RectificationPlan
from rectification.selectors import NOT_OPENED, overdue_condition
from rounds.models import Assignment, Finding
from rounds.selectors import rounds_visible_to

TEXT_LIMIT = 4000


def _text(label, rows=3, **options):
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=TEXT_LIMIT,
        required=False,
        **options,
    )


def _day(label, **options):
    # A date picker reads only ISO dates, whatever the language's own date format.
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **options
    )


class PlanFilter(django_filters.FilterSet):
    """The office's list: by round, by the plan's status, or only what is overdue."""

    round = django_filters.ModelChoiceFilter(
        queryset=lambda request: rounds_visible_to(request.user).select_related("term"),
        label=_("Round"),
    )
    plan_status = django_filters.ChoiceFilter(
        method="with_plan_status",
        choices=[(NOT_OPENED, _("not opened")), *RectificationPlan.Status.choices],
        label=_("Plan status"),
    )
    overdue = django_filters.BooleanFilter(
        method="only_overdue", widget=forms.CheckboxInput, label=_("Overdue only")
    )

    class Meta:
        model = Assignment
        fields = []

    def with_plan_status(self, queryset, name, value):
        if value == NOT_OPENED:
            return queryset.filter(rectification_plan__isnull=True)
        return queryset.filter(rectification_plan__status=value)

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_condition(queryset, timezone.localdate()))


class FindingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}　{obj.title}"


class ItemFieldsForm(forms.Form):
    """One measure (整改措施) against a finding."""

    measure = _text(_("measure"), rows=4)
    responsible_unit = forms.CharField(
        label=_("responsible unit"),
        max_length=RectificationItem._meta.get_field("responsible_unit").max_length,
        required=False,
    )
    responsible_person = forms.CharField(
        label=_("responsible person"),
        max_length=RectificationItem._meta.get_field("responsible_person").max_length,
        required=False,
    )
    deadline = _day(_("deadline"))
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=RectificationItem.Kind.choices,
        initial=RectificationItem.Kind.IN_PERIOD,
        widget=forms.RadioSelect,
        help_text=_(
            "Immediate measures are fixed at once; long-term measures are reported on "
            "periodically and never just ticked off."
        ),
    )


class ItemCreateForm(SubmittedOnceForm, ItemFieldsForm):
    finding = FindingChoice(label=_("finding"), queryset=Finding.objects.none())

    field_order = ["finding"]

    def __init__(self, *args, findings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = findings


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the measure withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class PlanSubmitForm(SubmittedOnceForm):
    """The top official's sign-off (一把手签字)."""

    signed_by_name = forms.CharField(
        label=_("signed by (top official)"),
        max_length=RectificationPlan._meta.get_field("signed_by_name").max_length,
        required=False,
    )
    signed_at = forms.DateTimeField(
        label=_("signed at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    signed_scan = forms.FileField(
        label=_("scanned copy of the signed plan"),
        required=False,
        help_text=_("Optional. PDF or image, at most 20 MB."),
    )


class ReportForm(SubmittedOnceForm):
    """A progress report, a periodic report or a claim of completion, with its files."""

    text = _text(_("what was done"), rows=4)
    files = MultipleFileField(
        label=_("attachments"),
        help_text=_("PDF, images, Office documents or text; each file at most 20 MB."),
    )


class ReasonForm(forms.Form):
    reason = _text(_("reason"), rows=2)
