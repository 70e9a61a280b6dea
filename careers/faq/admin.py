"""The FAQ admin: themes and questions."""

from django.contrib import admin

from careers.core.publishing_admin import PublishingAdmin, VisibilityFilter
from careers.faq.models import FaqItem, FaqTheme


@admin.register(FaqTheme)
class FaqThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(FaqItem)
class FaqItemAdmin(PublishingAdmin):
    list_display = ["question", "theme", "position", "visibility_label", "edited_by"]
    list_filter = [VisibilityFilter, "theme"]
    list_select_related = ["theme", "updated_by"]
    search_fields = ["question", "answer"]
    autocomplete_fields = ["theme"]
    fieldsets = [
        (None, {"fields": ["theme", "position", "question", "answer", "status"]}),
        # The question's anchor on the FAQ page, rarely changed.
        ("ページ内のリンク名", {"fields": ["slug"], "classes": ["collapse"]}),
    ]
