from django.contrib import admin

from core.admin import RecordKeepingAdmin
from rectification.models import (
    Evaluation,
    ProgressAttachment,
    ProgressReport,
    RectificationItem,
    RectificationPlan,
    RectificationPolicy,
)


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


class ItemInline(admin.TabularInline):
    model = RectificationItem
    extra = 0
    fields = ["finding", "measure", "responsible_unit", "deadline", "kind", "status"]
    readonly_fields = ["status"]
    raw_id_fields = ["finding"]


@admin.register(RectificationPlan)
class RectificationPlanAdmin(RecordKeepingAdmin):
    list_display = ["assignment", "status", "due_on", "report_due_on", "signed_by_name"]
    list_filter = ["status"]
    list_select_related = ["assignment__round__term", "assignment__team", "assignment__target"]
    raw_id_fields = ["assignment"]
    readonly_fields = ["submitted_by", "submitted_at", "decided_by", "decided_at"]
    inlines = [ItemInline]


class AttachmentInline(admin.TabularInline):
    model = ProgressAttachment
    extra = 0
    readonly_fields = ["content_type", "size"]


@admin.register(RectificationItem)
class RectificationItemAdmin(RecordKeepingAdmin):
    list_display = ["__str__", "plan", "kind", "deadline", "status", "return_count"]
    list_filter = ["status", "kind"]
    list_select_related = [
        "plan__assignment__target",
        "plan__assignment__round__term",
        "plan__assignment__team",
    ]
    search_fields = ["measure", "responsible_unit"]
    raw_id_fields = ["plan", "finding"]
    readonly_fields = ["return_count", "last_progress_at", "closed_by", "closed_at"]


@admin.register(ProgressReport)
class ProgressReportAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["__str__", "item", "kind", "by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["item", "by"]
    raw_id_fields = ["item"]
    readonly_fields = ["by"]
    inlines = [AttachmentInline]


@admin.register(Evaluation)
class EvaluationAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["assignment", "party", "score", "grade"]
    list_filter = ["party", "grade"]
    raw_id_fields = ["assignment"]
    readonly_fields = ["by"]
