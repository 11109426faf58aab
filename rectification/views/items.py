"""Rectification items: the unit writes its measures while the plan is a draft or returned,
reports progress once the plan is submitted, and claims an item done with evidence; the office
closes it (销号), returns it for rework or reopens it.

A failed upload refuses the whole report and re-renders the page with the text kept; the files
already written are removed (files_kept_only_on_success).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.forms import CommentForm
from core.selectors import timeline
from core.submissions import created_once, new_token
from core.uploads import files_kept_only_on_success
from organisations.selectors import is_office_staff, viewer_of
from rectification import selectors as reads
from rectification import services
from rectification.forms import ItemCreateForm, ItemFieldsForm, ReasonForm, ReportForm, WithdrawForm
from rectification.models import PLAN_EDITABLE, RectificationItem
from rounds.feedback_selectors import sees_only_as_unit

ItemStatus = RectificationItem.Status
Kind = RectificationItem.Kind
# Statuses from which the unit may still report or claim (the services decide again).


def _hub_url(assignment_id, finding_id=None):
    url = reverse("rectification:assignment", args=[assignment_id])
    return f"{url}#finding-{finding_id}" if finding_id else url


def _writable_item(user, pk):
    """The item and its plan, for the unit's liaison or the office; others who see it get 403."""
    item = get_object_or_404(reads.item_list_for_page(user), pk=pk)
    if not reads.may_write_plan(user, item.plan.assignment):
        raise PermissionDenied
    return item


# Writing the plan's measures --------------------------------------------------------------


