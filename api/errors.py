"""One shape for every error the API returns.

    {"detail": "…", "code": "…"}                       401, 403, 404, 405, 409, 429 …
    {"detail": "…", "code": "invalid", "errors": {…}}  400: the fields and what is wrong

A rule of the work that refuses an action (core.errors.DomainError) becomes 409 when it is about
the object's state (a transition its status does not allow, a phase, a duplicate), 403 when the
person's role may not act, and 400 otherwise, with the message under the field it names.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError, NotAllowed, RecusalConflict, TransitionError

# DomainError codes that describe the object's state rather than the input.
CONFLICT_CODES = {
    "invalid_transition",
    "status",
    "phase",
    "closed",
    "duplicate",
    "recusal",
    "document",
    "frozen",
}
NON_FIELD = "non_field_errors"


def api_exception_handler(exc, context):
    response = _error_response(exc, context)
    if response is not None:
        # Also when a download was asked for as its file's type: the error is JSON.
        response.content_type = "application/json"
    return response


def _error_response(exc, context):
    if isinstance(exc, DomainError):
        return _domain_response(exc, context)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_messages(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {NON_FIELD: response.data}
        response.data = {
            "detail": _("Some fields are not valid."),
            "code": "invalid",
            "errors": errors,
        }
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        response.data = {"detail": str(detail), "code": getattr(detail, "code", exc.default_code)}
        if response.status_code == status.HTTP_400_BAD_REQUEST:  # a body that did not parse
            response.data["errors"] = {NON_FIELD: [str(detail)]}
    return response


def _domain_response(error, context):
    body = {"detail": error.message, "code": error.code}
    if isinstance(error, NotAllowed):
        return Response(body, status=status.HTTP_403_FORBIDDEN)
    if isinstance(error, TransitionError) or error.code in CONFLICT_CODES:
        if isinstance(error, RecusalConflict):
            body["conflicts"] = [str(conflict) for conflict in error.conflicts]
        return Response(body, status=status.HTTP_409_CONFLICT)
    request = context.get("request")
    sent = getattr(request, "data", None) or {}
    field = error.code if hasattr(sent, "keys") and error.code in sent else NON_FIELD
    body["errors"] = {field: [error.message]}
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _django_messages(error):
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return {NON_FIELD: list(error.messages)}
