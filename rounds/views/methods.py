from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import DomainError
from rounds import selectors
from rounds.methods_forms import MethodLogForm
from rounds.models import Assignment, MethodLogEntry
from rounds.services.methods import ON_SITE_WORK, method_log_add


def _log_context(request, assignment, form):
    entries = selectors.method_log_of(request.user, assignment)
    totals = entries.order_by().values("method").annotate(total=Sum("count"))
    labels = dict(MethodLogEntry.Method.choices)
    return {
        "assignment": assignment,
        "entries": entries,
        "totals": [(labels[row["method"]], row["total"]) for row in totals],
        "form": form,
        "may_add": assignment.phase in ON_SITE_WORK,
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def method_log(request, pk):
    """The team's log of talks, petitions, documents and visits; entries are added in place."""
    assignment = get_object_or_404(
        Assignment.objects.filter(selectors.inspection_access(request.user)).select_related(
            "round__term", "team", "target"
        ),
        pk=pk,
    )
    form = MethodLogForm(request.POST or None)
    in_place = request.headers.get("HX-Request") == "true"
    if request.method == "POST" and form.is_valid():
        try:
            method_log_add(assignment=assignment, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if not in_place:
                return redirect("rounds:method_log", pk=assignment.pk)
            form = MethodLogForm()
    context = _log_context(request, assignment, form)
    if in_place:
        return render(request, "rounds/methods/_log.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "rounds/methods/page.html", context, status=status)
