from django.contrib import admin

from core.models import StatusChange


class RecordKeepingAdmin(admin.ModelAdmin):
    """Nothing is deleted from the inspection record, and statuses move only through services."""

    # Records that carry who made them (findings, leads, reports...) are created in the app.
    created_in_app = False

    def has_add_permission(self, request):
        return not self.created_in_app and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in ("status", "phase"):
            if obj is not None and hasattr(obj, name):
                fields.append(name)
        return fields


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "content_type", "object_id", "field", "from_value", "to_value", "by"]
    list_filter = ["content_type", "field"]
    list_select_related = ["content_type", "by"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
