"""The team's daily work: working papers and their evidence, leads, suggestions, feedback and the
on-site method log.

Rows the inspected unit also reads (fed-back findings, evidence shown to it, fed-back
suggestions, its feedback) come annotated by the view with `as_unit`; for those rows the fields
the pages hide from the unit (who inspected, the sources of a problem) are null, so a client gets
one shape and the unit never gets the content.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from api.views.base import ScopedRelatedField
from core.errors import DomainError
from core.uploads import checked_upload
from organisations.selectors import receiving_bodies_visible_to
from rounds import feedback_selectors as reads
from rounds import selectors
from rounds.models import (
    Evidence,
    Feedback,
    Finding,
    Lead,
    MethodLogEntry,
    Suggestion,
)
from rounds.services.findings import EDITABLE
from rounds.services.leads import OUTCOMES_FROM

Status = Finding.Status
ACTIONS = ["review", "sign", "accept", "return"]
UNIT_NULL = _("Null for the inspected unit. 对被巡视单位不显示。")
ONE_AT_A_TIME = _("Null in lists: read one finding to get it.")


def person_name(user):
    """The person's full name, or their username when they have no profile (as the pages)."""
    profile = getattr(user, "profile", None)
    return profile.name if profile is not None and profile.name else user.get_username()


class UnitSafe(serializers.ModelSerializer):
    """Nulls the fields in `Meta.hidden_from_unit` on rows read as the inspected unit."""

    as_unit = serializers.BooleanField(
        read_only=True,
        help_text=_("You read this only as the inspected unit's liaison. 仅以被巡视单位身份查看。"),
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.as_unit:
            data.update(dict.fromkeys(self.Meta.hidden_from_unit))
        return data

    @property
    def user(self):
        return self.context["request"].user


# Findings ---------------------------------------------------------------------------------


class FindingSerializer(UnitSafe):
    """问题底稿: a working paper as the person may see it."""

    target = serializers.IntegerField(source="assignment.target_id", read_only=True)
    target_name = serializers.CharField(source="assignment.target.name", read_only=True)
    round = serializers.IntegerField(source="assignment.round_id", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    waiting_for = serializers.CharField(
        read_only=True, help_text=_("Whose hand the paper is in now; empty once fed back.")
    )
    source = serializers.ChoiceField(
        choices=Finding.Source.choices, read_only=True, allow_null=True, help_text=UNIT_NULL
    )
    tags = serializers.SerializerMethodField(help_text=UNIT_NULL)
    breached_rule = serializers.CharField(read_only=True, allow_null=True, help_text=UNIT_NULL)
    statements = serializers.CharField(read_only=True, allow_null=True, help_text=UNIT_NULL)
    prepared_by = serializers.IntegerField(
        source="prepared_by_id", read_only=True, allow_null=True, help_text=UNIT_NULL
    )
    prepared_by_name = serializers.SerializerMethodField(help_text=UNIT_NULL)
    prepared_on = serializers.DateField(read_only=True, allow_null=True, help_text=UNIT_NULL)
    actions = serializers.SerializerMethodField(
        help_text=format_lazy(
            "{} {}",
            _("The sign-off steps you may take now, each an action of this finding."),
            ONE_AT_A_TIME,
        )
    )
    may_edit = serializers.SerializerMethodField(
        help_text=format_lazy(
            "{} {}",
            _("You are the author and the paper is a draft or returned: PATCH it."),
            ONE_AT_A_TIME,
        )
    )
    may_add_evidence = serializers.SerializerMethodField(help_text=ONE_AT_A_TIME)
    may_register_lead = serializers.SerializerMethodField(help_text=ONE_AT_A_TIME)

    class Meta:
        model = Finding
        fields = [
            "id",
            "number",
            "title",
            "summary",
            "assignment",
            "target",
            "target_name",
            "round",
            "category",
            "category_name",
            "severity",
            "status",
            "waiting_for",
            "feedback",
            "as_unit",
            "source",
            "tags",
            "breached_rule",
            "statements",
            "prepared_by",
            "prepared_by_name",
            "prepared_on",
            "updated_at",
            "actions",
            "may_edit",
            "may_add_evidence",
            "may_register_lead",
        ]
        read_only_fields = fields
        hidden_from_unit = [
            "source",
            "tags",
            "breached_rule",
            "statements",
            "prepared_by",
            "prepared_by_name",
            "prepared_on",
        ]

    @property
    def alone(self):
        """Serializing one finding rather than a list: what the person may do next costs
        queries per finding, so it is worked out for one at a time."""
        return not isinstance(self.parent, serializers.ListSerializer)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(), allow_null=True))
    def get_tags(self, finding):
        return [tag.pk for tag in finding.tags.all()]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_prepared_by_name(self, finding):
        return person_name(finding.prepared_by)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS), allow_null=True)
    )
    def get_actions(self, finding):
        if not self.alone:
            return None
        return [] if finding.as_unit else selectors.finding_actions(self.user, finding)

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_may_edit(self, finding):
        if not self.alone:
            return None
        return finding.prepared_by_id == self.user.pk and finding.status in EDITABLE

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_may_add_evidence(self, finding):
        if not self.alone:
            return None
        return not finding.as_unit and finding.status != Status.FED_BACK

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_may_register_lead(self, finding):
        if not self.alone:
            return None
        open_for_leads = reads.assignments_open_for_leads(self.user)
        return not finding.as_unit and open_for_leads.filter(pk=finding.assignment_id).exists()


