from django.contrib import admin

from core.admin import RecordKeepingAdmin
from organisations.models import (
    DeclaredRelative,
    Liaison,
    Office,
    PastPost,
    Profile,
    ReceivingBody,
    RecusalDeclaration,
    Region,
    Target,
)


@admin.register(Region)
class RegionAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Office)
class OfficeAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "level", "parent", "applies_regional_recusal"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "region"]


@admin.register(Target)
class TargetAdmin(RecordKeepingAdmin):
    list_display = ["code", "name", "category", "office", "region", "active"]
    list_filter = ["category", "active", "office"]
    list_select_related = ["office", "region"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["office", "region", "parent"]


@admin.register(ReceivingBody)
class ReceivingBodyAdmin(RecordKeepingAdmin):
    list_display = ["name", "kind", "office"]
    list_filter = ["kind"]
    search_fields = ["name"]


class PastPostInline(admin.TabularInline):
    model = PastPost
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Profile)
class ProfileAdmin(RecordKeepingAdmin):
    list_display = ["name", "user", "office", "is_office_staff", "in_talent_pool", "in_leader_pool"]
    list_filter = ["is_office_staff", "is_leadership", "in_talent_pool", "in_leader_pool", "office"]
    list_select_related = ["user", "office"]
    search_fields = ["name", "user__username", "expertise"]
    autocomplete_fields = ["user", "office", "receiving_body", "work_unit", "home_region"]
    inlines = [PastPostInline]


class DeclaredRelativeInline(admin.TabularInline):
    model = DeclaredRelative
    extra = 0
    autocomplete_fields = ["workplace"]


@admin.register(RecusalDeclaration)
class RecusalDeclarationAdmin(RecordKeepingAdmin):
    list_display = ["profile", "signed_on"]
    search_fields = ["profile__name"]
    autocomplete_fields = ["profile"]
    inlines = [DeclaredRelativeInline]


@admin.register(Liaison)
class LiaisonAdmin(RecordKeepingAdmin):
    list_display = ["user", "target", "active", "appointed_on"]
    list_filter = ["active"]
    list_select_related = ["user", "target"]
    autocomplete_fields = ["user", "target"]
