"""django-axes hooks: which address a login comes from, and the lock-out page."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.middleware import API_PATH


def client_ip(request):
    """The address used for lock-outs.

    Behind the TLS proxy (BEHIND_TLS_PROXY) every request comes from the proxy, so the address
    the proxy appended last to X-Forwarded-For is used: the one part of the header a client
    cannot forge. Otherwise the socket's address.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a username+address is locked out.

    The failure that led here was recorded just now and a further try restarts the cool-off,
    so the lock ends one cool-off after this request.
    """
    cool_off = get_cool_off(request)
    attempted_at = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "retry_at": timezone.localtime(attempted_at + cool_off),
        "minutes": int(cool_off.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    if request.path_info.startswith(API_PATH):
        detail = _("Too many failed attempts. Try again after %(time)s.") % {
            "time": context["retry_at"].strftime("%H:%M")
        }
        return JsonResponse(
            {"detail": detail, "code": "locked_out"}, status=settings.AXES_HTTP_RESPONSE_CODE
        )
    return render(
        request,
        "accounts/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
