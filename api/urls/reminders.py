from django.urls import path
from rest_framework.routers import SimpleRouter

from api.views.reminders import ReminderPreferenceView, ReminderViewSet

router = SimpleRouter()
router.register("reminders", ReminderViewSet, basename="reminder")

urlpatterns = [
    path("reminder-preferences/", ReminderPreferenceView.as_view(), name="reminder_preferences"),
    *router.urls,
]
