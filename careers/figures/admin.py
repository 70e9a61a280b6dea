from django.contrib import admin
from django.db import models

from careers.core.numbers import DecimalInputField
from careers.core.publishing_admin import PublishingAdmin, VisibilityFilter
from careers.figures.models import Figure, FigureBreakdownRow, FigureTheme

TYPED_NUMBERS = {models.DecimalField: {"form_class": DecimalInputField}}


@admin.register(FigureTheme)
class FigureThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


class FigureBreakdownInline(admin.TabularInline):
    model = FigureBreakdownRow
    extra = 1
    max_num = 30
    fields = ["position", "label", "value"]
    formfield_overrides = TYPED_NUMBERS


@admin.register(Figure)
class FigureAdmin(PublishingAdmin):
    inlines = [FigureBreakdownInline]
    list_display = ["label", "theme", "position", "as_of", "visibility_label", "edited_by"]
    list_filter = [VisibilityFilter, "theme"]
    list_select_related = ["theme", "updated_by"]
    search_fields = ["label", "source", "note"]
    autocomplete_fields = ["theme"]
    formfield_overrides = TYPED_NUMBERS
    fieldsets = [
        (None, {"fields": ["theme", "position", "label", "status"]}),
        ("数値", {"fields": [("value", "unit"), "as_of", "source", "note"]}),
        ("内訳", {"fields": ["breakdown_title"]}),
        # The figure's anchor on the page, rarely changed.
        ("ページ内のリンク名", {"fields": ["slug"], "classes": ["collapse"]}),
    ]
