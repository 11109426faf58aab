"""Leads: registered by the team, transferred by the office, settled by the receiving body."""

from django.urls import path

from rounds.views import leads

urlpatterns = [
    path("leads/", leads.lead_list, name="leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead"),
]
