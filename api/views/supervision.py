"""指导督导: an upper office's guidance and supervision visits to the offices below it, the
problems found there and the visited office's follow-up, scoped and decided as on the pages.

The readers of an office see the visits to it and to the offices below it; nobody else sees
any, and what is out of scope is a 404. The visiting office's staff record and correct a visit,
add findings, and close or return the follow-up; the visited office's staff report follow-up.
Who sees the object but may not take the step gets 403; a step its status does not allow, or a
correction of a visit one of whose findings is closed, is 409.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from api.filters.supervision import FindingFilter, FollowUpFilter, VisitFilter
from api.serializers.supervision import (
    FollowUpInput,
    SupervisionFindingSerializer,
    SupervisionFollowUpSerializer,
    SupervisionVisitSerializer,
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
from api.views.linkage import field_errors
from core.uploads import files_kept_only_on_success
from organisations.selectors import is_office_staff
from rounds.selectors import planning_office
from supervision import policy, selectors, services

VISIT_FIELDS = ("kind", "starts_on", "ends_on", "subject", "summary")


class VisitingStaff(permissions.BasePermission):
    """Staff of the office that made the visit."""

    def has_object_permission(self, request, view, obj):
        return is_office_staff(request.user, obj.upper_office)


def staff_taking(step):
    """The staff of the side of the visit that takes this step of a finding (policy)."""

    class StaffOfSide(permissions.BasePermission):
        def has_object_permission(self, request, view, obj):
            return is_office_staff(request.user, policy.office_of_side(obj.visit, step.by_side))

    return [permissions.IsAuthenticated, StaffOfSide]


class SupervisionViewSet(ReadOnlyScopedViewSet):
    def get_serializer_context(self):
        # Fields that cost a query per row are filled on one object, not in lists.
        return {**super().get_serializer_context(), "detail": self.action != "list"}


# Visits ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary=_("Guidance and supervision visits (指导督导) you may see"),
        description=_(
            "Visits to your office and to the offices below it, each with its findings counted."
        ),
    ),
    retrieve=extend_schema(summary=_("One visit, with what you may do with it now")),
)
@extend_schema(tags=["supervision"])
class VisitViewSet(SupervisionViewSet):
    serializer_class = SupervisionVisitSerializer
    filterset_class = VisitFilter
    search_fields = ["subject"]
    ordering_fields = ["starts_on", "updated_at"]
    ordering = ["-starts_on", "-id"]

    def visible(self, user):
        visits = selectors.visits_visible_to(user).prefetch_related("members__profile")
        return selectors.with_finding_counts(visits, timezone.localdate())

    def get_permissions(self):
        if self.action in ("update", "partial_update"):
            return [permissions.IsAuthenticated(), VisitingStaff()]
        return super().get_permissions()

    @extend_schema(
        summary=_("Record a visit to an office below yours (multipart to send its document)"),
        description=_("Your office's staff, once the visit has begun, with who went."),
        responses={201: SupervisionVisitSerializer},
    )
    def create(self, request):
        office = planning_office(request.user)
        if office is None or not is_office_staff(request.user, office):
            raise PermissionDenied(_("Only an office's staff may record its visits."))
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        with field_errors(given.fields), files_kept_only_on_success(), transaction.atomic():
            visit = services.visit_record(
                upper_office=office,
                by=request.user,
                lower_office=data["lower_office"],
                round_=data.get("round"),
                members=data["members"],
                document=data.get("document"),
                **{name: data[name] for name in VISIT_FIELDS},
            )
        return self.respond(visit, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Correct a visit's record (the visiting office)"),
        description=_(
            "Every field but the office visited; without a new document the previous one "
            "stands. Once one of its findings is closed the record stands (409)."
        ),
    )
    def update(self, request, pk=None):
        return self._correct(partial=False)

    @extend_schema(
        summary=_("Correct part of a visit's record (the visiting office)"),
        description=_("Send only what changes. Once one of its findings is closed, 409."),
    )
    def partial_update(self, request, pk=None):
        return self._correct(partial=True)

    def _correct(self, *, partial):
        visit = self.get_object()
        given = self.get_serializer(visit, data=self.request.data, partial=partial)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        with field_errors(given.fields), files_kept_only_on_success(), transaction.atomic():
            services.visit_update(
                visit=visit,
                by=self.request.user,
                round_=data.get("round", visit.round),
                members=data.get("members", list(visit.members.all())),
                document=data.get("document"),
                **{name: data.get(name, getattr(visit, name)) for name in VISIT_FIELDS},
            )
        return self.respond(visit)

    @extend_schema(summary=_("Download the visit's document"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def document(self, request, pk=None):
        visit = self.get_object()
        if not visit.document:
            raise NotFound
        return file_response(
            visit.document, name=visit.document_name, content_type=visit.document_content_type
        )


# Findings ----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Findings of the supervision visits you may see")),
    retrieve=extend_schema(summary=_("One finding of a supervision visit")),
)
@extend_schema(tags=["supervision"])
class FindingViewSet(SupervisionViewSet):
    serializer_class = SupervisionFindingSerializer
    filterset_class = FindingFilter
    search_fields = ["description"]
    ordering_fields = ["due_on", "updated_at"]
    ordering = ["-visit__starts_on", "visit", "number"]

    def visible(self, user):
        return selectors.with_overdue(selectors.findings_visible_to(user), timezone.localdate())

    @extend_schema(
        summary=_("Add a problem a visit found (the visiting office)"),
        description=_("With the date the office visited must follow up by."),
        responses={201: SupervisionFindingSerializer},
    )
    def create(self, request):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        with field_errors(given.fields), transaction.atomic():
            finding = services.finding_add(by=request.user, **given.validated_data)
        return self.respond(finding, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=FollowUpInput,
        responses={201: SupervisionFollowUpSerializer},
        summary=_("Report follow-up, optionally with an attachment (the office visited)"),
        description=_("Multipart to send the attachment. Returns the report made."),
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=staff_taking(policy.REPORT),
        url_path="follow-up",
        url_name="follow-up",
    )
    def follow_up(self, request, pk=None):
        finding = self.get_object()
        data = self.validated(FollowUpInput)
        with (
            field_errors(FollowUpInput().fields),
            files_kept_only_on_success(),
            transaction.atomic(),
        ):
            report = services.followup_report(
                finding=finding,
                by=request.user,
                text=data["text"],
                attachment=data.get("attachment"),
            )
        report = selectors.followups_visible_to(request.user).get(pk=report.pk)
        body = SupervisionFollowUpSerializer(report, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentInput, summary=_("Close a finding whose follow-up is reported"))
    @action(detail=True, methods=["post"], permission_classes=staff_taking(policy.CLOSE))
    def close(self, request, pk=None):
        return self.act(by_name("finding", services.finding_close), CommentInput)

    @extend_schema(
        request=ReasonInput,
        summary=_("Return the follow-up, saying what it still lacks"),
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=staff_taking(policy.RETURN),
        url_path="return",
        url_name="return",
    )
    def send_back(self, request, pk=None):
        return self.act(by_name("finding", services.finding_return), ReasonInput)


# Follow-up reports -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary=_("Follow-up reports on the findings you may see")),
    retrieve=extend_schema(summary=_("One follow-up report")),
)
@extend_schema(tags=["supervision"])
class FollowUpViewSet(SupervisionViewSet):
    serializer_class = SupervisionFollowUpSerializer
    filterset_class = FollowUpFilter
    search_fields = ["text"]
    ordering_fields = ["created_at"]
    ordering = ["created_at", "id"]

    def visible(self, user):
        return selectors.followups_visible_to(user).select_related("by__profile")

    @extend_schema(summary=_("Download the attachment of a follow-up report"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def attachment(self, request, pk=None):
        report = self.get_object()
        if not report.attachment:
            raise NotFound
        return file_response(
            report.attachment,
            name=report.attachment_name,
            content_type=report.attachment_content_type,
        )
