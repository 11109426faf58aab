"""Suggestions before feedback, the feedback itself, and its document (PDF).

The office issues feedback while the assignment is reporting; the document is made in the same
request once the feedback is saved. If the document cannot be made, the feedback stands (its
date has started the clocks) and the office generates the document again from the feedback page.
"""

from csp.decorators import csp_exempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success
from rounds import documents, services
from rounds import feedback_selectors as reads
from rounds.feedback_forms import FeedbackIssueForm, SuggestionForm
from rounds.models import Assignment


@login_required
def suggestion_create(request, pk):
    """意见建议: the team's leader or deputy, or the office, before feedback."""
    assignment = get_object_or_404(reads.assignments_open_for_suggestions(request.user), pk=pk)
    if request.method != "POST":
        form = SuggestionForm(initial={"submission": new_token()})
        return _suggestion_page(request, assignment, form)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.suggestion_add(
                    assignment=assignment, by=request.user, text=data["text"]
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Suggestion added."))
            return redirect("rounds:assignment", pk=assignment.pk)
    return _suggestion_page(request, assignment, form, status=400)


def _suggestion_page(request, assignment, form, status=200):
    context = {
        "assignment": assignment,
        "form": form,
        "suggestions": reads.suggestions_of(request.user, assignment),
    }
    return render(request, "rounds/feedback/suggestion_form.html", context, status=status)


@login_required
def feedback_create(request, pk):
    """反馈: the office chooses the accepted findings and suggestions and issues them."""
    user = request.user
    assignment = get_object_or_404(reads.assignments_of_office_staff(user), pk=pk)
    offered = {
        "findings": reads.findings_to_feed_back(user, assignment),
        "suggestions": reads.suggestions_to_feed_back(user, assignment),
    }
    if request.method != "POST":
        issued = reads.feedback_list(user).filter(assignment=assignment).first()
        if issued is not None:
            return redirect("rounds:feedback", pk=issued.pk)
        form = FeedbackIssueForm(initial=_initial(assignment), **offered)
        return _feedback_form(request, assignment, form)
    form = FeedbackIssueForm(
        request.POST,
        findings=reads.findings_of(user, assignment),
        suggestions=reads.suggestions_of(user, assignment),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            feedback, created = created_once(
                token=data["submission"],
                user=user,
                create=lambda: services.feedback_issue(
                    assignment=assignment,
                    by=user,
                    delivered_on=data["delivered_on"],
                    recipients=data["recipients"],
                    top_official=data["top_official"],
                    findings=list(data["findings"]),
                    suggestions=list(data["suggestions"]),
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, _("Feedback issued."))
                _generate_document(request, feedback)
            return redirect("rounds:feedback", pk=feedback.pk)
    form.offer(**offered)
    return _feedback_form(request, assignment, form, status=400)


def _initial(assignment):
    return {
        "submission": new_token(),
        "recipients": _("%(target)s leading group") % {"target": assignment.target.name},
    }


def _feedback_form(request, assignment, form, status=200):
    context = {
        "assignment": assignment,
        "form": form,
        "reporting": assignment.phase == Assignment.Phase.REPORTING,
    }
    return render(request, "rounds/feedback/feedback_form.html", context, status=status)


def _generate_document(request, feedback):
    """Make the PDF and keep it with the feedback; say so if it could not be made."""
    try:
        with files_kept_only_on_success():
            services.feedback_document_generate(feedback=feedback, by=request.user)
    except DomainError as error:
        messages.error(
            request,
            _("The feedback document could not be generated: %(reason)s")
            % {"reason": error.message},
        )
        return False
    return True


@login_required
@require_safe
def feedback_detail(request, pk):
    user = request.user
    feedback = get_object_or_404(reads.feedback_list(user), pk=pk)
    context = {
        "feedback": feedback,
        "assignment": feedback.assignment,
        "as_unit": reads.sees_only_as_unit(user, feedback.assignment),
        "findings": reads.fed_back_findings(user, feedback).select_related("category"),
        "suggestions": reads.fed_back_suggestions(user, feedback),
        "may_generate": reads.may_generate_document(user, feedback),
    }
    return render(request, "rounds/feedback/feedback_detail.html", context)


@csp_exempt()
@login_required
@require_safe
def feedback_document(request, pk):
    """The PDF, shown in the browser; for everyone who may see the feedback, the unit included.

    Without the page's Content-Security-Policy: older Chromium-based browsers, common in
    offices, render a PDF through an embedded viewer that `object-src 'none'` and the ban on
    inline style block (crbug.com/271452). The response holds no HTML of ours; nosniff and
    X-Frame-Options still apply.
    """
    feedback = get_object_or_404(reads.feedback_list(request.user), pk=pk)
    if not feedback.document:
        raise Http404
    return FileResponse(
        feedback.document.open("rb"),
        as_attachment=False,
        filename=documents.file_name(feedback),
        content_type="application/pdf",
    )


@login_required
@require_POST
def feedback_document_generate(request, pk):
    """Generate again a document that could not be made when the feedback was issued."""
    feedback = get_object_or_404(reads.feedback_of_office_staff(request.user), pk=pk)
    if feedback.document:
        messages.info(request, _("The feedback document has already been generated."))
    elif _generate_document(request, feedback):
        messages.success(request, _("The feedback document was generated."))
    return redirect("rounds:feedback", pk=feedback.pk)
