"""Administrators configure the system; inspection data (findings, leads, rectification) is
reached only through the scoped pages, never through the admin site."""

from django.contrib import admin

from core.admin import RecordKeepingAdmin
from rounds.models import FindingCategory, FindingTag, Term


@admin.register(Term)
class TermAdmin(RecordKeepingAdmin):
    list_display = ["name", "office", "starts_on", "ends_on"]
    list_select_related = ["office"]
    search_fields = ["name"]


@admin.register(FindingCategory)
class FindingCategoryAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "office", "position", "active"]
    list_filter = ["office", "active"]
    search_fields = ["code", "name"]


@admin.register(FindingTag)
class FindingTagAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "office"]
    search_fields = ["code", "name"]
