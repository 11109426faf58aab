"""指导督导 as the API shows it: visits, their findings and the visited office's follow-up reports.

A visit's serializer is also the input of recording and correcting one (multipart to send its
document); a finding's is the input of adding one. Downloads go through the scoped endpoints,
never a media URL.
"""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.rectification import CheckedFileField
from api.views.base import ScopedRelatedField
from organisations.selectors import is_office_staff, offices_visible_to, viewer_of
from supervision import policy
from supervision import selectors as reads
from supervision.models import SupervisionFinding, SupervisionFollowUp, SupervisionVisit

TEXT_LIMIT = 4000


def _name(user):
    profile = getattr(user, "profile", None)
    return profile.name if profile and profile.name else user.get_username()


def _link(serializer, name, pk):
    path = reverse(f"api:{name}", kwargs={"pk": pk})
    return serializer.context["request"].build_absolute_uri(path)


def _on_one(serializer):
    return serializer.context.get("detail", False)


def visit_members(user):
    """The people of the person's office: who may have gone on its visits (the service checks
    they belong to the visiting office)."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        return get_user_model().objects.none()
    return reads.people_of(viewer.office_id)


class SupervisionVisitSerializer(serializers.ModelSerializer):
    upper_office_name = serializers.CharField(source="upper_office.name", read_only=True)
    lower_office = ScopedRelatedField(
        scope=offices_visible_to,
        help_text=_("The office visited: one strictly below yours. Fixed once recorded."),
    )
    lower_office_name = serializers.CharField(source="lower_office.name", read_only=True)
    round = ScopedRelatedField(
        scope=reads.rounds_to_focus_on,
        required=False,
        allow_null=True,
        help_text=_("Optional: the round of the office visited that the visit looked at."),
    )
    round_name = serializers.CharField(source="round", read_only=True, allow_null=True)
    members = ScopedRelatedField(
        scope=visit_members,
        many=True,
        help_text=_("Who went: people of the visiting office (ids)."),
    )
    member_names = serializers.SerializerMethodField()
    document = CheckedFileField(
        write_only=True,
        required=False,
        help_text=_(
            "Optional: the visit's report or notice, as PDF, image or Office document; "
            "left out on a correction, the previous one stands."
        ),
    )
    download = serializers.SerializerMethodField(
        help_text=_("Where to download the document, if one was recorded.")
    )
    recorded_by_name = serializers.SerializerMethodField()
    findings_total = serializers.IntegerField(read_only=True)
    findings_open = serializers.IntegerField(read_only=True, help_text=_("Not closed."))
    findings_overdue = serializers.IntegerField(
        read_only=True, help_text=_("Past their due date and not closed.")
    )
    actions = serializers.SerializerMethodField(
        help_text=_(
            "On a single visit, what you may do with it now: edit, add_finding. Null in lists."
        )
    )

    class Meta:
        model = SupervisionVisit
        fields = [
            "id",
            "upper_office",
            "upper_office_name",
            "lower_office",
            "lower_office_name",
            "kind",
            "starts_on",
            "ends_on",
            "subject",
            "round",
            "round_name",
            "members",
            "member_names",
            "summary",
            "document",
            "download",
            "document_name",
            "recorded_by_name",
            "findings_total",
            "findings_open",
            "findings_overdue",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["upper_office", "document_name", "created_at", "updated_at"]
        extra_kwargs = {"summary": {"max_length": TEXT_LIMIT}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a correction: the office visited is fixed
            fields["lower_office"].read_only = True
        return fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_member_names(self, visit):
        return [_name(member) for member in visit.members.all()]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, visit):
        return _link(self, "supervision-visit-document", visit.pk) if visit.document else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_recorded_by_name(self, visit):
        return _name(visit.recorded_by)

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_actions(self, visit):
        if not _on_one(self):
            return None
        if not is_office_staff(self.context["request"].user, visit.upper_office):
            return []
        frozen = visit.findings.filter(status=policy.VISIT_FROZEN_BY).exists()
        return ["add_finding"] if frozen else ["edit", "add_finding"]


class SupervisionFindingSerializer(serializers.ModelSerializer):
    visit = ScopedRelatedField(scope=reads.visits_visible_to, help_text=_("The visit's id."))
    visit_subject = serializers.CharField(source="visit.subject", read_only=True)
    upper_office = serializers.IntegerField(source="visit.upper_office_id", read_only=True)
    lower_office = serializers.IntegerField(source="visit.lower_office_id", read_only=True)
    lower_office_name = serializers.CharField(source="visit.lower_office.name", read_only=True)
    days_overdue = serializers.SerializerMethodField(
        help_text=_("Days past its due date while not closed; 0 when it is not overdue.")
    )
    actions = serializers.SerializerMethodField(
        help_text=_(
            "What you may do with it now: follow-up (the office visited), close and return "
            "(the visiting office)."
        )
    )

    class Meta:
        model = SupervisionFinding
        fields = [
            "id",
            "visit",
            "visit_subject",
            "upper_office",
            "lower_office",
            "lower_office_name",
            "number",
            "category",
            "description",
            "requirement",
            "due_on",
            "days_overdue",
            "status",
            "return_count",
            "review_comment",
            "closed_at",
            "actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "number",
            "status",
            "return_count",
            "review_comment",
            "closed_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "description": {"max_length": TEXT_LIMIT},
            "requirement": {"max_length": TEXT_LIMIT, "required": False},
        }
        # The number is the service's to give.
        validators = []

    @extend_schema_field(OpenApiTypes.INT)
    def get_days_overdue(self, finding):
        late = getattr(finding, "overdue_by", None)
        return late.days if late else 0

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, finding):
        user = self.context["request"].user
        visit = finding.visit
        actions = []
        if finding.status in policy.REPORT.allowed_from and is_office_staff(
            user, policy.office_of_side(visit, policy.REPORT.by_side)
        ):
            actions.append("follow-up")
        if finding.status in policy.CLOSE.allowed_from and is_office_staff(
            user, policy.office_of_side(visit, policy.CLOSE.by_side)
        ):
            actions.append("close")
        if finding.status in policy.RETURN.allowed_from and is_office_staff(
            user, policy.office_of_side(visit, policy.RETURN.by_side)
        ):
            actions.append("return")
        return actions


class FollowUpInput(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_LIMIT, help_text=_("What was done."))
    attachment = CheckedFileField(
        required=False, help_text=_("Optional: PDF, image, Office document or text.")
    )


class SupervisionFollowUpSerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField(help_text=_("Who reported it."))
    download = serializers.SerializerMethodField(
        help_text=_("Where to download the attachment, if there is one.")
    )

    class Meta:
        model = SupervisionFollowUp
        fields = [
            "id",
            "finding",
            "text",
            "by_name",
            "attachment_name",
            "attachment_content_type",
            "attachment_size",
            "download",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_by_name(self, report):
        return _name(report.by)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, report):
        if not report.attachment:
            return None
        return _link(self, "supervision-follow-up-attachment", report.pk)
