from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views import organisations as views

router = SimpleRouter()
router.register("offices", views.OfficeViewSet, basename="office")
router.register("targets", views.TargetViewSet, basename="target")
router.register("receiving-bodies", views.ReceivingBodyViewSet, basename="receiving_body")
router.register("people", views.PersonViewSet, basename="person")

urlpatterns = [path("me/", views.MeView.as_view(), name="me"), *router.urls]
