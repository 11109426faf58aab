"""报备 in the browser: the lower office's filings and the form to file one, the upper office's
inbox, and a filing's page with its document, the review buttons and its history.

Outside the person's scope a filing is a 404; a reader who sees it but may not act gets a 403;
a refusal of the rules re-renders the page with the message (status 400).
"""

import os

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
from core.uploads import files_kept_only_on_success
from linkage import policy, selectors, services
from linkage.forms import DeadlinesForm, FilingForm, InboxFilter, ResubmitForm
from linkage.models import UpwardFiling
from organisations.models import Office
from organisations.selectors import is_office_staff, viewer_of

Kind = UpwardFiling.Kind
Status = UpwardFiling.Status


def _reader_office(user):
    """The office the person reads for (staff or leadership group), or 404."""
    viewer = viewer_of(user)
    if not viewer.reads_office:
        raise Http404
    return Office.objects.select_related("parent").get(pk=viewer.office_id)


def _visible(user, pk):
    return get_object_or_404(selectors.filings_visible_to(user), pk=pk)


# The lower office ---------------------------------------------------------------------------


@login_required
@require_safe
def filing_list(request):
    office = _reader_office(request.user)
    today = timezone.localdate()
    filings = selectors.with_overdue(selectors.filings_filed_by(request.user), today)
    context = {
        "office": office,
        "filings": filings,
        "missing": selectors.missing_filings(
            [office.pk], today, deadlines=policy.policy_of_filer(office)
        ),
        "may_submit": office.parent_id is not None and is_office_staff(request.user, office),
        "kinds": Kind.choices,
    }
    return render(request, "linkage/list.html", context)


@login_required
def filing_create(request, kind):
    office = _reader_office(request.user)
    if kind not in Kind.values or office.parent_id is None:
        raise Http404
    if not is_office_staff(request.user, office):
        raise PermissionDenied
    if request.method != "POST":
        form = FilingForm(office=office, kind=kind, initial={"submission": new_token()})
        return _create_page(request, office, kind, form)
    form = FilingForm(request.POST, request.FILES, office=office, kind=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            # A refused document must not stay on disk with nothing pointing at it.
            with files_kept_only_on_success():
                filing, _created = created_once(
                    token=data["submission"],
                    user=request.user,
                    create=lambda: services.filing_submit(
                        office=office,
                        by=request.user,
                        kind=kind,
                        term=data.get("term"),
                        round_=data.get("round"),
                        year=data.get("year"),
                        title=data["title"],
                        summary=data["summary"],
                        figures=form.figures(),
                        document=data["document"],
                    ),
                )
        except DomainError as error:
            field = "document" if error.code == "upload" else error.code
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Filed with %(office)s.") % {"office": office.parent},
            )
            return redirect("linkage:detail", pk=filing.pk)
    return _create_page(request, office, kind, form, status=400)


def _create_page(request, office, kind, form, status=200):
    context = {"office": office, "kind_label": Kind(kind).label, "form": form}
    return render(request, "linkage/form.html", context, status=status)


# The upper office ---------------------------------------------------------------------------


@login_required
@require_safe
def inbox(request):
    office = _reader_office(request.user)
    today = timezone.localdate()
    queryset = selectors.with_overdue(selectors.filings_inbox(request.user), today)
    context = filtered_page(request, InboxFilter, queryset)
    form = context["filter"].form
    missing = []
    if form.is_valid() and not form.cleaned_data.get("status"):
        chosen = form.cleaned_data.get("office")
        lower = (
            [chosen.pk]
            if chosen
            else selectors.lower_offices_of(request.user).values_list("pk", flat=True)
        )
        missing = selectors.missing_filings(
            lower,
            today,
            deadlines=policy.policy_for(office.pk),
            kind=form.cleaned_data.get("kind"),
        )
    context |= {"office": office, "missing": missing}
    return render(request, "linkage/inbox.html", context)


# One filing ---------------------------------------------------------------------------------


