from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Where the REST API lives: its answers are JSON, its clients may have no language cookie.
API_PATH = "/api/"


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the person chose another language in the page header.

    Django's LocaleMiddleware would follow the browser's Accept-Language; an office's
    intranet machines vary, and the platform must read the same on each of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in self.available and request.path_info.startswith(API_PATH):
            # Integrations have no cookie; they say which language they read.
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response
