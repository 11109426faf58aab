from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.forms import CommentForm
from core.pages import filtered_page
from core.selectors import timeline
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success
from rounds import feedback_selectors as reads
from rounds import selectors, services
from rounds.filters import FindingFilter
from rounds.forms import EvidenceForm, FindingDraftForm, WorkingPaperForm

ACTIONS = {
    "review": (services.finding_review, _("Reviewed.")),
    "sign": (services.finding_sign, _("Signed.")),
    "accept": (services.finding_accept, _("Accepted for feedback.")),
    "return": (services.finding_return, _("Returned with your comment.")),
}


@login_required
@require_safe
def finding_list(request):
    context = filtered_page(request, FindingFilter, selectors.finding_list(request.user))
    return render(request, "rounds/finding_list.html", context)


def _detail(request, finding, *, comment_form=None, evidence_form=None, status=200):
    user = request.user
    as_unit = selectors.sees_finding_only_as_unit(user, finding)
    context = {
        "finding": finding,
        "as_unit": as_unit,
        "evidence": selectors.evidence_of(user, finding),
        "actions": [] if as_unit else selectors.finding_actions(user, finding),
        "may_add_evidence": not as_unit and finding.status != finding.Status.FED_BACK,
        "may_edit": finding.prepared_by_id == user.pk
        and finding.status in (finding.Status.DRAFT, finding.Status.RETURNED),
        "comment_form": comment_form or CommentForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "events": [] if as_unit else timeline(finding),
        "may_register_lead": not as_unit
        and reads.assignments_open_for_leads(user).filter(pk=finding.assignment_id).exists(),
    }
    return render(request, "rounds/finding_detail.html", context, status=status)


@login_required
@require_safe
def finding_detail(request, pk):
    finding = get_object_or_404(selectors.finding_list(request.user), pk=pk)
    return _detail(request, finding)


@login_required
@require_POST
def finding_act(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    finding = get_object_or_404(selectors.finding_list(request.user), pk=pk)
    service, done = ACTIONS[action]
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            service(finding=finding, by=request.user, comment=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("rounds:finding", pk=finding.pk)
    return _detail(request, finding, comment_form=form, status=400)


@login_required
def finding_create(request, assignment_pk):
    assignment = get_object_or_404(
        selectors.assignments_open_for_filing(request.user), pk=assignment_pk
    )
    office = assignment.round.office
    if request.method != "POST":
        form = FindingDraftForm(office=office, initial={"submission": new_token()})
        return render(request, "rounds/finding_form.html", {"form": form, "assignment": assignment})
    form = FindingDraftForm(request.POST, request.FILES, office=office)
    if form.is_valid():
        data = form.cleaned_data

        def draft():
            finding = services.finding_draft(
                assignment=assignment,
                by=request.user,
                title=data["title"],
                summary=data["summary"],
                source=data["source"],
                category=data["category"],
                severity=data["severity"],
                tags=data["tags"],
                breached_rule=data["breached_rule"],
                statements=data["statements"],
                prepared_on=data["prepared_on"],
            )
            for upload in data["evidence"]:
                services.evidence_attach(
                    finding=finding,
                    by=request.user,
                    upload=upload,
                    title=upload.name,
                    internal=not data["evidence_shown_to_unit"],
                )
            return finding

        try:
            with files_kept_only_on_success():
                finding, _created = created_once(
                    token=data["submission"], user=request.user, create=draft
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Working paper %(number)s saved.") % {"number": finding.number}
            )
            return redirect("rounds:finding", pk=finding.pk)
    return render(
        request, "rounds/finding_form.html", {"form": form, "assignment": assignment}, status=400
    )


@login_required
@require_POST
def evidence_add(request, pk):
    finding = get_object_or_404(selectors.finding_list(request.user), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with files_kept_only_on_success(), transaction.atomic():
                for upload in form.cleaned_data["files"]:
                    services.evidence_attach(
                        finding=finding,
                        by=request.user,
                        upload=upload,
                        title=upload.name,
                        internal=not form.cleaned_data["shown_to_unit"],
                    )
        except DomainError as error:
            form.add_error("files", error.message)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("rounds:finding", pk=finding.pk)
    return _detail(request, finding, evidence_form=form, status=400)


@login_required
@require_safe
def evidence_download(request, pk):
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.title,
        content_type=evidence.content_type,
    )


@login_required
def finding_edit(request, pk):
    """The author reworks a draft or a returned working paper."""
    finding = get_object_or_404(
        selectors.finding_list(request.user).filter(prepared_by=request.user), pk=pk
    )
    office = finding.assignment.round.office
    fields = list(WorkingPaperForm.base_fields)
    if request.method != "POST":
        initial = {name: getattr(finding, name) for name in fields if name != "tags"}
        form = WorkingPaperForm(office=office, initial=initial | {"tags": finding.tags.all()})
        return render(request, "rounds/finding_edit.html", {"form": form, "finding": finding})
    form = WorkingPaperForm(request.POST, office=office)
    if form.is_valid():
        try:
            services.finding_update(finding=finding, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Working paper %(number)s saved.") % {"number": finding.number}
            )
            return redirect("rounds:finding", pk=finding.pk)
    return render(
        request, "rounds/finding_edit.html", {"form": form, "finding": finding}, status=400
    )
