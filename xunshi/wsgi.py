import gc
import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")

application = get_wsgi_application()
# Read now, so that a missing key stops start-up rather than the first request.
settings.SECRET_KEY  # noqa: B018
# What start-up loads (Django, the apps, every view through the URLconf) lives as long as the
# process. Frozen, it is left out of the collector's full passes, which otherwise walk all of it
# in the middle of some request: they made a province's coverage page p95 a fifth slower.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
