"""指导督导 in the browser: the list of visits, the form to record one, and a visit's page with
its findings, each finding's follow-up and the actions the person may take there.

Outside the person's scope a visit, finding or file is a 404; a reader who sees it but may not
act gets a 403; a refusal of the rules re-renders the page with the message (status 400).
Documents and attachments are sent through the scoped views below, never from a media URL.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.forms import CommentForm
from core.pages import filtered_page
from core.selectors import timeline
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success
from organisations.models import Office
from organisations.selectors import is_office_staff, viewer_of
from supervision import policy, selectors, services
from supervision.forms import FindingForm, FollowUpForm, VisitFieldsForm, VisitFilter, VisitForm
from supervision.models import SupervisionFinding

VISIT_FIELDS = ("kind", "starts_on", "ends_on", "subject", "summary")


def _reader_office(user):
    """The office the person reads for (staff or leadership group), or 404."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        raise Http404
    return Office.objects.get(pk=viewer.office_id)


def _visible_visit(user, pk):
    return get_object_or_404(selectors.visits_visible_to(user), pk=pk)


def _finding_for(user, pk, step):
    """The finding, for the staff of the side that takes `step`; others who see it get 403."""
    finding = get_object_or_404(selectors.findings_visible_to(user), pk=pk)
    if not is_office_staff(user, policy.office_of_side(finding.visit, step.by_side)):
        raise PermissionDenied
    return finding


def _put_error(form, error):
    name = {"upload": "document" if "document" in form.fields else "attachment"}.get(
        error.code, error.code
    )
    form.add_error(name if name in form.fields else None, error.message)


def _finding_url(finding):
    return reverse("supervision:detail", args=[finding.visit_id]) + f"#finding-{finding.pk}"


# The list ----------------------------------------------------------------------------------


@login_required
@require_safe
def visit_list(request):
    office = _reader_office(request.user)
    today = timezone.localdate()
    # Counting groups the rows, which drops the model's ordering: it is said again.
    visits = selectors.with_finding_counts(
        selectors.visits_visible_to(request.user), today
    ).order_by("-starts_on", "-id")
    context = filtered_page(request, VisitFilter, visits)
    context |= {
        "office": office,
        "may_record": is_office_staff(request.user, office)
        and selectors.offices_to_visit(request.user).exists(),
        "by_office": selectors.counts_by_office_visited(request.user, today),
    }
    return render(request, "supervision/list.html", context)


# Recording and correcting a visit ----------------------------------------------------------


def _recording_office(user):
    office = _reader_office(user)
    if not is_office_staff(user, office):
        raise PermissionDenied
    if not selectors.offices_to_visit(user).exists():
        raise Http404
    return office


@login_required
def visit_create(request):
    user = request.user
    office = _recording_office(user)
    if request.method != "POST":
        form = VisitForm(
            user=user,
            upper_office=office,
            initial={"submission": new_token(), "members": [user.pk]},
        )
        return _visit_form(request, form, office=office)
    form = VisitForm(request.POST, request.FILES, user=user, upper_office=office)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A refused document must not stay on disk with nothing pointing at it.
            with files_kept_only_on_success():
                visit, _created = created_once(
                    token=data["submission"],
                    user=user,
                    create=lambda: services.visit_record(
                        upper_office=office,
                        by=user,
                        lower_office=data["lower_office"],
                        round_=data["round"],
                        members=data["members"],
                        document=data["document"],
                        **{name: data[name] for name in VISIT_FIELDS},
                    ),
                )
        except DomainError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect("supervision:detail", pk=visit.pk)
    return _visit_form(request, form, office=office, status=400)


def _visit_form(request, form, *, office, visit=None, status=200):
    context = {"form": form, "office": office, "visit": visit}
    return render(request, "supervision/form.html", context, status=status)


@login_required
def visit_edit(request, pk):
    user = request.user
    visit = _visible_visit(user, pk)
    if not is_office_staff(user, visit.upper_office):
        raise PermissionDenied
    if visit.findings.filter(status=policy.VISIT_FROZEN_BY).exists():
        messages.info(request, _("A finding of this visit is closed; its record stands."))
        return redirect("supervision:detail", pk=visit.pk)
    options = {"user": user, "upper_office": visit.upper_office}
    if request.method != "POST":
        initial = {name: getattr(visit, name) for name in VISIT_FIELDS}
        initial |= {"round": visit.round_id, "members": list(visit.members.all())}
        form = VisitFieldsForm(initial=initial, **options)
        return _visit_form(request, form, office=visit.upper_office, visit=visit)
    form = VisitFieldsForm(request.POST, request.FILES, **options)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with files_kept_only_on_success():
                services.visit_update(
                    visit=visit,
                    by=user,
                    round_=data["round"],
                    members=data["members"],
                    document=data["document"],
                    **{name: data[name] for name in VISIT_FIELDS},
                )
        except DomainError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The visit was saved."))
            return redirect("supervision:detail", pk=visit.pk)
    return _visit_form(request, form, office=visit.upper_office, visit=visit, status=400)


# One visit ---------------------------------------------------------------------------------


