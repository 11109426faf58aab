"""Rectification rates for the office's staff and leadership group."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from rectification.figures import GROUPINGS, rectification_figures

TABS = {
    "target": _("By target"),
    "round": _("By round"),
    "category": _("By category"),
    "office": _("By office"),
}


@login_required
@require_safe
def figures(request):
    by = request.GET.get("by")
    if by not in GROUPINGS:
        by = GROUPINGS[0]
    found = rectification_figures(request.user, by=by, today=timezone.localdate())
    if found is None:
        raise Http404
    return render(request, "rectification/figures.html", {"figures": found, "tabs": TABS.items()})
