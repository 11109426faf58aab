from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views.auth import TokenObtainView, TokenViewSet

router = SimpleRouter()
router.register("auth/tokens", TokenViewSet, basename="token")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="token_obtain"),
    *router.urls,
]
