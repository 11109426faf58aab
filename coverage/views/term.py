"""The term's coverage duty for the office's staff and leadership group."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.pages import filtered_page
from coverage import charts, exports, selectors
from coverage.filters import UncoveredFilter
from organisations.selectors import viewer_of


def _chosen(request):
    """(terms, term, below) from the query string; 404 for anyone who does not read an office
    and for a term that is not theirs."""
    if not viewer_of(request.user).reads_office:
        raise Http404
    terms = list(selectors.coverage_terms(request.user))
    term_id = request.GET.get("term") or None
    if term_id is not None:
        try:
            term_id = int(term_id)
        except ValueError:
            raise Http404 from None
    term = selectors.choose_term(terms, term_id, timezone.localdate())
    if term_id is not None and term is None:
        raise Http404
    return terms, term, request.GET.get("below") == "1"


# Regions listed before "show all": a province with the offices below has some 900 townships.
REGIONS_SHOWN = 30


def _regions(request, by_region):
    """The regions to list, and a link to all of them when some are left out."""
    if request.GET.get("regions") == "all" or len(by_region) <= REGIONS_SHOWN:
        return {"regions": by_region}
    query = request.GET.copy()
    query["regions"] = "all"
    return {
        "regions": by_region[:REGIONS_SHOWN],
        "regions_left_out": len(by_region) - REGIONS_SHOWN,
        "all_regions_query": query.urlencode(),
    }


@login_required
@require_safe
def term_coverage(request):
    terms, term, below = _chosen(request)
    context = {"terms": terms, "term": term, "below": below}
    if term is not None:
        today = timezone.localdate()
        context["page"] = selectors.term_page(request.user, term, below=below, today=today)
        context.update(_regions(request, context["page"].by_region))
        context["progress"] = charts.coverage_progress(
            request.user, term, below=below, today=today, total=context["page"].total
        )
        page = context["page"]
        uncovered = selectors.uncovered_targets(request.user, term, below=below)
        context.update(
            filtered_page(
                request,
                UncoveredFilter,
                uncovered,
                count=lambda chosen: selectors.uncovered_count(
                    page,
                    category=chosen.get("category") or None,
                    region_id=int(chosen["region"]) if chosen.get("region") else None,
                ),
                regions=selectors.uncovered_regions(page),
            )
        )
    return render(request, "coverage/term.html", context)


@login_required
@require_safe
def uncovered_export(request):
    _terms, term, below = _chosen(request)
    if term is None:
        raise Http404
    uncovered = selectors.uncovered_targets(request.user, term, below=below)
    return exports.uncovered_response(UncoveredFilter(request.GET, queryset=uncovered))
