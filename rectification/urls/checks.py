"""Checks on rectification: reports, filings, evaluation, look-back candidates."""

from django.urls import path

from rectification.views import checks

urlpatterns = [
    path(
        "rectification/assignments/<int:pk>/reports/<str:kind>/",
        checks.report_file,
        name="report_file",
    ),
    path("rectification/reports/<int:pk>/file/", checks.report_download, name="report_download"),
    path(
        "rectification/assignments/<int:pk>/filings/new/",
        checks.filing_create,
        name="filing_create",
    ),
    path("rectification/assignments/<int:pk>/evaluation/", checks.evaluation, name="evaluation"),
    path(
        "rectification/assignments/<int:pk>/evaluation/begin/",
        checks.evaluation_begin,
        name="evaluation_begin",
    ),
    path(
        "rectification/assignments/<int:pk>/close/",
        checks.assignment_close,
        name="assignment_close",
    ),
    path("rectification/lookback/", checks.lookback, name="lookback"),
    path("rectification/lookback/panel/", checks.lookback_panel, name="lookback_panel"),
]
