"""The menu each person sees, from what the data says about them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.selectors import viewer_of
from rounds.models import AssignmentGrant, TeamMembership


def _items(user):
    viewer = viewer_of(user)
    roles = set(TeamMembership.objects.filter(user=user).values_list("role", flat=True))
    items = [(_("Today"), "home")]
    if viewer.reads_office:
        # The office's plan: terms, rounds, teams; team members see only their assignments.
        items.append((_("Rounds"), "rounds:rounds"))
    if viewer.reads_office or roles:
        items.append((_("Assignments"), "rounds:assignments"))
        items.append((_("Findings"), "rounds:findings"))
    granted_leads = AssignmentGrant.objects.filter(user=user, permission__codename="view_leads")
    if (
        viewer.is_office_staff
        or TeamMembership.Role.LEADER in roles
        or viewer.receiving_body_id
        or granted_leads.exists()
    ):
        items.append((_("Leads"), "rounds:leads"))
    if viewer.reads_office or roles or viewer.is_liaison:
        items.append((_("Rectification"), "rectification:plans"))
        items.append((_("Ledgers"), "rectification:ledger_items"))
    if viewer.reads_office:
        items.append((_("Figures"), "rectification:figures"))
        items.append((_("Look-back"), "rectification:lookback"))
        items.append((_("Dashboard"), "coverage:dashboard"))
        items.append((_("Coverage"), "coverage:term"))
        items.append((_("Roll-up"), "coverage:rollup"))
        items.append((_("Filings"), "linkage:list"))
        items.append((_("Supervision"), "supervision:list"))
    return items


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    entries = [{"label": label, "url": reverse(name)} for label, name in _items(user)]
    # The entry whose section holds the page: the longest address the path begins with, where
    # the ledgers count as one section.
    matches = [
        entry
        for entry in entries
        if path == entry["url"] or (entry["url"] != "/" and path.startswith(_section(entry["url"])))
    ]
    current = max(matches, key=lambda entry: len(entry["url"]), default=None)
    for entry in entries:
        entry["active"] = entry is current
    return {"menu": entries}


def _section(url):
    return "/ledgers/" if url.startswith("/ledgers/") else url
