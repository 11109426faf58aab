"""Checks on rectification (整改督查): the unit's reports, the five-party filings, the evaluation
by several parties, and the look-back candidates (回头看) for planning the next round.

The services decide every rule. A page finds the assignment in the person's scope (404 outside
it; 403 to someone who sees the page but may not act), offers only the actions the person may
take, and shows a refusal as a form error with status 400.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.forms import CommentForm
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success
from organisations.selectors import is_office_staff
from rectification import services
from rectification.checks_forms import EvaluationForm, FilingForm, ReportForm
from rectification.clocks import policy_for
from rectification.lookback import lookback_candidates, office_looking_back
from rectification.models import PLAN_IN_FORCE, Evaluation, Filing, RectificationReport
from rectification.selectors import (
    evaluation_result,
    evaluations_visible_to,
    filings_visible_to,
    may_write_plan,
    plans_visible_to,
    reports_visible_to,
)
from rounds.feedback_selectors import assignments_of_office_staff
from rounds.models import Assignment
from rounds.selectors import assignment_list, inspection_access

Phase = Assignment.Phase
PANEL_CANDIDATES = 5


# Scope -----------------------------------------------------------------------------------


def _writer_assignment(user, pk):
    """The unit's liaison, or the office on its behalf, writes the reports."""
    assignment = get_object_or_404(assignment_list(user), pk=pk)
    if not may_write_plan(user, assignment):
        raise Http404
    return assignment


def _inspection_assignment(user, pk):
    """The evaluation is the office's and the inspection side's; the unit never sees it."""
    return get_object_or_404(
        assignment_list(user).filter(inspection_access(user)).select_related("round__office"),
        pk=pk,
    )


def _evaluator_assignment(user, pk):
    assignment = _inspection_assignment(user, pk)
    if not is_office_staff(user, assignment.round.office):
        raise PermissionDenied
    return assignment


def _sees_evaluation(user, assignment):
    return assignment_list(user).filter(inspection_access(user), pk=assignment.pk).exists()


# The panel on the assignment's rectification page ------------------------------------------


def _filing_grid(user, assignment):
    """One row per document, one cell per party: the filing, or None while not yet filed."""
    filed = {
        (filing.document, filing.party): filing
        for filing in filings_visible_to(user).filter(assignment=assignment)
    }
    return [
        {"label": label, "cells": [filed.get((document, party)) for party in Filing.Party]}
        for document, label in Filing.Document.choices
    ]


def panel_context(user, assignment):
    """What the assignment's rectification page shows of the checks (see checks/panel.html)."""
    reports = {
        report.kind: report for report in reports_visible_to(user).filter(assignment=assignment)
    }
    plan = plans_visible_to(user).filter(assignment=assignment).first()
    evaluation = None
    if _sees_evaluation(user, assignment):
        evaluations = evaluations_visible_to(user).filter(assignment=assignment)
        evaluation = evaluation_result(assignment, evaluations)
    return {
        "checks": {
            "reports": [
                {"kind": kind, "label": label, "report": reports.get(kind)}
                for kind, label in RectificationReport.Kind.choices
            ],
            "may_report": (
                may_write_plan(user, assignment)
                and plan is not None
                and plan.status in PLAN_IN_FORCE
                and assignment.phase != Phase.CLOSED
            ),
            "parties": Filing.Party.labels,
            "filing_grid": _filing_grid(user, assignment),
            "may_file": is_office_staff(user, assignment.round.office),
            "evaluation": evaluation,
        }
    }


# Reports ---------------------------------------------------------------------------------


@login_required
def report_file(request, pk, kind):
    """整改报告: the unit files its report, or its top official's; filing again revises it."""
    assignment = _writer_assignment(request.user, pk)
    if kind not in RectificationReport.Kind.values:
        raise Http404
    existing = reports_visible_to(request.user).filter(assignment=assignment, kind=kind).first()
    if request.method != "POST":
        initial = {"submission": new_token()}
        if existing is not None:
            initial |= {
                "text": existing.text,
                "author_name": existing.author_name,
                "signed_on": existing.signed_on,
            }
        return _report_page(request, assignment, kind, ReportForm(initial=initial), existing)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A refused signed copy must not stay on disk with nothing pointing at it.
            with files_kept_only_on_success():
                created_once(
                    token=data["submission"],
                    user=request.user,
                    create=lambda: services.report_file(
                        assignment=assignment,
                        by=request.user,
                        kind=kind,
                        text=data["text"],
                        author_name=data["author_name"],
                        signed_on=data["signed_on"],
                        file=data["file"],
                    ),
                )
        except DomainError as error:
            form.add_error("file" if error.code == "upload" else None, error.message)
        else:
            messages.success(
                request,
                _("The report was revised.") if existing else _("The report was filed."),
            )
            return redirect("rectification:assignment", pk=assignment.pk)
    return _report_page(request, assignment, kind, form, existing, status=400)


def _report_page(request, assignment, kind, form, existing, status=200):
    context = {
        "assignment": assignment,
        "kind_label": RectificationReport.Kind(kind).label,
        "form": form,
        "existing": existing,
    }
    return render(request, "rectification/checks/report_form.html", context, status=status)


@login_required
@require_safe
def report_download(request, pk):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    if not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=os.path.basename(report.file.name),
        content_type=report.file_content_type or None,
    )


# Filings ---------------------------------------------------------------------------------


