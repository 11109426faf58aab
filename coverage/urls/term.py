from django.urls import path

from coverage.views import term

urlpatterns = [
    path("coverage/", term.term_coverage, name="term"),
    path("coverage/uncovered.xlsx", term.uncovered_export, name="uncovered_export"),
]
