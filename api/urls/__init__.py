from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views.base import not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include("api.urls.auth")),
    path("v1/", include("api.urls.organisations")),
    path("v1/", include("api.urls.planning")),
    path("v1/", include("api.urls.work")),
    path("v1/", include("api.urls.rectification")),
    path("v1/", include("api.urls.reminders")),
    path("v1/", include("api.urls.figures")),
    path("v1/", include("api.urls.linkage")),
    # Anything else under /api/ is a JSON 404, like an object out of scope.
    re_path(r"^", not_found),
]
