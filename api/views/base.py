"""What every resource of the API shares.

A resource names the selector that scopes it (`visible`); nothing is read any other way, so an
object out of the person's scope is a 404 exactly as on the pages. Transitions are POST actions
on the object that validate their input with a small serializer and call the same service as the
page; the service decides (api.errors turns its refusal into 400, 403 or 409).
"""

import json
import mimetypes

from django.db import transaction
from django.http import FileResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.response import Response


@csrf_exempt  # refuses everything; a CSRF page would answer a wrong path in HTML
def not_found(request, *args, **kwargs):
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)


class ScopedViewSet(viewsets.GenericViewSet):
    """Subclasses define `visible(self, user)`: the queryset this person may see."""

    # Ids are numbers; anything else in their place matches no route (a 404).
    lookup_value_regex = "[0-9]+"

    def visible(self, user):
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return self.get_serializer_class().Meta.model.objects.none()
        return self.visible(self.request.user)

    def validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def fresh(self, instance):
        """The object re-read through the scope, so the response shows what the person sees."""
        return self.get_queryset().get(pk=instance.pk)

    def respond(self, instance, status=200):
        return Response(self.get_serializer(self.fresh(instance)).data, status=status)

    def act(self, service, input_serializer=None, **arguments):
        """Run a transition on this object: `service(instance, by=…, **input)`."""
        instance = self.get_object()
        data = self.validated(input_serializer) if input_serializer else {}
        with transaction.atomic():
            result = service(instance, by=self.request.user, **data, **arguments)
        return self.respond(result if result is not None else instance)


def by_name(name, service):
    """For `act`, which hands the object over first: the services take it by name."""
    return lambda instance, **given: service(**{name: instance}, **given)


class CreateWithService(mixins.CreateModelMixin):
    """`create` hands the validated fields to `self.create_with(data, by)` (a service call)."""

    def perform_create(self, serializer):
        serializer.instance = self.create_with(dict(serializer.validated_data), self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.respond(serializer.instance, status=status.HTTP_201_CREATED)


class ReadOnlyScopedViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    pass


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to an object the person may see; any other id reads as not existing.

    `scope` is a selector taking the user: the same one the object's own endpoint uses.
    """

    def __init__(self, scope, **kwargs):
        self.scope = scope
        kwargs.setdefault("pk_field", serializers.IntegerField())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["request"].user)


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReasonInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000)


class AnyFileRenderer(renderers.BaseRenderer):
    """Lets a download accept a client that asks for the file's own type (Accept:
    application/pdf, say): the file goes out as it is stored, and only an error is rendered
    here, as JSON (api.errors labels it so)."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, ensure_ascii=False).encode()


# For `@action(..., renderer_classes=DOWNLOAD)` on the endpoints that send a stored file.
DOWNLOAD = [renderers.JSONRenderer, AnyFileRenderer]
FILE = {(200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))}
PDF = {(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))}


def file_response(field_file, *, name, content_type=None, inline=False):
    """A stored file, under its own name and type."""
    return FileResponse(
        field_file.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=content_type or mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
