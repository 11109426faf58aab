"""Rectification as the API shows it, and the input of its writes.

A resource's serializer is also the input of its create and update, so that each choice set
(status, kind, party...) lives in one schema component. Fields that cost a query per row (what
the person may do next, the office's last comment) are filled on a single object and are null
in lists. Who in the office decided is not shown: the unit reads the office's comments, not
their authors, as on the pages.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.views.base import ScopedRelatedField
from core.errors import DomainError
from core.uploads import checked_upload
from rectification import selectors as reads
from rectification.models import (
    Evaluation,
    Filing,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationReport,
)
from rounds.models import Assignment
from rounds.selectors import assignment_list, findings_visible_to, inspection_access

OFFICE_AUTHOR = _("inspection office")


def inspected_assignments(user):
    """The evaluation is the office's and the inspection side's: the unit never finds its
    assignment here (as on the evaluation page)."""
    return assignment_list(user).filter(inspection_access(user))


def _on_one(serializer):
    return serializer.context.get("detail", False)


def _link(serializer, name, **kwargs):
    return serializer.context["request"].build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


class CheckedFileField(serializers.FileField):
    """An upload whose declared type is accepted and matches its content (core.uploads)."""

    def to_internal_value(self, data):
        upload = super().to_internal_value(data)
        try:
            checked_upload(upload)
        except DomainError as error:
            raise serializers.ValidationError(error.message, code=error.code) from None
        return upload


class RectificationAssignmentSerializer(serializers.Serializer):
    """The assignment as the unit may see it: its round and organisation, never the team."""

    id = serializers.IntegerField()
    phase = serializers.ChoiceField(choices=Assignment.Phase.choices)
    round = serializers.IntegerField(source="round_id")
    round_name = serializers.CharField(source="round")
    target = serializers.IntegerField(source="target_id")
    target_name = serializers.CharField(source="target.name")


class PlanOverdueSerializer(serializers.Serializer):
    plan = serializers.BooleanField(help_text=_("Not yet submitted, and its due date has passed."))
    report = serializers.BooleanField(
        help_text=_("The unit's rectification report is not filed, and its due date has passed.")
    )
    concentrated_period_over = serializers.BooleanField(
        help_text=_("The concentrated rectification period (集中整改期) has ended.")
    )


# Plans -------------------------------------------------------------------------------------


class RectificationPlanSerializer(serializers.ModelSerializer):
    assignment = RectificationAssignmentSerializer(read_only=True)
    feedback_on = serializers.DateField(
        source="assignment.feedback.delivered_on",
        read_only=True,
        help_text=_("Feedback day: the clocks run from it."),
    )
    top_official = serializers.CharField(
        source="assignment.feedback.top_official",
        read_only=True,
        help_text=_("The top official (一把手) named in the feedback, who signs the plan."),
    )
    overdue = serializers.SerializerMethodField()
    signed_scan = serializers.SerializerMethodField(
        help_text=_("Where to download the signed scan, if one was uploaded.")
    )
    return_comment = serializers.SerializerMethodField(
        help_text=_("Why the office returned the plan: on a single plan that is returned.")
    )

    class Meta:
        model = RectificationPlan
        fields = [
            "id",
            "assignment",
            "feedback_on",
            "top_official",
            "status",
            "due_on",
            "report_due_on",
            "concentrated_until",
            "overdue",
            "signed_by_name",
            "signed_at",
            "signed_scan",
            "submitted_at",
            "decided_at",
            "return_comment",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PlanOverdueSerializer)
    def get_overdue(self, plan):
        late = reads.plan_deadlines(
            plan.assignment, today=timezone.localdate(), report_filed=plan.report_filed
        )
        return {
            "plan": late.plan_overdue,
            "report": late.report_overdue,
            "concentrated_period_over": late.concentrated_over,
        }

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_signed_scan(self, plan):
        return _link(self, "rectification-plan-scan", pk=plan.pk) if plan.signed_scan else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_return_comment(self, plan):
        if not _on_one(self) or plan.status != RectificationPlan.Status.RETURNED:
            return None
        return reads.return_comment(plan)


class PlanOpenInput(serializers.Serializer):
    assignment = ScopedRelatedField(
        scope=assignment_list, help_text=_("The assignment whose feedback the plan answers.")
    )


class PlanSubmitInput(serializers.Serializer):
    signed_by_name = serializers.CharField(
        max_length=50, help_text=_("The top official who signed the plan (一把手签字).")
    )
    signed_at = serializers.DateTimeField(help_text=_("When they signed it; not in the future."))
    signed_scan = CheckedFileField(
        required=False, help_text=_("Optional scan of the signed plan: PDF or image.")
    )


# Items -------------------------------------------------------------------------------------


class RectificationItemSerializer(serializers.ModelSerializer):
    plan = ScopedRelatedField(scope=reads.plans_visible_to)
    finding = ScopedRelatedField(
        scope=findings_visible_to, help_text=_("A finding fed back to the plan's unit.")
    )
    finding_number = serializers.CharField(source="finding.number", read_only=True)
    finding_title = serializers.CharField(source="finding.title", read_only=True)
    assignment = serializers.IntegerField(source="plan.assignment_id", read_only=True)
    target = serializers.IntegerField(source="plan.assignment.target_id", read_only=True)
    target_name = serializers.CharField(source="plan.assignment.target.name", read_only=True)
    days_overdue = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text=_(
            "On a single item, what you may do with it now: edit, report, claim, verify "
            "(close or return), reopen. Null in lists."
        )
    )
    return_reason = serializers.SerializerMethodField(
        help_text=_("Why the office returned it: on a single item that is returned.")
    )
    next_periodic_report_due = serializers.SerializerMethodField(
        help_text=_("A long-term item's next periodic report (长期坚持): on a single item.")
    )

    class Meta:
        model = RectificationItem
        fields = [
            "id",
            "plan",
            "assignment",
            "target",
            "target_name",
            "finding",
            "finding_number",
            "finding_title",
            "measure",
            "responsible_unit",
            "responsible_person",
            "deadline",
            "kind",
            "status",
            "days_overdue",
            "return_count",
            "last_progress_at",
            "closed_at",
            "actions",
            "return_reason",
            "next_periodic_report_due",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "return_count",
            "last_progress_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"measure": {"max_length": 4000}}

    def get_fields(self):
        fields = super().get_fields()
        if self.partial:  # an item's plan and finding are fixed once it exists
            for name in ("plan", "finding"):
                fields[name].read_only = True
        return fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_days_overdue(self, item):
        return reads.mark_item(item, timezone.localdate()).days_overdue

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_actions(self, item):
        return reads.item_actions(self.context["request"].user, item) if _on_one(self) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_return_reason(self, item):
        if not _on_one(self) or item.status != RectificationItem.Status.RETURNED:
            return None
        return reads.return_comment(item)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_periodic_report_due(self, item):
        return reads.next_periodic_report_due(item) if _on_one(self) else None


class ItemReportInput(serializers.Serializer):
    """A progress report, a periodic report or a claim of completion, with its files."""

    text = serializers.CharField(max_length=4000, help_text=_("What was done."))
    files = serializers.ListField(
        child=CheckedFileField(),
        required=False,
        help_text=_(
            "PDF, images, Office documents or text, each at most the upload limit; "
            "a claim needs at least one (the evidence)."
        ),
    )


# Progress ----------------------------------------------------------------------------------


class ProgressAttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ProgressAttachment
        fields = ["id", "name", "content_type", "size", "download"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download(self, attachment):
        return _link(
            self,
            "progress-report-attachment",
            pk=attachment.report_id,
            attachment_id=attachment.pk,
        )


class ProgressReportSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField(
        help_text=_(
            "Who filed it. The unit reads its own people's names and the office's as "
            "“inspection office”."
        )
    )
    attachments = ProgressAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "item", "kind", "text", "by_name", "created_at", "attachments"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_by_name(self, report):
        if report.as_unit and not report.by_the_unit:
            return str(OFFICE_AUTHOR)
        profile = getattr(report.by, "profile", None)
        return profile.name if profile and profile.name else report.by.get_username()


# Checks: the unit's reports, filings, evaluations -----------------------------------------


class RectificationReportSerializer(serializers.ModelSerializer):
    assignment = ScopedRelatedField(scope=assignment_list)
    target_name = serializers.CharField(source="assignment.target.name", read_only=True)
    file = CheckedFileField(
        write_only=True,
        required=False,
        help_text=_("Optional signed copy: PDF, image or Office document."),
    )
    signed_copy = serializers.SerializerMethodField(
        help_text=_("Where to download the signed copy, if one was filed.")
    )

    class Meta:
        model = RectificationReport
        fields = [
            "id",
            "assignment",
            "target_name",
            "kind",
            "text",
            "author_name",
            "signed_on",
            "file",
            "signed_copy",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["submitted_at", "created_at", "updated_at"]
        extra_kwargs = {
            "signed_on": {"required": False, "help_text": _("Defaults to today.")},
        }
        # One report of each kind: filing it again revises it (report_file), not a 400.
        validators = []

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_signed_copy(self, report):
        return _link(self, "rectification-report-file", pk=report.pk) if report.file else None


@extend_schema_field(
    {
        "type": "array",
        "minItems": 1,
        # Not an enum: the same choices as `party` would get a second name in the schema.
        "items": {"type": "string", "pattern": "^(" + "|".join(Filing.Party.values) + ")$"},
    }
)
class PartiesField(serializers.MultipleChoiceField):
    pass


class FilingSerializer(serializers.ModelSerializer):
    assignment = ScopedRelatedField(scope=assignment_list)
    target_name = serializers.CharField(source="assignment.target.name", read_only=True)
    parties = PartiesField(
        choices=Filing.Party.choices,
        allow_empty=False,
        write_only=True,
        help_text=_("Every party the document was filed with that day (五方备案)."),
    )

    class Meta:
        model = Filing
        fields = [
            "id",
            "assignment",
            "target_name",
            "document",
            "party",
            "parties",
            "filed_on",
            "reference",
            "created_at",
        ]
        read_only_fields = ["party", "created_at"]
        # filing_record names a party already recorded (409), and records none of the others.
        validators = []


class EvaluationSerializer(serializers.ModelSerializer):
    assignment = ScopedRelatedField(scope=inspected_assignments)
    target_name = serializers.CharField(source="assignment.target.name", read_only=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "assignment",
            "target_name",
            "party",
            "score",
            "grade",
            "comment",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {
            "grade": {
                "required": False,
                "allow_blank": True,
                "help_text": _("Left out or blank: from the score, by the office's scheme."),
            },
            "comment": {"max_length": 2000},
        }
        # evaluation_record refuses a second rating by the same party (409).
        validators = []
