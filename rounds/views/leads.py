from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from organisations.selectors import viewer_of
from rounds import selectors, services
from rounds.filters import LeadFilter


@login_required
@require_safe
def lead_list(request):
    filterset = LeadFilter(request.GET, queryset=selectors.lead_list(request.user), request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "rounds/lead_list.html", {"filter": filterset, "page_obj": page})


@login_required
@require_safe
def lead_detail(request, pk):
    """Opening a lead is itself recorded: who read it, and when."""
    lead = get_object_or_404(selectors.lead_list(request.user), pk=pk)
    services.lead_view_record(lead=lead, by=request.user)
    viewer = viewer_of(request.user)
    office_staff = viewer.is_office_staff and viewer.office_id == lead.assignment.round.office_id
    context = {
        "lead": lead,
        "views": lead.views.select_related("user__profile")[:50] if office_staff else [],
    }
    return render(request, "rounds/lead_detail.html", context)
