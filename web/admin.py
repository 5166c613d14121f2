"""Django's admin for superusers (provinces, units, accounts). Scheme versions and audit
entries are shown read-only: they are never changed."""
from django.contrib import admin

from .models import Assessment, Attachment, AuditEntry, EvidenceEntry, Membership, Province, SchemeVersion, Unit

admin.site.site_header = "parscore"
admin.site.register(Province)
admin.site.register(Unit)
admin.site.register(Membership)


class ReadOnly(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(SchemeVersion, ReadOnly)
admin.site.register(AuditEntry, ReadOnly)
admin.site.register(Assessment, ReadOnly)
admin.site.register(EvidenceEntry, ReadOnly)
admin.site.register(Attachment, ReadOnly)
