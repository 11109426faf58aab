from django.urls import path

from coverage.views import reports

urlpatterns = [
    path("coverage/report.pdf", reports.term_report, name="term_report"),
    path("coverage/rollup/report.pdf", reports.rollup_report, name="rollup_report"),
]
