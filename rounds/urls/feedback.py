"""Suggestions, feedback to the inspected unit, and the feedback document."""

from django.urls import path

from rounds.views import feedback

urlpatterns = [
    path(
        "assignments/<int:pk>/suggestions/new/",
        feedback.suggestion_create,
        name="suggestion_create",
    ),
    path("assignments/<int:pk>/feedback/new/", feedback.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", feedback.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/document/", feedback.feedback_document, name="feedback_document"),
    path(
        "feedback/<int:pk>/document/generate/",
        feedback.feedback_document_generate,
        name="feedback_document_generate",
    ),
]
