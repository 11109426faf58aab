from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("reminders/", views.reminder_list, name="list"),
    path("reminders/badge/", views.unread_badge, name="badge"),
    path("reminders/<int:pk>/open/", views.reminder_open, name="open"),
    path("reminders/read-all/", views.reminders_read_all, name="read_all"),
    path("reminders/preferences/", views.preferences, name="preferences"),
]