@dataclass
class FindingRow:
    """A finding on its visit's page, with its follow-up and the forms of the person's actions."""

    finding: SupervisionFinding
    history: list
    may_report: bool
    may_decide: bool
    report_form: FollowUpForm
    close_form: CommentForm
    return_form: CommentForm


def _detail_page(request, visit, *, bound=None, finding_form=None, status=200):
    """The visit's page; `bound` is (finding pk, form name, form) of a refused action."""
    user = request.user
    today = timezone.localdate()
    upper_staff = is_office_staff(user, visit.upper_office)
    lower_staff = is_office_staff(user, visit.lower_office)
    findings = list(selectors.findings_of_visit(visit, today))
    histories = selectors.follow_up_histories(findings)
    rows = []
    for finding in findings:
        row = FindingRow(
            finding=finding,
            history=histories[finding.pk],
            may_report=lower_staff and finding.status in policy.REPORT.allowed_from,
            may_decide=upper_staff and finding.status in policy.CLOSE.allowed_from,
            report_form=FollowUpForm(auto_id=f"report_{finding.pk}_%s"),
            close_form=CommentForm(auto_id=f"close_{finding.pk}_%s"),
            return_form=CommentForm(auto_id=f"return_{finding.pk}_%s"),
        )
        if bound and bound[0] == finding.pk:
            setattr(row, bound[1], bound[2])
        rows.append(row)
    context = {
        "visit": visit,
        "members": visit.members.select_related("profile").order_by("profile__name"),
        "rows": rows,
        "may_edit": upper_staff
        and not any(finding.status == policy.VISIT_FROZEN_BY for finding in findings),
        "may_add_finding": upper_staff,
        "finding_form": finding_form or FindingForm(initial={"submission": new_token()}),
        "events": timeline(visit),
        "today": today,
    }
    return render(request, "supervision/detail.html", context, status=status)


@login_required
@require_safe
def visit_detail(request, pk):
    return _detail_page(request, _visible_visit(request.user, pk))


@login_required
@require_safe
def visit_document(request, pk):
    visit = _visible_visit(request.user, pk)
    if not visit.document:
        raise Http404
    return FileResponse(
        visit.document.open("rb"),
        as_attachment=True,
        filename=visit.document_name,
        content_type=visit.document_content_type,
    )


@login_required
@require_safe
def followup_attachment(request, pk):
    report = get_object_or_404(
        selectors.followups_visible_to(request.user).exclude(attachment=""), pk=pk
    )
    return FileResponse(
        report.attachment.open("rb"),
        as_attachment=True,
        filename=report.attachment_name,
        content_type=report.attachment_content_type,
    )


@login_required
@require_POST
def finding_add(request, pk):
    user = request.user
    visit = _visible_visit(user, pk)
    if not is_office_staff(user, visit.upper_office):
        raise PermissionDenied
    form = FindingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            finding, created = created_once(
                token=data["submission"],
                user=user,
                create=lambda: services.finding_add(
                    visit=visit,
                    by=user,
                    category=data["category"],
                    description=data["description"],
                    requirement=data["requirement"],
                    due_on=data["due_on"],
                ),
            )
        except DomainError as error:
            _put_error(form, error)
        else:
            if created:
                messages.success(request, _("The finding was added."))
            return redirect(_finding_url(finding))
    return _detail_page(request, visit, finding_form=form, status=400)


def _refused(request, finding, bound):
    visit = _visible_visit(request.user, finding.visit_id)
    return _detail_page(request, visit, bound=bound, status=400)


@login_required
@require_POST
def followup_report(request, pk):
    finding = _finding_for(request.user, pk, policy.REPORT)
    form = FollowUpForm(request.POST, request.FILES, auto_id=f"report_{finding.pk}_%s")
    if form.is_valid():
        try:
            with files_kept_only_on_success():
                services.followup_report(
                    finding=finding,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    attachment=form.cleaned_data["attachment"],
                )
        except DomainError as error:
            _put_error(form, error)
        else:
            messages.success(request, _("The follow-up was reported."))
            return redirect(_finding_url(finding))
    bound = (finding.pk, "report_form", form)
    return _refused(request, finding, bound)


def _decide(request, pk, step, *, act, prefix, done):
    """The visiting office closes or returns a finding's follow-up; a second press of the button
    finds it already moved and changes nothing."""
    finding = _finding_for(request.user, pk, step)
    if finding.status == step.to:
        return redirect(_finding_url(finding))
    form = CommentForm(request.POST, auto_id=f"{prefix}_{finding.pk}_%s")
    if form.is_valid():
        try:
            act(finding=finding, by=request.user, comment=form.cleaned_data["comment"])
        except DomainError as error:
            _put_error(form, error)
        else:
            messages.success(request, done)
            return redirect(_finding_url(finding))
    return _refused(request, finding, (finding.pk, f"{prefix}_form", form))


@login_required
@require_POST
def finding_close(request, pk):
    return _decide(
        request,
        pk,
        policy.CLOSE,
        act=services.finding_close,
        prefix="close",
        done=_("The finding was closed."),
    )


@login_required
@require_POST
def finding_return(request, pk):
    return _decide(
        request,
        pk,
        policy.RETURN,
        act=services.finding_return,
        prefix="return",
        done=_("The follow-up was returned to the office visited."),
    )
