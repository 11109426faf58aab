import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xunshi.settings")

application = get_wsgi_application()
# Read now, so that a missing key stops start-up rather than the first request.
settings.SECRET_KEY  # noqa: B018
