"""The news admin."""

from django.contrib import admin

from careers.core.publishing_admin import PublishingAdmin, VisibilityFilter
from careers.news.models import NewsPost


@admin.register(NewsPost)
class NewsPostAdmin(PublishingAdmin):
    list_display = ["title", "visibility_label", "category", "pinned", "published_at", "edited_by"]
    list_filter = [VisibilityFilter, "category", "pinned"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "category", "pinned"]}),
        ("本文", {"fields": ["body"]}),
    ]