def _detail_page(request, filing, *, return_form=None, action_error=None, status=200):
    user = request.user
    today = timezone.localdate()
    late = filing.status != Status.ACKNOWLEDGED and filing.due_on < today
    context = {
        "filing": filing,
        "days_overdue": policy.days_overdue(filing.due_on, today) if late else 0,
        "may_review": filing.status == Status.SUBMITTED
        and is_office_staff(user, filing.filed_with),
        "may_resubmit": filing.status == Status.RETURNED and is_office_staff(user, filing.office),
        "return_form": return_form or CommentForm(),
        "acknowledge_form": CommentForm(auto_id="acknowledge_%s"),
        "action_error": action_error,
        "events": timeline(filing),
    }
    return render(request, "linkage/detail.html", context, status=status)


@login_required
@require_safe
def filing_detail(request, pk):
    return _detail_page(request, _visible(request.user, pk))


@login_required
@require_safe
def filing_document(request, pk):
    filing = _visible(request.user, pk)
    return FileResponse(
        filing.document.open("rb"),
        as_attachment=True,
        filename=os.path.basename(filing.document.name),
        content_type=filing.document_content_type or None,
    )


def _reviewer_filing(user, pk):
    filing = _visible(user, pk)
    if not is_office_staff(user, filing.filed_with):
        raise PermissionDenied
    return filing


@login_required
@require_POST
def filing_acknowledge(request, pk):
    filing = _reviewer_filing(request.user, pk)
    # A second press of the button finds the filing acknowledged and changes nothing.
    if filing.status == Status.ACKNOWLEDGED:
        return redirect("linkage:detail", pk=filing.pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.filing_acknowledge(filing=filing, by=request.user, comment=comment)
    except DomainError as error:
        return _detail_page(request, filing, action_error=error.message, status=400)
    messages.success(request, _("The filing was acknowledged."))
    return redirect("linkage:detail", pk=filing.pk)


@login_required
@require_POST
def filing_return(request, pk):
    filing = _reviewer_filing(request.user, pk)
    if filing.status == Status.RETURNED:
        return redirect("linkage:detail", pk=filing.pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.filing_return(
                filing=filing, by=request.user, comment=form.cleaned_data["comment"]
            )
        except DomainError as error:
            form.add_error("comment" if error.code == "comment" else None, error.message)
        else:
            messages.success(request, _("The filing was returned for correction."))
            return redirect("linkage:detail", pk=filing.pk)
    return _detail_page(request, filing, return_form=form, status=400)


@login_required
def filing_resubmit(request, pk):
    filing = _visible(request.user, pk)
    if not is_office_staff(request.user, filing.office):
        raise PermissionDenied
    if filing.status != Status.RETURNED:
        return redirect("linkage:detail", pk=filing.pk)
    if request.method != "POST":
        initial = {"title": filing.title, "summary": filing.summary}
        initial |= {name: getattr(filing, name) for name in services.figures_of(filing.kind)}
        form = ResubmitForm(kind=filing.kind, initial=initial)
        return _resubmit_page(request, filing, form)
    form = ResubmitForm(request.POST, request.FILES, kind=filing.kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with files_kept_only_on_success():
                services.filing_resubmit(
                    filing=filing,
                    by=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    figures=form.figures(),
                    document=data["document"],
                    comment=data["comment"],
                )
        except DomainError as error:
            field = "document" if error.code == "upload" else error.code
            form.add_error(field if field in form.fields else None, error.message)
        else:
            messages.success(request, _("The filing was resubmitted."))
            return redirect("linkage:detail", pk=filing.pk)
    return _resubmit_page(request, filing, form, status=400)


def _resubmit_page(request, filing, form, status=200):
    return render(request, "linkage/resubmit.html", {"filing": filing, "form": form}, status=status)


# The deadlines the office sets for the offices below ---------------------------------------


@login_required
def deadlines(request):
    office = _reader_office(request.user)
    current = policy.policy_for(office.pk)
    may_change = is_office_staff(request.user, office)
    initial = {name: getattr(current, name) for name in services.DEADLINE_FIELDS}
    form = DeadlinesForm(initial=initial)
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = DeadlinesForm(request.POST)
        if form.is_valid():
            try:
                services.filing_deadlines_set(office=office, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(error.code if error.code in form.fields else None, error.message)
            else:
                messages.success(request, _("The filing deadlines are saved."))
                return redirect("linkage:deadlines")
        status = 400
    context = {
        "office": office,
        "form": form,
        "may_change": may_change,
        "events": timeline(current) if current.pk else [],
    }
    return render(request, "linkage/deadlines.html", context, status=status)
