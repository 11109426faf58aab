"""Forms and filters of the office's planning pages: terms, rounds, teams and assignments.

The forms check only what a form can (types, required fields); the rules of the work (dates
inside the term, a theme for a special round, conflicts of interest) are the services'.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import SubmittedOnceForm
from organisations.models import Profile, RecusalDeclaration, Region, Target
from rounds.models import Round, Team, TeamMembership
from rounds.selectors import planning_office


class DateField(forms.DateField):
    # A date picker reads only ISO dates, whatever the language's own date format.
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OverrideReasonField(forms.CharField):
    """回避: the written reason the office gives for overriding a conflict of interest.

    Offered once a conflict has been found; the service refuses the override without it."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Written reason for overriding the conflict of interest"),
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            max_length=2000,
            **kwargs,
        )


class TermForm(SubmittedOnceForm):
    name = forms.CharField(label=_("name"), max_length=100)
    starts_on = DateField(label=_("starts on"))
    ends_on = DateField(label=_("ends on"))


class RoundForm(SubmittedOnceForm):
    ordinal = forms.IntegerField(label=_("ordinal"), min_value=1, max_value=32767)
    kind = forms.ChoiceField(label=_("kind"), choices=Round.Kind.choices)
    theme = forms.CharField(
        label=_("theme"),
        max_length=200,
        required=False,
        help_text=_("Required for a special (thematic) round."),
    )
    planned_start = DateField(label=_("planned start"))
    planned_end = DateField(label=_("planned end"))


class TeamForm(SubmittedOnceForm):
    name = forms.CharField(label=_("name"), max_length=100)


class AssignForm(SubmittedOnceForm):
    """A team of the round and the targets it goes to; the checkboxes are in the target list."""

    team = forms.ModelChoiceField(label=_("inspection team"), queryset=Team.objects.none())
    targets = forms.ModelMultipleChoiceField(
        label=_("targets"),
        queryset=Target.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one target.")},
    )
    override_reason = OverrideReasonField()

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(round=round).order_by("name")
        self.fields["targets"].queryset = Target.objects.filter(
            office_id=round.office_id, active=True
        )

    def chosen_target_ids(self):
        """The boxes ticked, as submitted, so a refused form shows them ticked again."""
        if not self.is_bound:
            return set()
        return {value for value in self.data.getlist("targets") if value.isdigit()}


class MemberForm(SubmittedOnceForm):
    role = forms.ChoiceField(label=_("role"), choices=TeamMembership.Role.choices)
    authorised_on = DateField(label=_("authorised on"), required=False)
    authorisation_reference = forms.CharField(
        label=_("authorisation document"), max_length=100, required=False
    )
    pledge_signed_on = DateField(label=_("confidentiality pledge signed on"), required=False)
    recusal_declaration = forms.ModelChoiceField(
        label=_("recusal declaration"),
        queryset=RecusalDeclaration.objects.none(),
        required=False,
        empty_label=_("none signed yet"),
    )
    override_reason = OverrideReasonField()

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        declarations = RecusalDeclaration.objects.filter(profile__user=person).order_by(
            "-signed_on", "-pk"
        )
        self.fields["recusal_declaration"].queryset = declarations
        self.fields["recusal_declaration"].label_from_instance = lambda declaration: (
            _("signed on %(date)s") % {"date": declaration.signed_on.isoformat()}
        )
        if not self.is_bound:
            self.initial.setdefault("recusal_declaration", declarations.first())


def _office_regions(request):
    """Regions where the office has targets (for the filter of the target list)."""
    office = planning_office(request.user) if request else None
    if office is None:
        return Region.objects.none()
    return Region.objects.filter(targets__office=office, targets__active=True).distinct()


class TargetPickerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    category = django_filters.ChoiceFilter(
        label=_("category"), choices=Target.Category.choices, empty_label=_("any")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("region"), queryset=_office_regions, empty_label=_("any")
    )

    class Meta:
        model = Target
        fields = ["q", "category", "region"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class TalentPoolFilter(django_filters.FilterSet):
    expertise = django_filters.CharFilter(
        field_name="expertise", lookup_expr="icontains", label=_("expertise")
    )
    leader_pool = django_filters.BooleanFilter(
        method="leaders_only", label=_("Leader pool only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = Profile
        fields = ["expertise", "leader_pool"]

    def leaders_only(self, queryset, name, value):
        return queryset.filter(in_leader_pool=True) if value else queryset
