from base64 import b32encode

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services
from accounts.forms import TokenForm
from accounts.lockout import client_ip
from accounts.signals import SECOND_FACTOR_SESSION_KEY


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _record_wrong_code(request):
    """Count a wrong code as a failed login, so axes locks out code guessing like passwords.

    When that reaches the limit the person is logged out and AxesMiddleware answers with the
    lock-out page.
    """
    user_login_failed.send(
        sender=__name__,
        credentials={"username": request.user.get_username()},
        request=request,
    )
    if getattr(request, "axes_locked_out", False):
        logout(request)


@never_cache
@login_required
def verify(request):
    """The step after the password for a person with a confirmed device."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    step = selectors.second_factor_step(request.user)
    if step != selectors.STEP_VERIFY:
        # The device was removed meanwhile: this session owes something else now.
        request.session[SECOND_FACTOR_SESSION_KEY] = step
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()  # a new session id for the fully logged-in session
            otp_login(request, device)
            # Like a successful password login: earlier wrong codes no longer count.
            axes_reset(ip=client_ip(request), username=request.user.get_username())
            return redirect(_next_url(request))
        form.add_error("token", _("This code is wrong or has expired."))
        _record_wrong_code(request)
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def two_factor(request):
    """Enrol an authenticator app, or see the second factor one has and remove it."""
    user = request.user
    if selectors.confirmed_totp_device(user) is not None:
        return render(
            request,
            "accounts/two_factor.html",
            {
                "form": TokenForm(),
                "recovery_codes_left": selectors.recovery_codes_left(user),
            },
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, codes = services.totp_enrolment_confirm(user=user, token=form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            request.session[SECOND_FACTOR_SESSION_KEY] = selectors.STEP_VERIFY
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("This code is wrong or has expired."))
    device = services.totp_device_for_enrolment(user=user)
    uri = device.config_url
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "uri": uri,
            "qr_svg": _qr_svg(uri),
            "required": selectors.must_use_second_factor(user),
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
@require_POST
def two_factor_remove(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        if services.second_factor_remove(user=request.user, token=form.cleaned_data["token"]):
            request.session[SECOND_FACTOR_SESSION_KEY] = selectors.second_factor_step(request.user)
            messages.success(request, _("The second factor was removed."))
            return redirect("accounts:two_factor")
        form.add_error("token", _("This code is wrong or has expired."))
        _record_wrong_code(request)
        if not request.user.is_authenticated:  # locked out: AxesMiddleware answers
            return redirect(settings.LOGIN_URL)
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "remove_failed": True,
            "recovery_codes_left": selectors.recovery_codes_left(request.user),
        },
        status=400,
    )


def _grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(uri):
    """The enrolment QR code, drawn here as inline SVG: the secret never leaves the server."""
    code = segno.make(uri, error="m")
    svg = code.svg_inline(scale=5, border=2, dark="#000", light="#fff", svgclass="qr")
    # segno writes the markup itself; the URI only ends up inside the encoded path data.
    return mark_safe(svg)