class WorkingPaperInput(serializers.Serializer):
    """The fields of a working paper the author writes (for a new paper and for rework)."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    source = serializers.ChoiceField(choices=Finding.Source.choices)
    category = ScopedRelatedField(
        scope=selectors.categories_visible_to,
        help_text=_("A category of the office's taxonomy (id)."),
    )
    severity = serializers.ChoiceField(
        choices=Finding.Severity.choices, default=Finding.Severity.GENERAL
    )
    tags = ScopedRelatedField(scope=selectors.tags_visible_to, many=True, required=False)
    breached_rule = serializers.CharField(required=False, allow_blank=True, default="")
    statements = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Who said what. 谈话要点。")
    )


class FindingDraftInput(WorkingPaperInput):
    assignment = ScopedRelatedField(
        scope=selectors.assignments_visible_to,
        help_text=_("The assignment the team is on (id); open on site and while reporting."),
    )
    prepared_on = serializers.DateField(
        required=False, help_text=_("Defaults to today; never in the future.")
    )


class FindingUpdateInput(WorkingPaperInput):
    """Rework by the author; send only what changes."""


class EvidenceSerializer(UnitSafe):
    uploaded_by_name = serializers.SerializerMethodField(help_text=UNIT_NULL)
    internal = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text=format_lazy(
            "{} {}", _("Internal evidence is never shown to the unit."), UNIT_NULL
        ),
    )
    download = serializers.SerializerMethodField(help_text=_("Where to fetch the file."))

    class Meta:
        model = Evidence
        fields = [
            "id",
            "finding",
            "title",
            "content_type",
            "size",
            "internal",
            "as_unit",
            "uploaded_by_name",
            "uploaded_at",
            "download",
        ]
        read_only_fields = fields
        hidden_from_unit = ["internal", "uploaded_by_name"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_uploaded_by_name(self, evidence):
        return person_name(evidence.uploaded_by)

    def get_download(self, evidence) -> str:
        return reverse(
            "api:evidence-download", args=[evidence.pk], request=self.context.get("request")
        )


class EvidenceUploadInput(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("PDF, images, Office documents or text; each file at most 20 MB.")
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Default: file name."),
    )
    internal = serializers.BooleanField(
        default=True,
        help_text=_("Keep it from the unit (the default); false: the unit sees it after feedback."),
    )

    def validate_file(self, upload):
        # The same check evidence_attach makes, run here too so the refusal names the field.
        try:
            checked_upload(upload)
        except DomainError as refused:
            raise serializers.ValidationError(refused.message) from refused
        return upload


# Leads ------------------------------------------------------------------------------------


class LeadSerializer(serializers.ModelSerializer):
    """问题线索: reading one (or a list of them) is recorded as opening it."""

    target_name = serializers.CharField(source="assignment.target.name", read_only=True)
    round = serializers.IntegerField(source="assignment.round_id", read_only=True)
    receiving_body_name = serializers.CharField(
        source="receiving_body.name", read_only=True, allow_null=True, default=None
    )
    finding = serializers.SerializerMethodField(
        help_text=_("The finding the lead came from, when you may open it.")
    )
    may_transfer = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField(
        help_text=_("The outcomes you may record next with the lead's outcome action.")
    )

    class Meta:
        model = Lead
        fields = [
            "id",
            "number",
            "assignment",
            "target_name",
            "round",
            "finding",
            "subject_name",
            "subject_position",
            "summary",
            "status",
            "receiving_body",
            "receiving_body_name",
            "transferred_on",
            "outcome_on",
            "outcome_note",
            "registered_at",
            "updated_at",
            "may_transfer",
            "outcomes",
        ]
        read_only_fields = fields

    @property
    def user(self):
        return self.context["request"].user

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_finding(self, lead):
        return lead.finding_id if lead.finding_shown else None

    def get_may_transfer(self, lead) -> bool:
        return reads.may_transfer(self.user, lead)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(OUTCOMES_FROM)))
    )
    def get_outcomes(self, lead):
        return [value for value, _label in reads.outcomes_open_to(self.user, lead)]


class LeadRegisterInput(serializers.Serializer):
    assignment = ScopedRelatedField(scope=selectors.assignments_visible_to)
    finding = ScopedRelatedField(
        scope=selectors.findings_visible_to,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The finding of the same assignment the lead comes from, if any."),
    )
    subject_name = serializers.CharField(max_length=50, help_text=_("The person concerned."))
    subject_position = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    summary = serializers.CharField()


class LeadTransferInput(serializers.Serializer):
    receiving_body = ScopedRelatedField(
        scope=receiving_bodies_visible_to,
        help_text=_("A receiving body of the office that runs the round (id)."),
    )
    transferred_on = serializers.DateField()


class LeadOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=[(value, label) for value, label in Lead.Status.choices if value in OUTCOMES_FROM]
    )
    outcome_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


# Suggestions and feedback -----------------------------------------------------------------


class SuggestionSerializer(UnitSafe):
    created_by_name = serializers.SerializerMethodField(help_text=UNIT_NULL)
    created_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=UNIT_NULL)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "assignment",
            "text",
            "feedback",
            "as_unit",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields
        hidden_from_unit = ["created_by_name", "created_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_created_by_name(self, suggestion):
        return person_name(suggestion.created_by)


class SuggestionInput(serializers.Serializer):
    assignment = ScopedRelatedField(scope=selectors.assignments_visible_to)
    text = serializers.CharField(help_text=_("意见建议, given to the unit with the feedback."))


class FeedbackSerializer(UnitSafe):
    """反馈: what was given to the unit, and when (the date starts the rectification clocks)."""

    target_name = serializers.CharField(source="assignment.target.name", read_only=True)
    findings = serializers.SerializerMethodField(help_text=_("The findings fed back (ids)."))
    suggestions = serializers.SerializerMethodField(
        help_text=_("The suggestions given with it (ids).")
    )
    document = serializers.SerializerMethodField(
        help_text=_("Where to fetch the feedback document (PDF); null until it is generated.")
    )
    issued_by_name = serializers.SerializerMethodField(help_text=UNIT_NULL)
    issued_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=UNIT_NULL)
    may_generate_document = serializers.SerializerMethodField(
        help_text=_("The document is missing and you may generate it again.")
    )

    class Meta:
        model = Feedback
        fields = [
            "id",
            "assignment",
            "target_name",
            "delivered_on",
            "recipients",
            "top_official",
            "findings",
            "suggestions",
            "document",
            "as_unit",
            "issued_by_name",
            "issued_at",
            "may_generate_document",
        ]
        read_only_fields = fields
        hidden_from_unit = ["issued_by_name", "issued_at"]

    def get_findings(self, feedback) -> list[int]:
        return [finding.pk for finding in feedback.shown_findings]

    def get_suggestions(self, feedback) -> list[int]:
        return [suggestion.pk for suggestion in feedback.shown_suggestions]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_document(self, feedback):
        if not feedback.document:
            return None
        return reverse(
            "api:feedback-document", args=[feedback.pk], request=self.context.get("request")
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_issued_by_name(self, feedback):
        return person_name(feedback.issued_by)

    def get_may_generate_document(self, feedback) -> bool:
        return reads.may_generate_document(self.user, feedback)


class FeedbackIssueInput(serializers.Serializer):
    assignment = ScopedRelatedField(
        scope=selectors.assignments_visible_to,
        help_text=_("An assignment of your office that is reporting (id)."),
    )
    delivered_on = serializers.DateField()
    recipients = serializers.CharField(help_text=_("The target's leading group. 反馈对象。"))
    top_official = serializers.CharField(max_length=50, help_text=_("主要负责人 (一把手)."))
    findings = ScopedRelatedField(
        scope=selectors.findings_visible_to,
        many=True,
        help_text=_("The accepted findings of the assignment to feed back (ids)."),
    )
    suggestions = ScopedRelatedField(
        scope=selectors.suggestions_visible_to,
        many=True,
        required=False,
        help_text=_("Suggestions of the assignment to give with it (ids)."),
    )


# The on-site method log -------------------------------------------------------------------


class MethodLogEntrySerializer(serializers.ModelSerializer):
    by_name = serializers.SerializerMethodField()

    class Meta:
        model = MethodLogEntry
        fields = ["id", "assignment", "method", "held_on", "count", "note", "by", "by_name"]
        read_only_fields = fields

    def get_by_name(self, entry) -> str:
        return person_name(entry.by)


class MethodLogInput(serializers.Serializer):
    assignment = ScopedRelatedField(scope=selectors.assignments_visible_to)
    method = serializers.ChoiceField(choices=MethodLogEntry.Method.choices)
    held_on = serializers.DateField(help_text=_("When; never in the future."))
    count = serializers.IntegerField(min_value=1, max_value=2_147_483_647, default=1)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
