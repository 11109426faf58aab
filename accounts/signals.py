from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.selectors import second_factor_step

SECOND_FACTOR_SESSION_KEY = "accounts_second_factor"


@receiver(user_logged_in)
def remember_second_factor_step(sender, request, user, **kwargs):
    """Decide once, at login, what the person must do after the password.

    Stored in the session so that the middleware costs no query on later requests.
    """
    request.session[SECOND_FACTOR_SESSION_KEY] = second_factor_step(user)
