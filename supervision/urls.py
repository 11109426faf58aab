from django.urls import path

from supervision import views

app_name = "supervision"

urlpatterns = [
    path("supervision/visits/", views.visit_list, name="list"),
    path("supervision/visits/new/", views.visit_create, name="create"),
    path("supervision/visits/<int:pk>/", views.visit_detail, name="detail"),
    path("supervision/visits/<int:pk>/edit/", views.visit_edit, name="edit"),
    path("supervision/visits/<int:pk>/document/", views.visit_document, name="document"),
    path("supervision/visits/<int:pk>/findings/", views.finding_add, name="finding_add"),
    path("supervision/findings/<int:pk>/follow-up/", views.followup_report, name="followup_report"),
    path("supervision/findings/<int:pk>/close/", views.finding_close, name="finding_close"),
    path("supervision/findings/<int:pk>/return/", views.finding_return, name="finding_return"),
    path(
        "supervision/follow-ups/<int:pk>/attachment/",
        views.followup_attachment,
        name="attachment",
    ),
]
