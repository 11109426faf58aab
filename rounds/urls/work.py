"""Assignments, working papers and evidence: the team's daily work."""

from django.urls import path

from rounds.views import assignments, findings

urlpatterns = [
    path("assignments/", assignments.assignment_list, name="assignments"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment"),
    path(
        "assignments/<int:pk>/phase/<str:step>/",
        assignments.assignment_step,
        name="assignment_step",
    ),
    path(
        "assignments/<int:assignment_pk>/findings/new/",
        findings.finding_create,
        name="finding_create",
    ),
    path("findings/", findings.finding_list, name="findings"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding"),
    path("findings/<int:pk>/evidence/", findings.evidence_add, name="evidence_add"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
    path(
        "findings/<int:pk>/<str:action>/",
        findings.finding_act,
        name="finding_act",
    ),
    path("evidence/<int:pk>/", findings.evidence_download, name="evidence"),
]
