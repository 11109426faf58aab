"""报备: the filings a lower office makes with the office directly above it, what is owed and
never filed, and the deadlines an office sets for the offices below it.

The readers of an office (staff and leadership group) see the filings it made and those made
with it by the offices directly below; others see none, and a filing out of scope is a 404. The
filing office's staff submit and resubmit; the staff of the office above acknowledge or return.
Who sees a filing but may not take a step gets 403; a step its status does not allow is 409.
"""

import os
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.linkage import UpwardFilingFilter
from api.serializers.linkage import (
    FilingDeadlinesSerializer,
    FilingResubmitInput,
    MissingFilingSerializer,
    MissingFilingsQuery,
    UpwardFilingSerializer,
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
from core.errors import DomainError
from core.uploads import files_kept_only_on_success
from linkage import policy, selectors, services
from organisations.selectors import is_office_staff
from rounds.selectors import planning_office


class ReviewsFiling(permissions.BasePermission):
    """Staff of the office the filing was made with."""

    def has_object_permission(self, request, view, obj):
        return is_office_staff(request.user, obj.filed_with)


class FilesFiling(permissions.BasePermission):
    """Staff of the office that made the filing."""

    def has_object_permission(self, request, view, obj):
        return is_office_staff(request.user, obj.office)


REVIEWER = [permissions.IsAuthenticated, ReviewsFiling]
FILER = [permissions.IsAuthenticated, FilesFiling]


@contextmanager
def field_errors(names):
    """A service's refusal that names one of these input fields (its code) is a 400 under that
    field, also when the field was left out (a figure the kind needs, say)."""
    try:
        yield
    except DomainError as error:
        if error.code in names:
            raise ValidationError({error.code: [error.message]}) from error
        raise


def _staff_office(user):
    """The office the person files for as its staff; anyone else may not file."""
    office = planning_office(user)
    if office is None or not is_office_staff(user, office):
        raise PermissionDenied(_("Only an office's staff may file with the office above."))
    return office


@extend_schema_view(
    list=extend_schema(
        summary=_("Filings with the office above (报备) you may see"),
        description=_(
            "Those your office made and those the offices directly below made with yours."
        ),
    ),
    retrieve=extend_schema(summary=_("One filing with the office above")),
)
@extend_schema(tags=["linkage"])
class UpwardFilingViewSet(ReadOnlyScopedViewSet):
    serializer_class = UpwardFilingSerializer
    filterset_class = UpwardFilingFilter
    search_fields = ["title", "office__name"]
    ordering_fields = ["due_on", "submitted_at", "updated_at"]
    ordering = ["-submitted_at", "-id"]

    def visible(self, user):
        return selectors.with_overdue(selectors.filings_visible_to(user), timezone.localdate())

    @extend_schema(
        summary=_("File a plan or a round summary with the office above (multipart)"),
        description=_(
            "Your office's staff. A term plan names its term, an annual plan its term and year, "
            "a round summary its round; each kind has its own figures. The due date follows the "
            "deadlines of the office above. Filing the same period twice is a 409."
        ),
        responses={201: UpwardFilingSerializer},
    )
    def create(self, request):
        office = _staff_office(request.user)
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        figures = {name: data.pop(name, None) for name in services.ALL_FIGURES}
        with field_errors(given.fields), files_kept_only_on_success(), transaction.atomic():
            filing = services.filing_submit(
                office=office,
                by=request.user,
                kind=data["kind"],
                term=data.get("term"),
                round_=data.get("round"),
                year=data.get("year"),
                title=data["title"],
                summary=data["summary"],
                figures=figures,
                document=data["document"],
            )
        return self.respond(filing, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentInput, summary=_("Acknowledge a filing (已备案; the office above)")
    )
    @action(detail=True, methods=["post"], permission_classes=REVIEWER)
    def acknowledge(self, request, pk=None):
        return self.act(by_name("filing", services.filing_acknowledge), CommentInput)

    @extend_schema(
        request=ReasonInput,
        summary=_("Return a filing for correction, saying what must change (the office above)"),
    )
    @action(
        detail=True,
        methods=["post"],
        permission_classes=REVIEWER,
        url_path="return",
        url_name="return",
    )
    def send_back(self, request, pk=None):
        return self.act(by_name("filing", services.filing_return), ReasonInput)

    @extend_schema(
        request=FilingResubmitInput,
        summary=_("Correct a returned filing and submit it again (the filing office)"),
        description=_(
            "Send only what changes; multipart to send a new document, without which the "
            "previous one stands."
        ),
    )
    @action(detail=True, methods=["post"], permission_classes=FILER)
    def resubmit(self, request, pk=None):
        def resubmit(filing, by, comment="", document=None, **changes):
            figures = {
                name: changes.get(name, getattr(filing, name))
                for name in services.figures_of(filing.kind)
            }
            return services.filing_resubmit(
                filing=filing,
                by=by,
                title=changes.get("title", filing.title),
                summary=changes.get("summary", filing.summary),
                figures=figures,
                document=document,
                comment=comment,
            )

        # A refused resubmission must not leave its document on disk.
        with field_errors(FilingResubmitInput().fields), files_kept_only_on_success():
            return self.act(resubmit, FilingResubmitInput)

    @extend_schema(summary=_("Download the filed document"), responses=FILE)
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD)
    def document(self, request, pk=None):
        filing = self.get_object()
        return file_response(
            filing.document,
            name=os.path.basename(filing.document.name),
            content_type=filing.document_content_type,
        )

    @extend_schema(
        summary=_("Filings owed and never made, most overdue first"),
        description=_(
            "What the offices directly below yours owe your office, by your office's deadlines; "
            "with mine, what your office owes the office above, by its deadlines."
        ),
        parameters=[MissingFilingsQuery],
        responses=MissingFilingSerializer(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def missing(self, request):
        query = MissingFilingsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        today = timezone.localdate()
        office = planning_office(request.user)
        if office is None:
            rows = []
        elif wanted["mine"]:
            rows = selectors.missing_filings(
                [office.pk],
                today,
                deadlines=policy.policy_of_filer(office),
                kind=wanted.get("kind"),
            )
        else:
            lower = selectors.lower_offices_of(request.user)
            if "office" in wanted:
                lower = lower.filter(pk=wanted["office"])
            rows = selectors.missing_filings(
                lower.values_list("pk", flat=True),
                today,
                deadlines=policy.policy_for(office.pk),
                kind=wanted.get("kind"),
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MissingFilingSerializer(page, many=True).data)


class FilingDeadlinesView(APIView):
    """The deadlines of the person's office for the offices below it (报备时限)."""

    def _office(self):
        office = planning_office(self.request.user)
        if office is None:
            raise NotFound
        return office

    @extend_schema(
        tags=["linkage"],
        summary=_("When the offices below yours must file with it"),
        description=_("Your office's deadlines, or the defaults while it has set none."),
        responses=FilingDeadlinesSerializer,
    )
    def get(self, request):
        current = policy.policy_for(self._office().pk)
        return Response(FilingDeadlinesSerializer(current).data)

    @extend_schema(
        tags=["linkage"],
        summary=_("Set when the offices below yours must file with it (your office's staff)"),
        description=_(
            "Filings still to come fall due by the new deadlines; those already made keep "
            "their due dates. An annual-plan day the month does not have is a 400."
        ),
        request=FilingDeadlinesSerializer,
        responses=FilingDeadlinesSerializer,
    )
    def put(self, request):
        office = self._office()
        if not is_office_staff(request.user, office):
            raise PermissionDenied
        given = FilingDeadlinesSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with transaction.atomic():
            saved = services.filing_deadlines_set(
                office=office, by=request.user, **given.validated_data
            )
        return Response(FilingDeadlinesSerializer(saved).data)
