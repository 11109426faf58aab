from django.contrib import admin

from core.admin import RecordKeepingAdmin
from reminders.models import ReminderPolicy


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(RecordKeepingAdmin):
    list_display = ["office", "due_soon_days", "overdue_days", "escalate_after_days"]
