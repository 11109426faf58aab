from django.urls import path

from coverage.views import rollup

urlpatterns = [
    path("coverage/rollup/", rollup.rollup_page, name="rollup"),
    path("coverage/rollup/refresh/", rollup.rollup_refresh, name="rollup_refresh"),
    path("coverage/rollup.xlsx", rollup.rollup_export, name="rollup_export"),
]
