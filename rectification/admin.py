from django.contrib import admin

from core.admin import RecordKeepingAdmin
from rectification.models import RectificationPolicy, RoundClocks


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
        "rounds_may_override",
    ]


@admin.register(RoundClocks)
class RoundClocksAdmin(RecordKeepingAdmin):
    list_display = ["round", "plan_due_months", "report_due_months", "concentrated_months"]
    list_select_related = ["round__office"]
