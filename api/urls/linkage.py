"""报备 and 指导督导: the work between an office and the offices below it. Both live here, since
this module is the one included under /api/v1/ for them."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views.linkage import FilingDeadlinesView, UpwardFilingViewSet
from api.views.supervision import FindingViewSet, FollowUpViewSet, VisitViewSet

router = SimpleRouter()
router.register("upward-filings", UpwardFilingViewSet, basename="upward-filing")
router.register("supervision-visits", VisitViewSet, basename="supervision-visit")
router.register("supervision-findings", FindingViewSet, basename="supervision-finding")
router.register("supervision-follow-ups", FollowUpViewSet, basename="supervision-follow-up")

urlpatterns = [
    path("filing-deadlines/", FilingDeadlinesView.as_view(), name="filing-deadlines"),
    *router.urls,
]