@login_required
def filing_create(request, pk):
    """备案: the office records the plan or report filed with one or more parties at once."""
    assignment = get_object_or_404(assignments_of_office_staff(request.user), pk=pk)
    if request.method != "POST":
        form = FilingForm(initial={"submission": new_token()})
        return _filing_page(request, assignment, form)
    form = FilingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def record_all():
            # All or none: created_once runs this in one transaction, so a party refused
            # (already recorded, say) leaves the others unrecorded, and the message names it.
            filings = [
                services.filing_record(
                    assignment=assignment,
                    by=request.user,
                    document=data["document"],
                    party=party,
                    filed_on=data["filed_on"],
                    reference=data["reference"],
                )
                for party in data["parties"]
            ]
            return filings[0]

        try:
            _first, created = created_once(
                token=data["submission"], user=request.user, create=record_all
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                count = len(data["parties"])
                messages.success(
                    request,
                    ngettext("%(count)d filing recorded.", "%(count)d filings recorded.", count)
                    % {"count": count},
                )
            return redirect("rectification:assignment", pk=assignment.pk)
    return _filing_page(request, assignment, form, status=400)


def _filing_page(request, assignment, form, status=200):
    context = {
        "assignment": assignment,
        "form": form,
        "parties": Filing.Party.labels,
        "filing_grid": _filing_grid(request.user, assignment),
    }
    return render(request, "rectification/checks/filing_form.html", context, status=status)


# Evaluation ------------------------------------------------------------------------------


@login_required
def evaluation(request, pk):
    """The parties' ratings on the 100-point scheme and the overall result; the office records
    them, the leadership group and the inspection side read them."""
    if request.method != "POST":
        assignment = _inspection_assignment(request.user, pk)
        return _evaluation_page(request, assignment)
    assignment = _evaluator_assignment(request.user, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        grade = data["grade"] or policy_for(assignment.round.office).grade_for(data["score"])
        try:
            created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.evaluation_record(
                    assignment=assignment,
                    by=request.user,
                    party=data["party"],
                    score=data["score"],
                    grade=grade,
                    comment=data["comment"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The evaluation was recorded."))
            return redirect("rectification:evaluation", pk=assignment.pk)
    return _evaluation_page(request, assignment, form=form, status=400)


@login_required
@require_POST
def evaluation_begin(request, pk):
    assignment = _evaluator_assignment(request.user, pk)
    # A second press of the button finds the evaluation begun and changes nothing.
    if assignment.phase != Phase.EVALUATION:
        try:
            services.assignment_begin_evaluation(assignment=assignment, by=request.user)
        except DomainError as error:
            return _evaluation_page(request, assignment, action_error=error.message, status=400)
        messages.success(request, _("The evaluation has begun."))
    return redirect("rectification:evaluation", pk=assignment.pk)


@login_required
@require_POST
def assignment_close(request, pk):
    assignment = _evaluator_assignment(request.user, pk)
    if assignment.phase == Phase.CLOSED:
        return redirect("rectification:evaluation", pk=assignment.pk)
    close_form = CommentForm(request.POST)
    if close_form.is_valid():
        try:
            services.assignment_close(
                assignment=assignment, by=request.user, comment=close_form.cleaned_data["comment"]
            )
        except DomainError as error:
            close_form.add_error(None, error.message)
        else:
            messages.success(request, _("The assignment is closed."))
            return redirect("rectification:evaluation", pk=assignment.pk)
    return _evaluation_page(request, assignment, close_form=close_form, status=400)


def _evaluation_page(
    request, assignment, *, form=None, close_form=None, action_error=None, status=200
):
    user = request.user
    policy = policy_for(assignment.round.office)
    evaluations = list(
        evaluations_visible_to(user).filter(assignment=assignment).select_related("by__profile")
    )
    by_party = {evaluation.party: evaluation for evaluation in evaluations}
    open_parties = [party for party in Evaluation.Party if party not in by_party]
    may_evaluate = is_office_staff(user, assignment.round.office)
    in_evaluation = assignment.phase == Phase.EVALUATION
    if form is None:
        form = EvaluationForm(initial={"submission": new_token()})
    form.offer(open_parties)
    context = {
        "assignment": assignment,
        "policy": policy,
        "parties": [
            {
                "label": party.label,
                "weight": policy.weight_of(party),
                "evaluation": by_party.get(party),
            }
            for party in Evaluation.Party
        ],
        "result": evaluation_result(assignment, evaluations),
        "may_begin": may_evaluate and assignment.phase == Phase.RECTIFICATION,
        "may_record": may_evaluate and in_evaluation and bool(open_parties),
        "may_close": may_evaluate and in_evaluation,
        "form": form,
        "close_form": close_form or CommentForm(),
        "action_error": action_error,
    }
    return render(request, "rectification/checks/evaluation.html", context, status=status)


# Look-back candidates --------------------------------------------------------------------


def _lookback_context(request):
    office = office_looking_back(request.user)
    if office is None:
        raise Http404
    return {
        "office": office,
        "policy": policy_for(office),
        "candidates": lookback_candidates(request.user, office, timezone.localdate()),
    }


@login_required
@require_safe
def lookback(request):
    """回头看: the office's targets whose rectification was weak, with the reasons."""
    return render(request, "rectification/checks/lookback.html", _lookback_context(request))


@login_required
@require_safe
def lookback_panel(request):
    """The first few candidates, loaded into the round's planning page."""
    context = _lookback_context(request)
    candidates = context["candidates"]
    context.update(count=candidates.count(), candidates=candidates[:PANEL_CANDIDATES])
    return render(request, "rectification/checks/lookback_panel.html", context)
