from django.contrib import admin

from core.admin import RecordKeepingAdmin
from rectification.models import RectificationPolicy


@admin.register(RectificationPolicy)
class RectificationPolicyAdmin(RecordKeepingAdmin):
    list_display = [
        "office",
        "plan_due_months",
        "report_due_months",
        "concentrated_months",
        "lead_due_months",
        "long_term_report_months",
        "move_weekend_deadlines",
    ]
