"""The four ledgers (台账) as filtered pages, and each as an Excel file of the same rows."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.pages import filtered_page
from organisations.selectors import viewer_of
from rectification import exports, ledgers
from rounds.services import lead_views_record

ITEMS = _("rectification ledger")
FINDINGS = _("problems ledger")
LEADS = _("leads ledger")
SUGGESTIONS = _("suggestions ledger")


def _render(request, template, context):
    # The leads ledger is the office staff's; nobody else is even shown the way to it.
    context["may_see_leads"] = viewer_of(request.user).is_office_staff
    return render(request, f"rectification/ledgers/{template}", context)


def _rows(request, filterset_class, queryset, fields=None):
    """Every row the page's filters select, in the page's order, read a chunk at a time: as
    objects, or as the values of `fields`."""
    rows = filterset_class(request.GET, queryset=queryset, request=request).qs
    return exports.chunked(rows if fields is None else rows.values(*fields))


def _leads(request):
    queryset = ledgers.lead_ledger(request.user)
    if queryset is None:
        raise Http404
    return queryset


@login_required
@require_safe
def ledger_items(request):
    today = timezone.localdate()
    context = filtered_page(
        request,
        ledgers.ItemLedgerFilter,
        ledgers.item_ledger(request.user, today),
        counted=ledgers.item_ledger(request.user, today, counting=True),
    )
    return _render(request, "items.html", context)


@login_required
@require_safe
def ledger_items_export(request):
    queryset = ledgers.item_ledger(request.user, timezone.localdate())
    rows = _rows(request, ledgers.ItemLedgerFilter, queryset, fields=exports.ITEM_FIELDS)
    return exports.xlsx_response(rows=rows, columns=exports.ITEM_COLUMNS, title=ITEMS)


@login_required
@require_safe
def ledger_findings(request):
    queryset = ledgers.finding_ledger(request.user, timezone.localdate())
    context = filtered_page(request, ledgers.FindingLedgerFilter, queryset)
    context["states"] = ledgers.State.labels
    return _render(request, "findings.html", context)


@login_required
@require_safe
def ledger_findings_export(request):
    queryset = ledgers.finding_ledger(request.user, timezone.localdate())
    rows = _rows(request, ledgers.FindingLedgerFilter, queryset)
    return exports.xlsx_response(rows=rows, columns=exports.FINDING_COLUMNS, title=FINDINGS)


@login_required
@require_safe
def ledger_leads(request):
    """Office staff only: the ledger names the people concerned, so every lead listed on the
    page is recorded as opened by the person reading it."""
    context = filtered_page(request, ledgers.LeadLedgerFilter, _leads(request))
    lead_views_record(leads=context["page_obj"], by=request.user, purpose="ledger")
    return _render(request, "leads.html", context)


@login_required
@require_safe
def ledger_leads_export(request):
    rows = ledgers.recorded_as_opened(
        request.user, _rows(request, ledgers.LeadLedgerFilter, _leads(request)), "ledger export"
    )
    return exports.xlsx_response(rows=rows, columns=exports.LEAD_COLUMNS, title=LEADS)


@login_required
@require_safe
def ledger_suggestions(request):
    queryset = ledgers.suggestion_ledger(request.user)
    context = filtered_page(request, ledgers.SuggestionLedgerFilter, queryset)
    return _render(request, "suggestions.html", context)


@login_required
@require_safe
def ledger_suggestions_export(request):
    rows = _rows(request, ledgers.SuggestionLedgerFilter, ledgers.suggestion_ledger(request.user))
    return exports.xlsx_response(rows=rows, columns=exports.SUGGESTION_COLUMNS, title=SUGGESTIONS)
