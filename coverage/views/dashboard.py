"""The leadership dashboard: the office's key figures for a term, with the charts."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from coverage.dashboard import office_dashboard
from coverage.views.term import _chosen


@login_required
@require_safe
def dashboard(request):
    # The coverage page's choice of term, and its 404 for anyone who does not read an office.
    terms, term, _below = _chosen(request)
    context = {"terms": terms, "term": term}
    if term is not None:
        context["dashboard"] = office_dashboard(request.user, term, today=timezone.localdate())
        if context["dashboard"] is None:
            raise Http404
    return render(request, "coverage/dashboard.html", context)
