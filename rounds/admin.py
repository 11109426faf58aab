from django.contrib import admin

from core.admin import RecordKeepingAdmin
from rounds.models import (
    Assignment,
    Evidence,
    Feedback,
    Finding,
    FindingCategory,
    FindingTag,
    Lead,
    Round,
    Suggestion,
    Team,
    TeamMembership,
    Term,
)


@admin.register(Term)
class TermAdmin(RecordKeepingAdmin):
    list_display = ["name", "office", "starts_on", "ends_on"]
    list_select_related = ["office"]
    search_fields = ["name"]


@admin.register(Round)
class RoundAdmin(RecordKeepingAdmin):
    list_display = ["__str__", "kind", "theme", "planned_start", "planned_end", "status"]
    list_filter = ["kind", "status", "office"]
    list_select_related = ["term"]
    search_fields = ["theme", "term__name"]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user", "recusal_declaration"]


@admin.register(Team)
class TeamAdmin(RecordKeepingAdmin):
    list_display = ["name", "round"]
    list_select_related = ["round__term"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(RecordKeepingAdmin):
    list_display = ["round", "team", "target", "phase"]
    list_filter = ["phase", "round"]
    list_select_related = ["round__term", "team", "target"]
    search_fields = ["target__name", "team__name"]
    autocomplete_fields = ["target", "team"]


@admin.register(FindingCategory)
class FindingCategoryAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "office", "position", "active"]
    list_filter = ["office", "active"]
    search_fields = ["code", "name"]


@admin.register(FindingTag)
class FindingTagAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "office"]
    search_fields = ["code", "name"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "file", "content_type", "size", "internal", "uploaded_by", "uploaded_at"]
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Finding)
class FindingAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["number", "title", "assignment", "category", "severity", "status"]
    list_filter = ["status", "severity", "category"]
    list_select_related = [
        "assignment__round__term",
        "assignment__team",
        "assignment__target",
        "category",
    ]
    search_fields = ["number", "title"]
    readonly_fields = [
        "prepared_by",
        "reviewed_by",
        "reviewed_at",
        "signed_by",
        "signed_at",
        "accepted_by",
        "accepted_at",
        "feedback",
    ]
    raw_id_fields = ["assignment"]
    inlines = [EvidenceInline]


@admin.register(Lead)
class LeadAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["number", "assignment", "status", "receiving_body", "transferred_on"]
    list_filter = ["status", "receiving_body"]
    list_select_related = [
        "assignment__round__term",
        "assignment__team",
        "assignment__target",
        "receiving_body",
    ]
    readonly_fields = [
        "registered_by",
        "receiving_body",
        "transferred_on",
        "outcome_on",
        "outcome_note",
    ]
    raw_id_fields = ["assignment", "finding"]


@admin.register(Suggestion)
class SuggestionAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["__str__", "assignment", "feedback"]
    raw_id_fields = ["assignment", "feedback"]
    readonly_fields = ["created_by"]


@admin.register(Feedback)
class FeedbackAdmin(RecordKeepingAdmin):
    created_in_app = True
    list_display = ["assignment", "delivered_on", "top_official"]
    list_select_related = ["assignment__round__term", "assignment__team", "assignment__target"]
    date_hierarchy = "delivered_on"
    readonly_fields = ["issued_by"]
    raw_id_fields = ["assignment"]
