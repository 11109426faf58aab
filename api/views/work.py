"""The team's daily work: working papers and evidence, leads, suggestions, feedback and the
on-site method log.

Each resource reads through the selectors the pages use and acts through the same services, so
the API allows exactly what the pages allow; a person who may see an object but not act on it
gets the service's refusal (403), a step the object's state does not allow gets 409.
"""

from contextlib import suppress

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from api.filters.work import (
    FeedbackFilter,
    FindingFilter,
    LeadFilter,
    MethodLogFilter,
    SuggestionFilter,
)
from api.pagination import CursorPages
from api.serializers.work import (
    EvidenceSerializer,
    EvidenceUploadInput,
    FeedbackIssueInput,
    FeedbackSerializer,
    FindingDraftInput,
    FindingSerializer,
    FindingUpdateInput,
    LeadOutcomeInput,
    LeadRegisterInput,
    LeadSerializer,
    LeadTransferInput,
    MethodLogEntrySerializer,
    MethodLogInput,
    SuggestionInput,
    SuggestionSerializer,
)
from api.views.base import (
    DOWNLOAD,
    FILE,
    PDF,
    CommentInput,
    ReadOnlyScopedViewSet,
    ReasonInput,
    ScopedViewSet,
    by_name,
    file_response,
)
from core.errors import DomainError
from core.uploads import files_kept_only_on_success
from rounds import documents, selectors, services
from rounds import feedback_selectors as reads
from rounds.models import Finding, MethodLogEntry

# Findings and evidence --------------------------------------------------------------------


def evidence_rows(user):
    return (
        selectors.evidence_visible_to(user)
        .select_related("uploaded_by__profile")
        .annotate(as_unit=selectors.seen_only_as_unit(user, "finding__assignment"))
    )


