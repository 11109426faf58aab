"""The person's own reminders, the unread count, and their reminder preferences."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters.reminders import ReminderFilter
from api.pagination import CursorPages
from api.serializers.reminders import (
    ReadAllSerializer,
    ReminderPreferenceSerializer,
    ReminderSerializer,
    UnreadCountSerializer,
)
from api.views.base import ReadOnlyScopedViewSet
from reminders import selectors, services


@extend_schema_view(
    list=extend_schema(
        summary=_("My reminders, newest first"),
        description=_("Kinds you muted are left out, as in the notification centre."),
    ),
    retrieve=extend_schema(summary=_("One of my reminders")),
)
@extend_schema(tags=["reminders"])
class ReminderViewSet(ReadOnlyScopedViewSet):
    serializer_class = ReminderSerializer
    pagination_class = CursorPages
    # The cursor fixes the order (newest first) and there is no text worth searching, so only
    # the filters apply.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReminderFilter

    def visible(self, user):
        return selectors.reminders_of(user)

    @extend_schema(
        request=None,
        summary=_("Mark a reminder read"),
        description=_("What opening it in the notification centre does, without the redirect."),
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        return self.act(lambda reminder, by: services.reminder_open(user=by, pk=reminder.pk))

    @extend_schema(
        request=None, responses=ReadAllSerializer, summary=_("Mark all my reminders read")
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.reminders_mark_all_read(user=request.user)
        return Response(ReadAllSerializer({"marked": marked}).data)

    @extend_schema(
        responses=UnreadCountSerializer, summary=_("How many of my reminders are unread")
    )
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        body = {"unread": selectors.unread_count(request.user)}
        return Response(UnreadCountSerializer(body).data)


def _preferences(user):
    return {
        "email": selectors.preference_of(user).email,
        "muted_kinds": selectors.muted_kinds_of(user),
    }


@extend_schema(tags=["reminders"], responses=ReminderPreferenceSerializer)
class ReminderPreferenceView(APIView):
    """Whether I get the daily email digest, and the kinds of reminder I muted."""

    @extend_schema(summary=_("My reminder preferences"))
    def get(self, request):
        return Response(ReminderPreferenceSerializer(_preferences(request.user)).data)

    @extend_schema(request=ReminderPreferenceSerializer, summary=_("Set my reminder preferences"))
    def put(self, request):
        return self._update(request, partial=False)

    @extend_schema(
        request=ReminderPreferenceSerializer,
        summary=_("Change some of my reminder preferences"),
        description=_("What is not sent stays as it was."),
    )
    def patch(self, request):
        return self._update(request, partial=True)

    def _update(self, request, *, partial):
        given = ReminderPreferenceSerializer(data=request.data, partial=partial)
        given.is_valid(raise_exception=True)
        wanted = {**_preferences(request.user), **given.validated_data}
        services.preference_update(user=request.user, **wanted)
        return Response(ReminderPreferenceSerializer(_preferences(request.user)).data)