@login_required
def item_create(request, pk):
    user = request.user
    plan = get_object_or_404(
        reads.plans_visible_to(user).select_related("assignment__round__office"), pk=pk
    )
    if not reads.may_write_plan(user, plan.assignment):
        raise PermissionDenied
    findings = reads.findings_to_measure(user, plan)
    if request.method != "POST":
        if plan.status not in PLAN_EDITABLE:
            messages.info(request, _("The plan has been submitted; its measures are fixed."))
            return redirect("rectification:assignment", pk=plan.assignment_id)
        asked = request.GET.get("finding", "")
        chosen = findings.filter(pk=asked).first() if asked.isdigit() else None
        form = ItemCreateForm(
            findings=findings, initial={"submission": new_token(), "finding": chosen}
        )
        return _item_form(request, plan, form)
    form = ItemCreateForm(request.POST, findings=findings)
    if form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ItemFieldsForm.base_fields}
        try:
            item, created = created_once(
                token=data["submission"],
                user=user,
                create=lambda: services.item_add(
                    plan=plan, by=user, finding=data["finding"], **fields
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, _("Measure added."))
            return redirect(_hub_url(plan.assignment_id, item.finding_id))
    return _item_form(request, plan, form, status=400)


def _item_form(request, plan, form, *, item=None, withdraw_form=None, status=200):
    context = {
        "plan": plan,
        "assignment": plan.assignment,
        "form": form,
        "item": item,
        "withdraw_form": withdraw_form or WithdrawForm(),
    }
    return render(request, "rectification/items/form.html", context, status=status)


@login_required
def item_edit(request, pk):
    user = request.user
    item = _writable_item(user, pk)
    if request.method != "POST":
        if item.plan.status not in PLAN_EDITABLE or item.status == ItemStatus.WITHDRAWN:
            messages.info(request, _("This measure can no longer be changed."))
            return redirect("rectification:item", pk=item.pk)
        initial = {name: getattr(item, name) for name in ItemFieldsForm.base_fields}
        return _item_form(request, item.plan, ItemFieldsForm(initial=initial), item=item)
    form = ItemFieldsForm(request.POST)
    if form.is_valid():
        try:
            services.item_update(item=item, by=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Measure saved."))
            return redirect(_hub_url(item.plan.assignment_id, item.finding_id))
    return _item_form(request, item.plan, form, item=item, status=400)


@login_required
@require_POST
def item_withdraw(request, pk):
    user = request.user
    item = _writable_item(user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.item_withdraw(item=item, by=user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The measure was withdrawn; it stays on record."))
            return redirect(_hub_url(item.plan.assignment_id, item.finding_id))
    initial = {name: getattr(item, name) for name in ItemFieldsForm.base_fields}
    edit_form = ItemFieldsForm(initial=initial)
    return _item_form(request, item.plan, edit_form, item=item, withdraw_form=form, status=400)


# The item's page: progress, claims and the office's verification ---------------------------


def _forms(**bound):
    """The item page's forms, fresh unless one came back bound with errors. Distinct auto ids
    keep the labels of several forms on one page pointing at their own inputs."""
    forms = {
        "progress_form": ReportForm(auto_id="progress_%s", initial={"submission": new_token()}),
        "claim_form": ReportForm(auto_id="claim_%s", initial={"submission": new_token()}),
        "close_form": CommentForm(auto_id="close_%s"),
        "return_form": ReasonForm(auto_id="return_%s"),
        "reopen_form": ReasonForm(auto_id="reopen_%s"),
    }
    forms.update(bound)
    return forms


def _item_page(request, item, *, status=200, **bound):
    user = request.user
    assignment = item.plan.assignment
    as_unit = sees_only_as_unit(user, assignment)
    viewer = viewer_of(user)
    actions = reads.item_actions(user, item)
    context = {
        "item": item,
        "plan": item.plan,
        "assignment": assignment,
        "as_unit": as_unit,
        "reports": reads.progress_of(user, item),
        "own_people": reads.liaisons_of(assignment.target) if as_unit else set(),
        "next_periodic_due": reads.next_periodic_report_due(item),
        "return_reason": reads.return_comment(item) if item.status == ItemStatus.RETURNED else "",
        "today": timezone.localdate(),
        **{f"may_{action}": action in actions for action in reads.ITEM_ACTIONS},
        "events": timeline(item)
        if viewer.reads_office and viewer.office_id == assignment.round.office_id
        else [],
        **_forms(**bound),
    }
    return render(request, "rectification/items/detail.html", context, status=status)


@login_required
@require_safe
def item_detail(request, pk):
    item = get_object_or_404(reads.item_list_for_page(request.user), pk=pk)
    return _item_page(request, reads.mark_item(item, timezone.localdate()))


def _report(request, pk, *, form_name, service, done):
    """File a progress report or a claim of completion with its files, once per form token."""
    user = request.user
    item = _writable_item(user, pk)
    form = ReportForm(request.POST, request.FILES, auto_id=f"{form_name}_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            with files_kept_only_on_success():
                created_once(
                    token=data["submission"],
                    user=user,
                    create=lambda: service(
                        item=item, by=user, text=data["text"], attachments=data["files"]
                    ),
                )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("rectification:item", pk=item.pk)
    item = reads.mark_item(item, timezone.localdate())
    return _item_page(request, item, status=400, **{f"{form_name}_form": form})


@login_required
@require_POST
def item_progress(request, pk):
    return _report(
        request,
        pk,
        form_name="progress",
        service=services.progress_report,
        done=_("Progress reported."),
    )


@login_required
@require_POST
def item_claim(request, pk):
    return _report(
        request,
        pk,
        form_name="claim",
        service=services.item_claim_done,
        done=_("The item was reported done; the office will verify it."),
    )


def _verify(request, pk, *, form_name, form_class, run, done):
    """An office decision on the item: close (销号), return for rework, or reopen."""
    user = request.user
    item = get_object_or_404(reads.item_list_for_page(user), pk=pk)
    if not is_office_staff(user, item.plan.assignment.round.office):
        raise PermissionDenied
    form = form_class(request.POST, auto_id=f"{form_name}_%s")
    if form.is_valid():
        try:
            run(item, user, form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("rectification:item", pk=item.pk)
    item = reads.mark_item(item, timezone.localdate())
    return _item_page(request, item, status=400, **{f"{form_name}_form": form})


@login_required
@require_POST
def item_close(request, pk):
    return _verify(
        request,
        pk,
        form_name="close",
        form_class=CommentForm,
        run=lambda item, by, data: services.item_close(item=item, by=by, comment=data["comment"]),
        done=_("The item was verified and closed."),
    )


@login_required
@require_POST
def item_return(request, pk):
    return _verify(
        request,
        pk,
        form_name="return",
        form_class=ReasonForm,
        run=lambda item, by, data: services.item_return(item=item, by=by, reason=data["reason"]),
        done=_("The item was returned to the unit for rework."),
    )


@login_required
@require_POST
def item_reopen(request, pk):
    return _verify(
        request,
        pk,
        form_name="reopen",
        form_class=ReasonForm,
        run=lambda item, by, data: services.item_reopen(item=item, by=by, reason=data["reason"]),
        done=_("The item was reopened."),
    )


@login_required
@require_safe
def attachment_download(request, pk):
    attachment = get_object_or_404(reads.progress_attachments_visible_to(request.user), pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