@extend_schema_view(
    list=extend_schema(
        summary=_("Working papers you may see"),
        description=_(
            "问题底稿. Pages by cursor; `updated_since` returns what changed for a sync. The "
            "inspected unit sees its fed-back findings only, without their internals."
        ),
    ),
    retrieve=extend_schema(summary=_("One working paper, with what you may do next")),
)
@extend_schema(tags=["findings"])
class FindingViewSet(ReadOnlyScopedViewSet):
    pagination_class = CursorPages
    filterset_class = FindingFilter
    search_fields = ["number", "title"]
    ordering_fields = ["number", "updated_at", "prepared_on"]

    def visible(self, user):
        return (
            selectors.finding_list(user)
            .prefetch_related("tags")
            .annotate(as_unit=selectors.seen_only_as_unit(user, "assignment"))
        )

    def get_serializer_class(self):
        if self.action in ("evidence", "add_evidence"):
            return EvidenceSerializer
        return FindingSerializer

    @extend_schema(
        summary=_("File a working paper (经办人编制)"),
        description=_("A member of the team, while the assignment is on site or reporting."),
        request=FindingDraftInput,
        responses={201: FindingSerializer},
    )
    def create(self, request):
        finding = services.finding_draft(by=request.user, **self.validated(FindingDraftInput))
        return self.respond(finding, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Rework a working paper"),
        description=_("Its author, while it is a draft or returned; send only what changes."),
        request=FindingUpdateInput,
        responses=FindingSerializer,
    )
    def partial_update(self, request, pk=None):
        finding = self.get_object()
        context = self.get_serializer_context()
        given = FindingUpdateInput(data=request.data, partial=True, context=context)
        given.is_valid(raise_exception=True)
        services.finding_update(finding=finding, by=request.user, **given.validated_data)
        return self.respond(finding)

    @extend_schema(summary=_("Review (副组长复核)"), request=CommentInput)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return self.act(by_name("finding", services.finding_review), CommentInput)

    @extend_schema(summary=_("Sign (组长审签)"), request=CommentInput)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self.act(by_name("finding", services.finding_sign), CommentInput)

    @extend_schema(summary=_("Accept for feedback (the office)"), request=CommentInput)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.act(by_name("finding", services.finding_accept), CommentInput)

    @extend_schema(summary=_("Return for rework, saying what is needed"), request=ReasonInput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self.act(by_name("finding", services.finding_return), ReasonInput)

    @extend_schema(
        summary=_("The evidence of a working paper you may see"),
        description=_("Internal evidence never reaches the inspected unit."),
        responses=EvidenceSerializer(many=True),
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[MultiPartParser],
    )
    def evidence(self, request, pk=None):
        finding = self.get_object()
        rows = evidence_rows(request.user).filter(finding=finding)
        return Response(self.get_serializer(rows, many=True).data)

    @extend_schema(
        summary=_("Add evidence (multipart)"),
        description=_("The team or the office, until the finding is fed back."),
        request=EvidenceUploadInput,
        responses={201: EvidenceSerializer},
    )
    @evidence.mapping.post
    def add_evidence(self, request, pk=None):
        finding = self.get_object()
        data = self.validated(EvidenceUploadInput)
        with files_kept_only_on_success():
            evidence = services.evidence_attach(
                finding=finding,
                by=request.user,
                upload=data["file"],
                title=data["title"],
                internal=data["internal"],
            )
        row = evidence_rows(request.user).get(pk=evidence.pk)
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(retrieve=extend_schema(summary=_("One piece of evidence")))
@extend_schema(tags=["findings"])
class EvidenceViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    serializer_class = EvidenceSerializer

    def visible(self, user):
        return evidence_rows(user)

    @extend_schema(summary=_("Download the evidence file"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def download(self, request, pk=None):
        evidence = self.get_object()
        return file_response(evidence.file, name=evidence.title, content_type=evidence.content_type)


# Leads ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Leads you may see"),
        description=_(
            "问题线索: the office's staff, the team leader and the body a lead went to. Each "
            "lead listed is recorded as opened by you."
        ),
    ),
    retrieve=extend_schema(summary=_("One lead; opening it is recorded")),
)
@extend_schema(tags=["leads"])
class LeadViewSet(ReadOnlyScopedViewSet):
    """Every response that shows a lead records that the person opened it, as the pages do."""

    serializer_class = LeadSerializer
    filterset_class = LeadFilter
    search_fields = ["number", "subject_name"]
    ordering_fields = ["number", "status", "transferred_on", "updated_at"]

    def visible(self, user):
        shown = selectors.findings_visible_to(user).filter(pk=OuterRef("finding_id"))
        # The office is read with the lead: may_transfer compares it with the person's office.
        # `finding_shown` is reads.lead_finding_shown_to as a column, for the whole page at once.
        return (
            selectors.lead_list(user)
            .select_related("assignment__round__office")
            .annotate(finding_shown=Exists(shown))
        )

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # One insert for the page, as the lead ledger records the leads it lists.
        services.lead_views_record(leads=page, by=request.user, purpose="list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self.respond(self.get_object())

    def respond(self, instance, status=200):
        lead = self.fresh(instance)
        services.lead_view_record(lead=lead, by=self.request.user)
        return Response(self.get_serializer(lead).data, status=status)

    @extend_schema(
        summary=_("Register a lead"),
        description=_("The team leader or the office, from on site until the assignment closes."),
        request=LeadRegisterInput,
        responses={201: LeadSerializer},
    )
    def create(self, request):
        lead = services.lead_register(by=request.user, **self.validated(LeadRegisterInput))
        return self.respond(lead, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Transfer the lead (移交; the office)"), request=LeadTransferInput)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self.act(by_name("lead", services.lead_transfer), LeadTransferInput)

    @extend_schema(
        summary=_("Record what became of the lead (the receiving body)"), request=LeadOutcomeInput
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        return self.act(by_name("lead", services.lead_record_outcome), LeadOutcomeInput)


# Suggestions and feedback -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Suggestions you may see"),
        description=_("意见建议: the inspection side as they are written; the unit once fed back."),
    ),
    retrieve=extend_schema(summary=_("One suggestion")),
)
@extend_schema(tags=["feedback"])
class SuggestionViewSet(ReadOnlyScopedViewSet):
    serializer_class = SuggestionSerializer
    filterset_class = SuggestionFilter
    search_fields = ["text"]
    ordering_fields = ["created_at"]

    def visible(self, user):
        return (
            selectors.suggestions_visible_to(user)
            .select_related("created_by__profile")
            .annotate(as_unit=selectors.seen_only_as_unit(user, "assignment"))
        )

    @extend_schema(
        summary=_("Add a suggestion"),
        description=_("The team's leader or deputy, or the office, until feedback is issued."),
        request=SuggestionInput,
        responses={201: SuggestionSerializer},
    )
    def create(self, request):
        suggestion = services.suggestion_add(by=request.user, **self.validated(SuggestionInput))
        return self.respond(suggestion, status=status.HTTP_201_CREATED)


def attach_document(feedback, by):
    """Make the feedback document and keep it, as the page does when it issues feedback.

    The feedback stands without it (its date has started the clocks), so a document that cannot
    be made is left for POST /feedback/{id}/document/ instead of undoing the issue; the response
    then shows `document: null` and `may_generate_document: true`.
    """
    with suppress(DomainError), files_kept_only_on_success():
        services.feedback_document_generate(feedback=feedback, by=by)


@extend_schema_view(
    list=extend_schema(summary=_("Feedback you may see")),
    retrieve=extend_schema(summary=_("One feedback")),
)
@extend_schema(tags=["feedback"])
class FeedbackViewSet(ReadOnlyScopedViewSet):
    serializer_class = FeedbackSerializer
    filterset_class = FeedbackFilter
    search_fields = ["assignment__target__name"]
    ordering_fields = ["delivered_on"]
    ordering = ["-delivered_on", "-id"]

    def visible(self, user):
        fed_back = selectors.findings_visible_to(user).filter(status=Finding.Status.FED_BACK)
        return (
            reads.feedback_list(user)
            .prefetch_related(
                Prefetch(
                    "findings",
                    queryset=fed_back.order_by(*reads.FINDING_ORDER),
                    to_attr="shown_findings",
                ),
                Prefetch(
                    "suggestions",
                    queryset=selectors.suggestions_visible_to(user).order_by("created_at", "pk"),
                    to_attr="shown_suggestions",
                ),
            )
            .annotate(as_unit=selectors.seen_only_as_unit(user, "assignment"))
        )

    @extend_schema(
        summary=_("Issue feedback (反馈)"),
        description=_(
            "The office, while the assignment is reporting: its accepted findings become fed "
            "back, with the chosen suggestions, and the feedback document is made."
        ),
        request=FeedbackIssueInput,
        responses={201: FeedbackSerializer},
    )
    def create(self, request):
        feedback = services.feedback_issue(by=request.user, **self.validated(FeedbackIssueInput))
        attach_document(feedback, request.user)
        return self.respond(feedback, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("The feedback document (PDF)"),
        description=_("For everyone who may see the feedback, the unit included."),
        responses=PDF,
    )
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def document(self, request, pk=None):
        feedback = self.get_object()
        if not feedback.document:
            raise exceptions.NotFound(_("The feedback document has not been generated."))
        return file_response(
            feedback.document,
            name=documents.file_name(feedback),
            content_type="application/pdf",
            inline=True,
        )

    @extend_schema(
        summary=_("Generate the feedback document again"),
        description=_("The office, when it could not be made as the feedback was issued."),
        request=None,
        responses=FeedbackSerializer,
    )
    @document.mapping.post
    def generate_document(self, request, pk=None):
        feedback = self.get_object()
        with files_kept_only_on_success():
            services.feedback_document_generate(feedback=feedback, by=request.user)
        return self.respond(feedback)


# The on-site method log -------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Method log entries you may see"),
        description=_("The office's and the inspection side's, never the unit's."),
    )
)
@extend_schema(tags=["method log"])
class MethodLogViewSet(mixins.ListModelMixin, ScopedViewSet):
    serializer_class = MethodLogEntrySerializer
    filterset_class = MethodLogFilter
    search_fields = ["note"]
    ordering_fields = ["held_on"]

    def visible(self, user):
        # The rule of selectors.method_log_of, for every assignment at once.
        return MethodLogEntry.objects.filter(
            selectors.inspection_access(user, "assignment")
        ).select_related("by__profile")

    @extend_schema(
        summary=_("Log what the team did on site"),
        description=_("The team or the office, until the report."),
        request=MethodLogInput,
        responses={201: MethodLogEntrySerializer},
    )
    def create(self, request):
        entry = services.method_log_add(by=request.user, **self.validated(MethodLogInput))
        return self.respond(entry, status=status.HTTP_201_CREATED)
