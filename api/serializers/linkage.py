"""报备 as the API shows it: the filings a lower office makes with the office directly above, what
is owed and never filed, and the deadlines an office sets for the offices below it.

The figures of a filing are those of its kind (plans: targets and rounds planned; round
summaries: targets inspected, problems found, leads transferred); the others are null.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.rectification import CheckedFileField
from api.views.base import ScopedRelatedField
from linkage.models import FilingPolicy, UpwardFiling
from linkage.services import ALL_FIGURES, DEADLINE_FIELDS
from organisations.selectors import is_office_staff
from rounds.selectors import rounds_planned_by, terms_planned_by

Status = UpwardFiling.Status


def _person_name(user):
    profile = getattr(user, "profile", None)
    return profile.name if profile and profile.name else user.get_username()


class UpwardFilingSerializer(serializers.ModelSerializer):
    """A filing as both offices read it; also the input of a new filing (multipart)."""

    office_name = serializers.CharField(source="office.name", read_only=True)
    filed_with_name = serializers.CharField(source="filed_with.name", read_only=True)
    term = ScopedRelatedField(
        scope=terms_planned_by,
        required=False,
        allow_null=True,
        help_text=_("The term of a term plan or an annual plan: one of your office's terms."),
    )
    round = ScopedRelatedField(
        scope=rounds_planned_by,
        required=False,
        allow_null=True,
        help_text=_("The round a round summary is about: one of your office's rounds."),
    )
    period = serializers.CharField(source="period_label", read_only=True)
    document = CheckedFileField(
        write_only=True, help_text=_("The signed document: PDF, image or Office document.")
    )
    download = serializers.SerializerMethodField(help_text=_("Where to download the document."))
    days_overdue = serializers.SerializerMethodField(
        help_text=_("Days past its due date while not acknowledged; 0 when it is not overdue.")
    )
    submitted_by_name = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text=_(
            "What you may do with it now: acknowledge and return (the office above), "
            "resubmit (the filing office)."
        )
    )

    class Meta:
        model = UpwardFiling
        fields = [
            "id",
            "office",
            "office_name",
            "filed_with",
            "filed_with_name",
            "kind",
            "term",
            "round",
            "year",
            "period",
            "title",
            "summary",
            *ALL_FIGURES,
            "document",
            "download",
            "document_content_type",
            "due_on",
            "days_overdue",
            "status",
            "submitted_by_name",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "office",
            "filed_with",
            "document_content_type",
            "due_on",
            "status",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "year": {"help_text": _("The year of an annual plan, within its term.")},
            "summary": {"max_length": 20000},
        }
        # One filing per office and period: the service says so (409), not a 400 here.
        validators = []

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, filing):
        path = reverse("api:upward-filing-document", kwargs={"pk": filing.pk})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(OpenApiTypes.INT)
    def get_days_overdue(self, filing):
        late = getattr(filing, "overdue_by", None)
        return late.days if late else 0

    @extend_schema_field(OpenApiTypes.STR)
    def get_submitted_by_name(self, filing):
        return _person_name(filing.submitted_by)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, filing):
        user = self.context["request"].user
        if filing.status == Status.SUBMITTED and is_office_staff(user, filing.filed_with):
            return ["acknowledge", "return"]
        if filing.status == Status.RETURNED and is_office_staff(user, filing.office):
            return ["resubmit"]
        return []


def _figure(name):
    field = UpwardFiling._meta.get_field(name)
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=2147483647,
        help_text=_("Left out: stays as it is."),
        label=field.verbose_name,
    )


class FilingResubmitInput(serializers.Serializer):
    """A returned filing, corrected: send only what changes (multipart to send a document)."""

    title = serializers.CharField(
        required=False, max_length=UpwardFiling._meta.get_field("title").max_length
    )
    summary = serializers.CharField(required=False, max_length=20000)
    targets_planned = _figure("targets_planned")
    rounds_planned = _figure("rounds_planned")
    targets_inspected = _figure("targets_inspected")
    problems_found = _figure("problems_found")
    leads_transferred = _figure("leads_transferred")
    document = CheckedFileField(
        required=False, help_text=_("A new signed document; left out, the previous one stands.")
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        default="",
        help_text=_("What was corrected."),
    )


class MissingFilingSerializer(serializers.Serializer):
    """A filing an office should have made by now and has not."""

    # Not the enum of UpwardFiling.kind: a second component using it would rename it.
    kind = serializers.CharField(help_text=_("term_plan, annual_plan or round_summary."))
    office = serializers.IntegerField(source="office.pk")
    office_name = serializers.CharField(source="office.name")
    term = serializers.IntegerField(source="term.pk")
    round = serializers.IntegerField(source="round.pk", allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    period = serializers.CharField(source="period_label")
    due_on = serializers.DateField()
    days_overdue = serializers.IntegerField()


class MissingFilingsQuery(serializers.Serializer):
    mine = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "True: what your own office owes the office above. Otherwise what the offices "
            "directly below yours owe yours."
        ),
    )
    office = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Only this office directly below yours (an id); ignored with mine."),
    )
    kind = serializers.ChoiceField(choices=UpwardFiling.Kind.choices, required=False)


class FilingDeadlinesSerializer(serializers.ModelSerializer):
    """When the offices below must file with this office; the defaults where it set none."""

    office = serializers.IntegerField(source="office_id", read_only=True)
    is_default = serializers.SerializerMethodField(
        help_text=_("True while the office has not set its own deadlines.")
    )

    class Meta:
        model = FilingPolicy
        fields = ["office", *DEADLINE_FIELDS, "is_default"]
        extra_kwargs = {
            "term_plan_days": {"required": True, "min_value": 1, "max_value": 366},
            "annual_plan_month": {"required": True, "min_value": 1, "max_value": 12},
            "annual_plan_day": {"required": True, "min_value": 1, "max_value": 31},
            "round_summary_days": {"required": True, "min_value": 1, "max_value": 366},
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_default(self, policy):
        return policy.pk is None
