from simple_history.admin import SimpleHistoryAdmin


class RecordKeepingAdmin(SimpleHistoryAdmin):
    """Configuration is never deleted, only deactivated, and every change shows in its history."""

    def has_delete_permission(self, request, obj=None):
        return False
