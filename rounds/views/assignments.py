from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.pages import filtered_page
from core.selectors import timeline
from organisations.selectors import is_office_staff
from rounds import feedback_selectors as reads
from rounds import selectors, services
from rounds.filters import AssignmentFilter

PHASE_STEPS = {
    "on_site": services.assignment_begin_on_site,
    "reporting": services.assignment_begin_reporting,
    "rectification": services.assignment_begin_rectification,
}


@login_required
@require_safe
def assignment_list(request):
    context = filtered_page(request, AssignmentFilter, selectors.assignment_list(request.user))
    return render(request, "rounds/assignment_list.html", context)


@login_required
@require_safe
def assignment_detail(request, pk):
    user = request.user
    assignment = get_object_or_404(selectors.assignment_list(user), pk=pk)
    office_staff = is_office_staff(user, assignment.round.office)
    role = selectors.team_role(user, assignment.team)
    on_the_case = office_staff or role is not None
    context = {
        "assignment": assignment,
        "findings": selectors.finding_list(user).filter(assignment=assignment),
        "may_file": selectors.assignments_open_for_filing(user).filter(pk=pk).exists(),
        "next_steps": list(PHASE_STEPS) if office_staff else [],
        "events": timeline(assignment) if office_staff else [],
        "overrides": selectors.recusal_overrides_of(user, assignment),
        "inspection_side": selectors.assignment_list(user)
        .filter(selectors.inspection_access(user), pk=pk)
        .exists(),
        "feedback": selectors.feedback_visible_to(user).filter(assignment=assignment).first(),
        "show_suggestions": on_the_case,
        "suggestions": selectors.suggestions_visible_to(user)
        .filter(assignment=assignment)
        .order_by("created_at")
        if on_the_case
        else [],
        "may_suggest": reads.assignments_open_for_suggestions(user).filter(pk=pk).exists(),
        "may_issue_feedback": office_staff and assignment.phase == assignment.Phase.REPORTING,
        "may_register_lead": reads.assignments_open_for_leads(user).filter(pk=pk).exists(),
    }
    return render(request, "rounds/assignment_detail.html", context)


@login_required
@require_POST
def assignment_step(request, pk, step):
    if step not in PHASE_STEPS:
        raise Http404
    assignment = get_object_or_404(selectors.assignment_list(request.user), pk=pk)
    try:
        PHASE_STEPS[step](assignment=assignment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The assignment moved to the next phase."))
    return redirect("rounds:assignment", pk=assignment.pk)
