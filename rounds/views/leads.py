"""Leads: registered by the team leader or the office, transferred by the office, settled by the
receiving body. Every page that shows a lead's content records that the person opened it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.pages import filtered_page
from core.submissions import created_once, new_token
from organisations.selectors import viewer_of
from rounds import feedback_selectors as reads
from rounds import selectors, services
from rounds.feedback_forms import LeadOutcomeForm, LeadRegisterForm, LeadTransferForm
from rounds.filters import LeadFilter
from rounds.models import Lead
from rounds.services.leads import OUTCOMES_FROM


@login_required
@require_safe
def lead_list(request):
    context = filtered_page(request, LeadFilter, selectors.lead_list(request.user))
    return render(request, "rounds/lead_list.html", context)


@login_required
def lead_create(request, pk):
    """Register a lead on its own, or from a finding (`?finding=<id>`)."""
    user = request.user
    assignment = get_object_or_404(reads.assignments_open_for_leads(user), pk=pk)
    findings = reads.findings_for_lead(user, assignment)
    if request.method != "POST":
        initial = {"submission": new_token()}
        chosen = request.GET.get("finding")
        if chosen is not None:
            if not chosen.isdigit():
                raise Http404
            initial["finding"] = get_object_or_404(findings, pk=chosen)
        form = LeadRegisterForm(initial=initial, findings=findings)
        return _lead_form(request, assignment, form)
    form = LeadRegisterForm(request.POST, findings=findings)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead, _created = created_once(
                token=data["submission"],
                user=user,
                create=lambda: services.lead_register(
                    assignment=assignment,
                    by=user,
                    subject_name=data["subject_name"],
                    subject_position=data["subject_position"].strip(),
                    summary=data["summary"],
                    finding=data["finding"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Lead %(number)s registered.") % {"number": lead.number})
            return redirect("rounds:lead", pk=lead.pk)
    return _lead_form(request, assignment, form, status=400)


def _lead_form(request, assignment, form, status=200):
    context = {"assignment": assignment, "form": form}
    return render(request, "rounds/lead_form.html", context, status=status)


def _detail(request, lead, *, transfer_form=None, outcome_form=None, status=200):
    """The lead's page; showing it records that this person opened the lead."""
    user = request.user
    services.lead_view_record(lead=lead, by=user)
    viewer = viewer_of(user)
    office_staff = viewer.is_office_staff and viewer.office_id == lead.assignment.round.office_id
    outcomes = reads.outcomes_open_to(user, lead)
    if transfer_form is None and reads.may_transfer(user, lead):
        transfer_form = LeadTransferForm(
            initial={"submission": new_token()}, receiving_bodies=reads.receiving_bodies_for(lead)
        )
    if outcome_form is None and outcomes:
        outcome_form = LeadOutcomeForm(initial={"submission": new_token()}, outcomes=outcomes)
    elif outcome_form is not None and outcomes:
        # Offer again only what may come next, whatever was posted.
        outcome_form.fields["outcome"].choices = outcomes
    context = {
        "lead": lead,
        "finding": reads.lead_finding_shown_to(user, lead),
        "views": lead.views.select_related("user__profile")[:50] if office_staff else [],
        "transfer_form": transfer_form,
        "outcome_form": outcome_form,
    }
    return render(request, "rounds/lead_detail.html", context, status=status)


@login_required
@require_safe
def lead_detail(request, pk):
    """Opening a lead is itself recorded: who read it, and when."""
    lead = get_object_or_404(selectors.lead_list(request.user), pk=pk)
    return _detail(request, lead)


@login_required
@require_POST
def lead_transfer(request, pk):
    """移交: the office hands the lead to a receiving body of the same office."""
    lead = get_object_or_404(selectors.lead_list(request.user), pk=pk)
    form = LeadTransferForm(request.POST, receiving_bodies=reads.receiving_bodies_for(lead))
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A second press of the button finds the first transfer instead of refusing it.
            created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.lead_transfer(
                    lead=lead,
                    by=request.user,
                    receiving_body=data["receiving_body"],
                    transferred_on=data["transferred_on"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Lead transferred."))
            return redirect("rounds:lead", pk=lead.pk)
    return _detail(request, lead, transfer_form=form, status=400)


# Every outcome a receiving body can report; lead_record_outcome decides which may come next.
ALL_OUTCOMES = [(value, label) for value, label in Lead.Status.choices if value in OUTCOMES_FROM]


@login_required
@require_POST
def lead_outcome(request, pk):
    """The receiving body reports what it did with the lead."""
    lead = get_object_or_404(selectors.lead_list(request.user), pk=pk)
    form = LeadOutcomeForm(request.POST, outcomes=ALL_OUTCOMES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            created_once(
                token=data["submission"],
                user=request.user,
                create=lambda: services.lead_record_outcome(
                    lead=lead,
                    by=request.user,
                    outcome=data["outcome"],
                    outcome_on=data["outcome_on"],
                    note=data["note"],
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Outcome recorded."))
            return redirect("rounds:lead", pk=lead.pk)
    return _detail(request, lead, outcome_form=form, status=400)
