"""The free page admin, with its sections inline."""

from django import forms
from django.contrib import admin
from django.db import models

from careers.core.publishing_admin import PublishingAdmin, VisibilityFilter
from careers.pages.models import FreePage, PageSection


class PageSectionInline(admin.StackedInline):
    model = PageSection
    extra = 1
    max_num = 30
    fields = [("position", "heading"), "body", ("image", "image_alt")]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 6, "cols": 80})},
    }


@admin.register(FreePage)
class FreePageAdmin(PublishingAdmin):
    inlines = [PageSectionInline]
    list_display = ["title", "path", "visibility_label", "placement", "nav_order", "edited_by"]
    list_filter = [VisibilityFilter, "placement"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "path", "lead"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "path", "status"]}),
        ("ナビゲーション", {"fields": [("placement", "nav_order", "nav_label")]}),
        ("はじめに", {"fields": ["lead"]}),
    ]
