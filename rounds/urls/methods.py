"""The on-site method log."""

from django.urls import path

from rounds.views import methods

urlpatterns = [
    path("assignments/<int:pk>/methods/", methods.method_log, name="method_log"),
]
