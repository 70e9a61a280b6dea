"""The event admin."""

from django.contrib import admin

from careers.core.publishing_admin import PublishingAdmin, VisibilityFilter
from careers.events.models import Event


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    list_display = ["title", "starts_at", "online", "visibility_label", "edited_by"]
    list_filter = [VisibilityFilter, "online"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "body", "place"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status"]}),
        ("日時と場所", {"fields": [("starts_at", "ends_at"), ("online", "place")]}),
        ("申込", {"fields": ["audience", "capacity_note", "registration_url"]}),
        ("内容", {"fields": ["body", "report"]}),
    ]
