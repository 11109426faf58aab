"""Leads: registered by the team, transferred by the office, settled by the receiving body.

Registering from a finding is `assignments/<id>/leads/new/?finding=<id>`: a path under
`findings/<id>/` would be taken by the findings' `<str:action>` pattern (rounds/urls/work.py).
"""

from django.urls import path

from rounds.views import leads

urlpatterns = [
    path("leads/", leads.lead_list, name="leads"),
    path("leads/<int:pk>/", leads.lead_detail, name="lead"),
    path("leads/<int:pk>/transfer/", leads.lead_transfer, name="lead_transfer"),
    path("leads/<int:pk>/outcome/", leads.lead_outcome, name="lead_outcome"),
    path("assignments/<int:pk>/leads/new/", leads.lead_create, name="lead_create"),
]
