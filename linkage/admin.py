from django.contrib import admin

from core.admin import RecordKeepingAdmin
from linkage.models import FilingPolicy


@admin.register(FilingPolicy)
class FilingPolicyAdmin(RecordKeepingAdmin):
    list_display = [
        "office",
        "term_plan_days",
        "annual_plan_month",
        "annual_plan_day",
        "round_summary_days",
    ]
