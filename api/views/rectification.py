"""Rectification (整改): plans, items and their progress, the unit's reports, the filings and the
evaluation, scoped and decided as on the pages.

The unit's liaison writes the plan and reports on its items (the office may do it on its
behalf); the office's staff accept or return the plan, close (销号), return or reopen items,
record filings and evaluations. Who does not see the object gets 404; who sees it but may not
act gets 403 (on an object's action, before its input is read); a transition its state does
not allow is 409.
"""

from pathlib import PurePath

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from api.filters.rectification import (
    EvaluationFilter,
    FilingFilter,
    ItemFilter,
    PlanFilter,
    ProgressReportFilter,
    ReportFilter,
)
from api.pagination import CursorPages
from api.serializers.rectification import (
    EvaluationSerializer,
    FilingSerializer,
    ItemReportInput,
    PlanOpenInput,
    PlanSubmitInput,
    ProgressReportSerializer,
    RectificationItemSerializer,
    RectificationPlanSerializer,
    RectificationReportSerializer,
)
from api.views.base import (
    DOWNLOAD,
    FILE,
    CommentInput,
    ReadOnlyScopedViewSet,
    ReasonInput,
    by_name,
    file_response,
)
from core.uploads import files_kept_only_on_success, remember_stored
from organisations.selectors import is_office_staff
from rectification import selectors as reads
from rectification import services
from rectification.clocks import policy_for
from rectification.models import Filing, RectificationReport

# Who may act on an object the person sees -------------------------------------------------


class WritesPlan(permissions.BasePermission):
    """The unit's liaison, or the office's staff on its behalf (may_write_plan)."""

    def has_object_permission(self, request, view, obj):
        return reads.may_write_plan(request.user, view.assignment_of(obj))


class OfficeStaff(permissions.BasePermission):
    """Staff of the office that runs the round: the office's decisions."""

    def has_object_permission(self, request, view, obj):
        return is_office_staff(request.user, view.assignment_of(obj).round.office)


WRITER = [permissions.IsAuthenticated, WritesPlan]
OFFICE = [permissions.IsAuthenticated, OfficeStaff]


class RectificationViewSet(ReadOnlyScopedViewSet):
    def get_serializer_context(self):
        # Fields that cost a query per row are filled on one object, not in lists.
        return {**super().get_serializer_context(), "detail": self.action != "list"}


