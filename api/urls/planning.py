from rest_framework.routers import SimpleRouter

from api.views import planning as views

router = SimpleRouter()
router.register("terms", views.TermViewSet, basename="term")
router.register("rounds", views.RoundViewSet, basename="round")
router.register("teams", views.TeamViewSet, basename="team")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("assignments", views.AssignmentViewSet, basename="assignment")

urlpatterns = router.urls
