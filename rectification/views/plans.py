"""The rectification plan: the list of assignments with feedback, the hub of one assignment, and
the plan's opening, sign-off and the office's decision.

The unit's liaison writes the plan (the office may do it on its behalf); the office's staff
accept or return it. Whoever does not see the assignment gets a 404; whoever sees it but may
not take an action is not offered it, and gets a 403 if they post it anyway.
"""

import functools
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.forms import CommentForm
from core.pages import filtered_page
from core.selectors import timeline
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success, remember_stored
from organisations.selectors import is_office_staff, viewer_of
from rectification import selectors as reads
from rectification import services
from rectification.clocks import plan_clocks
from rectification.forms import PlanFilter, PlanSubmitForm
from rectification.models import PLAN_EDITABLE
from rectification.views.checks import panel_context
from rounds.feedback_selectors import fed_back_suggestions, sees_only_as_unit

PlanStatus = reads.PlanStatus


@login_required
@require_safe
def plan_list(request):
    today = timezone.localdate()
    rows = reads.rectification_assignments(request.user, today)
    context = filtered_page(request, PlanFilter, rows)
    clocks = functools.cache(plan_clocks)
    for assignment in context["page_obj"]:
        assignment.plan = reads.plan_of(assignment)
        assignment.deadlines = reads.plan_deadlines(
            assignment, today=today, report_filed=assignment.report_filed, clocks=clocks
        )
    context["shows_filters"] = viewer_of(request.user).reads_office
    return render(request, "rectification/plans/list.html", context)


def _assignment(user, pk):
    return get_object_or_404(reads.rectification_assignments(user, timezone.localdate()), pk=pk)


def _plan(user, pk):
    return get_object_or_404(
        reads.plans_visible_to(user).select_related("assignment__round__office"), pk=pk
    )


def _next_step(plan, findings, *, office_staff):
    """What the person should do now, in one word for the template."""
    if office_staff and plan is not None and plan.status == PlanStatus.SUBMITTED:
        return "decide"
    if plan is None:
        return "open"
    if plan.status in PLAN_EDITABLE:
        return "submit" if all(f.has_measure for f in findings) else "measures"
    if plan.status == PlanStatus.SUBMITTED:
        return "wait"
    return "report"


def _hub(request, assignment, *, decision_form=None, error="", status=200):
    user = request.user
    today = timezone.localdate()
    plan = reads.plan_of(assignment)
    as_unit = sees_only_as_unit(user, assignment)
    may_write = reads.may_write_plan(user, assignment)
    office_staff = is_office_staff(user, assignment.round.office)
    findings = reads.plan_findings(user, assignment, plan, today)
    writable = plan is not None and plan.status in PLAN_EDITABLE
    context = {
        "assignment": assignment,
        "plan": plan,
        "deadlines": reads.plan_deadlines(
            assignment, today=today, report_filed=assignment.report_filed
        ),
        "findings": findings,
        "uncovered": [finding for finding in findings if not finding.has_measure],
        "suggestions": fed_back_suggestions(user, assignment.feedback),
        "as_unit": as_unit,
        "return_comment": reads.return_comment(plan)
        if plan is not None and plan.status == PlanStatus.RETURNED
        else "",
        # The unit reads the office's comments but not who wrote them (see _history.html).
        "events": timeline(plan) if plan is not None else [],
        "may_open": may_write and plan is None,
        "may_edit": may_write and writable,
        "may_decide": office_staff and plan is not None and plan.status == PlanStatus.SUBMITTED,
        "next_step": _next_step(plan, findings, office_staff=office_staff) if may_write else "",
        "decision_form": decision_form or CommentForm(),
        "error": error,
    }
    context.update(panel_context(user, assignment))
    return render(request, "rectification/plans/assignment.html", context, status=status)


@login_required
@require_safe
def assignment_hub(request, pk):
    return _hub(request, _assignment(request.user, pk))


@login_required
@require_POST
def plan_open(request, pk):
    assignment = _assignment(request.user, pk)
    if not reads.may_write_plan(request.user, assignment):
        raise PermissionDenied
    try:
        services.plan_open(assignment=assignment, by=request.user)
    except DomainError as error:
        return _hub(request, assignment, error=error.message, status=400)
    messages.success(request, _("The rectification plan is open: add a measure for each finding."))
    return redirect("rectification:assignment", pk=assignment.pk)


@login_required
def plan_submit(request, pk):
    """The top official's sign-off; the plan goes to the office for its decision."""
    user = request.user
    plan = _plan(user, pk)
    assignment = plan.assignment
    if not reads.may_write_plan(user, assignment):
        raise PermissionDenied
    if request.method != "POST":
        if plan.status not in PLAN_EDITABLE:
            messages.info(request, _("The plan has already been submitted."))
            return redirect("rectification:assignment", pk=assignment.pk)
        form = PlanSubmitForm(
            initial={"submission": new_token(), "signed_by_name": assignment.feedback.top_official}
        )
        return _submit_page(request, plan, form)
    form = PlanSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data

        def submit():
            submitted = services.plan_submit(
                plan=plan,
                by=user,
                signed_by_name=data["signed_by_name"],
                signed_at=data["signed_at"],
                signed_scan=data["signed_scan"],
            )
            if data["signed_scan"] is not None:
                remember_stored(submitted.signed_scan)
            return submitted

        try:
            with files_kept_only_on_success():
                _plan_submitted, created = created_once(
                    token=data["submission"], user=user, create=submit
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, _("The plan was submitted to the office."))
            return redirect("rectification:assignment", pk=assignment.pk)
    return _submit_page(request, plan, form, status=400)


def _submit_page(request, plan, form, status=200):
    findings = reads.plan_findings(request.user, plan.assignment, plan, timezone.localdate())
    context = {
        "plan": plan,
        "assignment": plan.assignment,
        "form": form,
        "uncovered": [finding for finding in findings if not finding.has_measure],
    }
    return render(request, "rectification/plans/submit.html", context, status=status)


@login_required
@require_safe
def plan_scan(request, pk):
    plan = _plan(request.user, pk)
    if not plan.signed_scan:
        raise Http404
    name = PurePath(plan.signed_scan.name).name
    return FileResponse(
        plan.signed_scan.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )


def _decide(request, pk, service, done):
    plan = _plan(request.user, pk)
    if not is_office_staff(request.user, plan.assignment.round.office):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            service(plan=plan, by=request.user, comment=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("rectification:assignment", pk=plan.assignment_id)
    assignment = _assignment(request.user, plan.assignment_id)
    return _hub(request, assignment, decision_form=form, status=400)


@login_required
@require_POST
def plan_accept(request, pk):
    return _decide(request, pk, services.plan_accept, _("The plan was accepted."))


@login_required
@require_POST
def plan_return(request, pk):
    return _decide(request, pk, services.plan_return, _("The plan was returned to the unit."))