# Plans -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Rectification plans (整改方案) you may see")),
    retrieve=extend_schema(summary=_("One rectification plan")),
)
@extend_schema(tags=["rectification"])
class PlanViewSet(RectificationViewSet):
    serializer_class = RectificationPlanSerializer
    filterset_class = PlanFilter
    search_fields = ["assignment__target__name"]
    ordering_fields = ["due_on", "updated_at"]
    ordering = ["-id"]

    def visible(self, user):
        # Whether the unit's report is filed decides whether it is overdue (plan_deadlines).
        unit_report = reads.reports_visible_to(user).filter(
            assignment=OuterRef("assignment"), kind=RectificationReport.Kind.UNIT
        )
        return (
            reads.plans_visible_to(user)
            .select_related(
                "assignment__round__term",
                "assignment__round__office",
                "assignment__target",
                "assignment__feedback",
            )
            .annotate(report_filed=Exists(unit_report))
        )

    def assignment_of(self, plan):
        return plan.assignment

    @extend_schema(
        summary=_("Open the plan of an assignment that has had feedback"),
        description=_(
            "The unit's liaison, or the office on its behalf. The plan's clocks run from the "
            "feedback day. Opening it again returns the plan already open (200)."
        ),
        request=PlanOpenInput,
        responses={201: RectificationPlanSerializer, 200: RectificationPlanSerializer},
    )
    def create(self, request):
        assignment = self.validated(PlanOpenInput)["assignment"]
        if not reads.may_write_plan(request.user, assignment):
            raise PermissionDenied
        opened_before = reads.plan_of(assignment) is not None
        with transaction.atomic():
            plan = services.plan_open(assignment=assignment, by=request.user)
        return self.respond(
            plan, status=status.HTTP_200_OK if opened_before else status.HTTP_201_CREATED
        )

    @extend_schema(
        summary=_("Submit the plan with the top official's signature"),
        description=_(
            "Every fed-back finding needs a measure first. Send multipart form data to "
            "include the signed scan."
        ),
        request=PlanSubmitInput,
    )
    @action(detail=True, methods=["post"], permission_classes=WRITER)
    def submit(self, request, pk=None):
        def sign_and_submit(plan, by, **data):
            submitted = services.plan_submit(plan=plan, by=by, **data)
            if "signed_scan" in data:
                remember_stored(submitted.signed_scan)
            return submitted

        # A refused submission must not leave the scan on disk with nothing pointing at it.
        with files_kept_only_on_success():
            return self.act(sign_and_submit, PlanSubmitInput)

    @extend_schema(request=CommentInput, summary=_("Accept a submitted plan (the office)"))
    @action(detail=True, methods=["post"], permission_classes=OFFICE)
    def accept(self, request, pk=None):
        return self.act(by_name("plan", services.plan_accept), CommentInput)

    @extend_schema(
        request=ReasonInput, summary=_("Return a submitted plan to the unit, saying what to change")
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=OFFICE,
        url_path="return",
        url_name="return",
    )
    def send_back(self, request, pk=None):
        return self.act(by_name("plan", services.plan_return), ReasonInput)

    @extend_schema(
        request=None,
        summary=_("Begin the evaluation of the assignment (the plan is accepted)"),
        description=_("The assignment moves from rectification to evaluation (督查评估)."),
    )
    @action(detail=True, methods=["post"], permission_classes=OFFICE, url_path="begin-evaluation")
    def begin_evaluation(self, request, pk=None):
        def begin(plan, by):
            services.assignment_begin_evaluation(assignment=plan.assignment, by=by)
            return plan

        return self.act(begin)

    @extend_schema(
        request=CommentInput,
        summary=_("Close the assignment after at least one evaluation"),
    )
    @action(detail=True, methods=["post"], permission_classes=OFFICE, url_path="close-assignment")
    def close_assignment(self, request, pk=None):
        def close(plan, by, comment):
            services.assignment_close(assignment=plan.assignment, by=by, comment=comment)
            return plan

        return self.act(close, CommentInput)

    @extend_schema(summary=_("Download the signed scan of the plan"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def scan(self, request, pk=None):
        plan = self.get_object()
        if not plan.signed_scan:
            raise NotFound
        name = PurePath(plan.signed_scan.name).name
        return file_response(plan.signed_scan, name=name)


# Items -------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Rectification items (整改措施) you may see")),
    retrieve=extend_schema(summary=_("One item, with what you may do with it now")),
)
@extend_schema(tags=["rectification"])
class ItemViewSet(RectificationViewSet):
    serializer_class = RectificationItemSerializer
    pagination_class = CursorPages
    filterset_class = ItemFilter
    search_fields = ["measure"]
    ordering_fields = ["deadline", "updated_at"]
    ordering = ["deadline", "id"]

    def visible(self, user):
        return reads.item_list_for_page(user)

    def assignment_of(self, item):
        return item.plan.assignment

    def get_permissions(self):
        if self.action == "partial_update":
            return [permission() for permission in WRITER]
        return super().get_permissions()

    @extend_schema(
        summary=_("Add a measure against a fed-back finding to a draft or returned plan"),
        responses={201: RectificationItemSerializer},
    )
    def create(self, request):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        if not reads.may_write_plan(request.user, data["plan"].assignment):
            raise PermissionDenied
        with transaction.atomic():
            item = services.item_add(by=request.user, **data)
        return self.respond(item, status=status.HTTP_201_CREATED)

    @extend_schema(summary=_("Change a measure while its plan is a draft or returned"))
    def partial_update(self, request, pk=None):
        item = self.get_object()
        given = self.get_serializer(item, data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        # item_update takes the whole measure: what is not sent stays as it is.
        changeable = ("measure", "responsible_unit", "responsible_person", "deadline", "kind")
        fields = {name: given.validated_data.get(name, getattr(item, name)) for name in changeable}
        with transaction.atomic():
            services.item_update(item=item, by=request.user, **fields)
        return self.respond(item)

    @extend_schema(
        request=ReasonInput,
        summary=_("Withdraw a measure not yet started from a draft or returned plan"),
    )
    @action(detail=True, methods=["post"], permission_classes=WRITER)
    def withdraw(self, request, pk=None):
        return self.act(
            lambda item, by, comment: services.item_withdraw(item=item, by=by, reason=comment),
            ReasonInput,
        )

    @extend_schema(
        request=ItemReportInput,
        responses={201: ProgressReportSerializer},
        summary=_("Report progress, with files (a periodic report for a long-term item)"),
        description=_("The first report starts the item. Returns the report filed."),
    )
    @action(detail=True, methods=["post"], permission_classes=WRITER)
    def progress(self, request, pk=None):
        item = self.get_object()
        data = self.validated(ItemReportInput)
        with files_kept_only_on_success(), transaction.atomic():
            report = services.progress_report(
                item=item, by=request.user, text=data["text"], attachments=data.get("files", [])
            )
        report = reads.progress_list(request.user).get(pk=report.pk)
        context = self.get_serializer_context()
        body = ProgressReportSerializer(report, context=context).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ItemReportInput,
        summary=_("Report the item done, with the evidence; the office verifies it"),
    )
    @action(detail=True, methods=["post"], permission_classes=WRITER)
    def claim(self, request, pk=None):
        def claim(item, by, text, files=()):
            return services.item_claim_done(item=item, by=by, text=text, attachments=files)

        with files_kept_only_on_success():
            return self.act(claim, ItemReportInput)

    @extend_schema(request=CommentInput, summary=_("Verify a claimed item and close it (销号)"))
    @action(detail=True, methods=["post"], permission_classes=OFFICE)
    def close(self, request, pk=None):
        return self.act(by_name("item", services.item_close), CommentInput)

    @extend_schema(request=ReasonInput, summary=_("Return a claimed item for rework, with why"))
    @action(
        detail=True,
        methods=["post"],
        permission_classes=OFFICE,
        url_path="return",
        url_name="return",
    )
    def send_back(self, request, pk=None):
        return self.act(
            lambda item, by, comment: services.item_return(item=item, by=by, reason=comment),
            ReasonInput,
        )

    @extend_schema(
        request=ReasonInput, summary=_("Reopen a closed item a later check found not effective")
    )
    @action(detail=True, methods=["post"], permission_classes=OFFICE)
    def reopen(self, request, pk=None):
        return self.act(
            lambda item, by, comment: services.item_reopen(item=item, by=by, reason=comment),
            ReasonInput,
        )


# Progress reports --------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Progress reports on the items you may see")),
    retrieve=extend_schema(summary=_("One progress report with its attachments")),
)
@extend_schema(tags=["rectification"])
class ProgressReportViewSet(RectificationViewSet):
    serializer_class = ProgressReportSerializer
    pagination_class = CursorPages
    filterset_class = ProgressReportFilter
    search_fields = ["text"]
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]

    def visible(self, user):
        return reads.progress_list(user)

    @extend_schema(
        summary=_("Download an attachment of a progress report"),
        parameters=[OpenApiParameter("attachment_id", int, OpenApiParameter.PATH)],
        responses=FILE,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment",
        renderer_classes=DOWNLOAD,
    )
    def attachment(self, request, pk=None, attachment_id=None):
        report = self.get_object()
        attachment = (
            reads.progress_attachments_visible_to(request.user)
            .filter(report=report, pk=attachment_id)
            .first()
        )
        if attachment is None:
            raise NotFound
        return file_response(
            attachment.file, name=attachment.name, content_type=attachment.content_type
        )


