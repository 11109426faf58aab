from rest_framework.routers import SimpleRouter

from api.views.rectification import (
    EvaluationViewSet,
    FilingViewSet,
    ItemViewSet,
    PlanViewSet,
    ProgressReportViewSet,
    ReportViewSet,
)

router = SimpleRouter()
router.register("rectification-plans", PlanViewSet, basename="rectification-plan")
router.register("rectification-items", ItemViewSet, basename="rectification-item")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("rectification-reports", ReportViewSet, basename="rectification-report")
router.register("filings", FilingViewSet, basename="filing")
router.register("evaluations", EvaluationViewSet, basename="evaluation")

urlpatterns = router.urls
