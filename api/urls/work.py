from rest_framework.routers import SimpleRouter

from api.views.work import (
    EvidenceViewSet,
    FeedbackViewSet,
    FindingViewSet,
    LeadViewSet,
    MethodLogViewSet,
    SuggestionViewSet,
)

router = SimpleRouter()
router.register("findings", FindingViewSet, basename="finding")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("leads", LeadViewSet, basename="lead")
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("method-log", MethodLogViewSet, basename="method-log")

urlpatterns = router.urls