# The checks on rectification --------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("The units' rectification reports (整改报告) you may see")),
    retrieve=extend_schema(summary=_("One rectification report")),
)
@extend_schema(tags=["rectification checks"])
class ReportViewSet(RectificationViewSet):
    serializer_class = RectificationReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["signed_on", "updated_at"]
    ordering = ["-id"]

    def visible(self, user):
        return reads.reports_visible_to(user).select_related("assignment__target")

    @extend_schema(
        summary=_("File the unit's report or its top official's; filing again revises it"),
        description=_(
            "The unit's liaison, or the office on its behalf, once the plan is submitted. "
            "Send multipart form data to include the signed copy. 201 when filed, 200 when "
            "an earlier one of the same kind was revised."
        ),
        responses={201: RectificationReportSerializer, 200: RectificationReportSerializer},
    )
    def create(self, request):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        revised = (
            self.get_queryset().filter(assignment=data["assignment"], kind=data["kind"]).exists()
        )
        with files_kept_only_on_success(), transaction.atomic():
            report = services.report_file(by=request.user, **data)
        return self.respond(
            report, status=status.HTTP_200_OK if revised else status.HTTP_201_CREATED
        )

    @extend_schema(summary=_("Download the signed copy of a report"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def file(self, request, pk=None):
        report = self.get_object()
        if not report.file:
            raise NotFound
        return file_response(
            report.file, name=PurePath(report.file.name).name, content_type=report.file_content_type
        )


@extend_schema_view(
    list=extend_schema(summary=_("Filings (备案) of plans and reports you may see")),
    retrieve=extend_schema(summary=_("One filing")),
)
@extend_schema(tags=["rectification checks"])
class FilingViewSet(RectificationViewSet):
    serializer_class = FilingSerializer
    filterset_class = FilingFilter
    ordering_fields = ["filed_on", "created_at"]
    ordering = ["-id"]

    def visible(self, user):
        return reads.filings_visible_to(user).select_related("assignment__target")

    @extend_schema(
        summary=_("Record a plan or report filed with one or more parties (the office)"),
        description=_(
            "All or none: when one party is refused (already recorded, say), none is recorded."
        ),
        responses={201: FilingSerializer(many=True)},
    )
    def create(self, request):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        chosen = data.pop("parties")
        # One transaction: a party refused rolls back the others. In the parties' own order, so
        # the records read the same whatever order they were sent in.
        with transaction.atomic():
            filings = [
                services.filing_record(by=request.user, party=party, **data)
                for party in Filing.Party
                if party in chosen
            ]
        recorded = self.get_queryset().filter(pk__in=[filing.pk for filing in filings])
        body = self.get_serializer(recorded.order_by("pk"), many=True).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("Evaluations (整改评估) you may see: never the unit's")),
    retrieve=extend_schema(summary=_("One party's evaluation")),
)
@extend_schema(tags=["rectification checks"])
class EvaluationViewSet(RectificationViewSet):
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    ordering_fields = ["created_at", "score"]
    ordering = ["-id"]

    def visible(self, user):
        return reads.evaluations_visible_to(user).select_related("assignment__target")

    @extend_schema(
        summary=_("Record one party's rating of an assignment in evaluation (the office)"),
        description=_("Begin the evaluation first, with the plan's begin-evaluation action."),
        responses={201: EvaluationSerializer},
    )
    def create(self, request):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        assignment = data["assignment"]
        # As on the page: a grade left out follows from the score by the office's scheme.
        if not data.get("grade"):
            data["grade"] = policy_for(assignment.round.office).grade_for(data["score"])
        with transaction.atomic():
            evaluation = services.evaluation_record(by=request.user, **data)
        return self.respond(evaluation, status=status.HTTP_201_CREATED)
