from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xunshi import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("", include("rounds.urls")),
    path("", include("rectification.urls")),
    path("", include("reminders.urls")),
    path("", include("coverage.urls")),
    path("", include("linkage.urls")),
    path("", include("supervision.urls")),
    path("", include("organisations.urls")),
    path("", views.home, name="home"),
]
