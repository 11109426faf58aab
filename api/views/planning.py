"""Terms, rounds, teams, memberships and assignments: the office plans, the teams and the unit
read what concerns them. Writes call the planning services, which check the office's role."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied

from api.filters.planning import AssignmentFilter, MembershipFilter, RoundFilter, TermFilter
from api.serializers.planning import (
    AssignmentSerializer,
    MembershipSerializer,
    RoundCancelInput,
    RoundSerializer,
    TeamSerializer,
    TermSerializer,
)
from api.views.base import CreateWithService, ReadOnlyScopedViewSet, by_name
from rounds import selectors, services
from rounds.models import TeamMembership


@extend_schema_view(
    list=extend_schema(summary=_("Terms of your office")),
    create=extend_schema(summary=_("Open a term (届) for your office")),
)
@extend_schema(tags=["planning"])
class TermViewSet(CreateWithService, ReadOnlyScopedViewSet):
    serializer_class = TermSerializer
    filterset_class = TermFilter
    ordering_fields = ["starts_on", "name"]

    def visible(self, user):
        return selectors.terms_planned_by(user).order_by("-starts_on", "id")

    def create_with(self, data, by):
        office = selectors.planning_office(by)
        if office is None:
            raise PermissionDenied(_("Only an office's staff may open a term."))
        return services.term_create(office=office, by=by, **data)


@extend_schema_view(
    list=extend_schema(summary=_("Rounds you take part in or your office runs")),
    create=extend_schema(summary=_("Plan a round of a term")),
)
@extend_schema(tags=["planning"])
class RoundViewSet(CreateWithService, ReadOnlyScopedViewSet):
    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    search_fields = ["theme"]
    ordering_fields = ["planned_start", "ordinal", "updated_at"]

    def visible(self, user):
        return selectors.rounds_visible_to(user).select_related("term").order_by("-id")

    def create_with(self, data, by):
        return services.round_plan(by=by, **data)

    @extend_schema(request=None, summary=_("Start the round"))
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self.act(by_name("round", services.round_start))

    @extend_schema(request=None, summary=_("Complete the round (every assignment fed back)"))
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self.act(by_name("round", services.round_complete))

    @extend_schema(request=RoundCancelInput, summary=_("Cancel a planned round, with a reason"))
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self.act(by_name("round", services.round_cancel), RoundCancelInput)


@extend_schema(tags=["planning"])
class TeamViewSet(CreateWithService, ReadOnlyScopedViewSet):
    """Teams are internal: the inspected unit never sees them."""

    serializer_class = TeamSerializer
    search_fields = ["name"]
    filterset_fields = ["round"]

    def visible(self, user):
        return selectors.teams_visible_to(user).order_by("id")

    def create_with(self, data, by):
        return services.team_form(by=by, **data)


@extend_schema(tags=["planning"])
class MembershipViewSet(CreateWithService, ReadOnlyScopedViewSet):
    """Who is on which team; adding a person checks the pools and conflicts of interest."""

    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter

    def visible(self, user):
        return (
            TeamMembership.objects.filter(team__in=selectors.teams_visible_to(user))
            .select_related("user__profile")
            .order_by("id")
        )

    def create_with(self, data, by):
        return services.team_add_member(by=by, **data)


@extend_schema_view(
    list=extend_schema(summary=_("Assignments you may see")),
    create=extend_schema(summary=_("Assign a team to a target in a round")),
)
@extend_schema(tags=["planning"])
class AssignmentViewSet(CreateWithService, ReadOnlyScopedViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    search_fields = ["target__name", "target__code"]
    ordering_fields = ["phase", "on_site_from", "updated_at"]

    def visible(self, user):
        return (
            selectors.assignments_visible_to(user)
            .select_related("round__term", "team", "target")
            .annotate(as_unit=selectors.seen_only_as_unit(user))
            .order_by("-id")
        )

    def create_with(self, data, by):
        return services.assignment_create(by=by, **data)

    @extend_schema(request=None, summary=_("The team arrives on site (进驻)"))
    @action(detail=True, methods=["post"], url_path="begin-on-site")
    def begin_on_site(self, request, pk=None):
        return self.act(by_name("assignment", services.assignment_begin_on_site))

    @extend_schema(request=None, summary=_("The team leaves and writes its report"))
    @action(detail=True, methods=["post"], url_path="begin-reporting")
    def begin_reporting(self, request, pk=None):
        return self.act(by_name("assignment", services.assignment_begin_reporting))

    @extend_schema(request=None, summary=_("Rectification begins (leads transferred first)"))
    @action(detail=True, methods=["post"], url_path="begin-rectification")
    def begin_rectification(self, request, pk=None):
        return self.act(by_name("assignment", services.assignment_begin_rectification))
