"""Offices, inspected organisations, receiving bodies and people, as each person may see them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.organisations import OfficeFilter, PersonFilter, TargetFilter
from api.serializers.organisations import (
    MeSerializer,
    OfficeSerializer,
    PersonSerializer,
    ReceivingBodySerializer,
    TargetSerializer,
)
from api.views.base import ReadOnlyScopedViewSet
from organisations.models import Profile
from organisations.selectors import (
    offices_visible_to,
    people_visible_to,
    receiving_bodies_visible_to,
    viewer_of,
)
from rounds.selectors import targets_visible_to


class MeView(APIView):
    @extend_schema(
        tags=["people"],
        summary=_("Who I am and what my standing is"),
        responses=MeSerializer,
    )
    def get(self, request):
        viewer = viewer_of(request.user)
        profile = Profile.objects.filter(user_id=request.user.pk).first()
        body = {
            "id": request.user.pk,
            "username": request.user.get_username(),
            "name": profile.name if profile else None,
            "office": viewer.office_id,
            "is_office_staff": viewer.is_office_staff,
            "is_leadership": viewer.is_leadership,
            "is_liaison": viewer.is_liaison,
            "receiving_body": viewer.receiving_body_id,
        }
        return Response(MeSerializer(body).data)


@extend_schema_view(
    list=extend_schema(summary=_("Offices: yours and those below it")),
    retrieve=extend_schema(summary=_("One office")),
)
@extend_schema(tags=["organisations"])
class OfficeViewSet(ReadOnlyScopedViewSet):
    serializer_class = OfficeSerializer
    filterset_class = OfficeFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "level"]

    def visible(self, user):
        return offices_visible_to(user).order_by("code")


@extend_schema_view(
    list=extend_schema(summary=_("Inspected organisations you may see")),
    retrieve=extend_schema(summary=_("One inspected organisation")),
)
@extend_schema(tags=["organisations"])
class TargetViewSet(ReadOnlyScopedViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    search_fields = ["name", "code"]
    ordering_fields = ["code", "name", "category", "updated_at"]

    def visible(self, user):
        return targets_visible_to(user).select_related("office", "region").order_by("id")


@extend_schema(tags=["organisations"])
class ReceivingBodyViewSet(ReadOnlyScopedViewSet):
    serializer_class = ReceivingBodySerializer
    search_fields = ["name"]

    def visible(self, user):
        return receiving_bodies_visible_to(user).order_by("id")


@extend_schema(tags=["people"])
class PersonViewSet(ReadOnlyScopedViewSet):
    """People of your office (for office readers); everyone else sees only themselves."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ["name", "user__username"]
    ordering_fields = ["name"]
    lookup_field = "user_id"
    lookup_url_kwarg = "id"

    def visible(self, user):
        return people_visible_to(user).select_related("user").order_by("user_id")
