"""The coverage page and the roll-up as printable PDF reports (coverage.reports), for the same
people and with the same query string as the pages they mirror."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from core.errors import DomainError
from coverage import reports
from coverage.views.rollup import _rollup
from coverage.views.term import _chosen


def _pdf_response(pdf, filename):
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _back_to(request, name, error):
    """The page the report mirrors, with the same query string, saying why there is no PDF."""
    messages.error(request, error.message)
    query = urlencode(request.GET, doseq=True)
    return redirect(f"{reverse(name)}?{query}" if query else reverse(name))


@login_required
@require_safe
def term_report(request):
    # The page's own reading of the query string: the same 404s for the same people.
    _terms, term, below = _chosen(request)
    if term is None:
        raise Http404
    today = timezone.localdate()
    try:
        pdf = reports.term_report_pdf(
            request.user, term, below=below, query=request.GET, today=today
        )
    except DomainError as error:
        return _back_to(request, "coverage:term", error)
    return _pdf_response(pdf, reports.term_report_file_name(term, today))


@login_required
@require_safe
def rollup_report(request):
    found = _rollup(request)
    try:
        pdf = reports.rollup_report_pdf(request.user, found)
    except DomainError as error:
        return _back_to(request, "coverage:rollup", error)
    return _pdf_response(pdf, reports.rollup_report_file_name(found.office, timezone.localdate()))
