"""The roll-up across levels for the office's staff and leadership group, as a page and as an
Excel file of the same rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from coverage.rollup import rollup, rollup_office
from coverage.services import office_figures_refresh_below
from rectification.exports import Column, xlsx_response

TITLE = _("roll-up across levels")


def _office(request, office_id):
    """The office of the roll-up asked for (the person's own by default); 404 when they may not
    read it."""
    office_id = office_id or None
    # Digits only, and few enough to be an id rather than an overflow of the database column.
    if office_id is not None and not (office_id.isdigit() and len(office_id) <= 18):
        raise Http404
    office = rollup_office(request.user, int(office_id) if office_id else None)
    if office is None:
        raise Http404
    return office


def _rollup(request):
    office = _office(request, request.GET.get("office"))
    return rollup(request.user, office, today=timezone.localdate())


@login_required
@require_safe
def rollup_page(request):
    return render(request, "coverage/rollup.html", {"rollup": _rollup(request)})


@login_required
@require_POST
def rollup_refresh(request):
    """Count the figures of the office and those below it now, then show them."""
    office = _office(request, request.POST.get("office"))
    office_figures_refresh_below(office=office, today=timezone.localdate())
    messages.success(request, _("The figures were counted again just now."))
    return redirect(f"{reverse('coverage:rollup')}?office={office.pk}")


def _coverage(attribute):
    return lambda row: getattr(row.coverage, attribute) if row.coverage else None


def _label(row):
    return f"{row.name} {_('(own work)')}" if row.own else row.name


COLUMNS = [
    Column(_("inspection office"), _label, 40),
    Column(_("targets in the current term"), _coverage("targets"), 12),
    Column(_("covered"), _coverage("covered"), 10),
    Column(_("effectively covered"), _coverage("effective"), 10),
    Column(_("coverage rate"), _coverage("rate"), 10),
    Column(_("rounds run"), lambda row: row.rounds_run, 10),
    Column(_("fed-back problems"), lambda row: row.fed_back, 10),
    Column(_("rectified"), lambda row: row.rectified, 10),
    Column(_("rectification rate"), lambda row: row.rate, 10),
    Column(_("overdue items"), lambda row: row.overdue_items, 10),
    Column(_("leads transferred"), lambda row: row.leads.transferred, 10),
    Column(_("awaiting an outcome"), lambda row: row.leads.awaiting, 10),
    Column(_("case opened"), lambda row: row.leads.case_opened, 10),
    Column(_("handled"), lambda row: row.leads.handled, 10),
    Column(_("no case opened"), lambda row: row.leads.no_case, 10),
    Column(_("case closed"), lambda row: row.leads.closed, 10),
]


@login_required
@require_safe
def rollup_export(request):
    found = _rollup(request)
    return xlsx_response(rows=[*found.rows, found.total], columns=COLUMNS, title=TITLE)
