from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.selectors import STEP_ENROL, STEP_NONE, STEP_VERIFY, second_factor_step
from accounts.signals import SECOND_FACTOR_SESSION_KEY
from core.middleware import API_PATH

# Pages a person may open between the password and the second factor.
ALWAYS_OPEN = ("logout", "set_language", "healthz")
OPEN_AT_STEP = {STEP_VERIFY: "accounts:verify", STEP_ENROL: "accounts:two_factor"}


class SecondFactorMiddleware:
    """Keep a logged-in person who still owes a second factor on the page that takes it.

    The password alone logs a person in (so the admin login is covered too); until the code is
    given, or the device enrolled, every other page redirects here. Goes after OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            step = request.session.get(SECOND_FACTOR_SESSION_KEY)
            if step is None:  # a session opened before this check existed
                step = second_factor_step(user)
                request.session[SECOND_FACTOR_SESSION_KEY] = step
            if step != STEP_NONE and not self._open(request.path_info, step):
                if request.path_info.startswith(API_PATH):
                    return JsonResponse(
                        {
                            "detail": _("Give your second factor in the browser first."),
                            "code": "second_factor_required",
                        },
                        status=403,
                    )
                return redirect_to_login(request.get_full_path(), reverse(OPEN_AT_STEP[step]))
        return self.get_response(request)

    @staticmethod
    def _open(path, step):
        names = (*ALWAYS_OPEN, OPEN_AT_STEP[step])
        return path in {reverse(name) for name in names}
