import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")

application = get_asgi_application()
# Read now, so that a missing key stops start-up rather than the first request.
settings.SECRET_KEY  # noqa: B018
