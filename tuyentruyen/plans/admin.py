"""The registry of cited documents, for system admins: they alone mark a commune's document shared."""

from django.contrib import admin, messages

from . import services
from .models import LegalDocument


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issuer", "shared", "owner_commune"]
    list_filter = ["shared"]
    search_fields = ["number", "title", "issuer"]
    raw_id_fields = ["owner_commune"]
    readonly_fields = ["key", "shared"]
    actions = ["share"]

    @admin.action(description="Đưa vào danh mục văn bản dùng chung")
    def share(self, request, queryset):
        count = 0
        for document in queryset.filter(shared=False):
            try:
                services.share_legal_document(document, user=request.user)
            except services.PlanError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return
            count += 1
        self.message_user(request, f"Đã đưa {count} văn bản vào danh mục dùng chung.")
