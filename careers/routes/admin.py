"""The route page admin: windows and selection steps inline; on a live page an editor's windows are read-only in their timing."""

from django import forms
from django.contrib import admin, messages
from django.db import models

from careers.core.publishing_admin import PublishingAdmin, TimingRowsInline, VisibilityFilter
from careers.core.times import TypedDatesMixin
from careers.routes.models import ApplicationWindow, RoutePage, SelectionStep


class SelectionStepInline(admin.TabularInline):
    model = SelectionStep
    extra = 1
    max_num = 20
    fields = ["position", "title", "body"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 50})},
    }


class ApplicationWindowInline(TimingRowsInline, TypedDatesMixin, admin.StackedInline):
    model = ApplicationWindow
    extra = 0
    max_num = 20
    fields = [("label", "exam_dates"), ("opens_at", "closes_at"), "apply_url", "notes"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }


@admin.register(RoutePage)
class RoutePageAdmin(PublishingAdmin):
    inlines = [ApplicationWindowInline, SelectionStepInline]
    list_display = [
        "route",
        "visibility_label",
        "window_now",
        "position",
        "updated_at",
        "edited_by",
    ]
    list_filter = [VisibilityFilter]
    list_select_related = ["route", "updated_by"]
    list_prefetch_related = ["windows"]
    search_fields = ["route__name", "lead"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["route", "status", "position"]}),
        ("内容", {"fields": ["lead", "audience", "eligibility", "conditions"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("windows")

    @admin.display(description="受付の状況")
    def window_now(self, obj):
        window = obj.current_window()
        return f"{window.label}：{window.state_words()}" if window else "受付期間なし"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for window in form.instance.windows.all():
            if window.closes_within(7):
                self.message_user(
                    request,
                    f"「{window.label}」の受付は {window.state_words()} です。締切が近づいています。",
                    messages.WARNING,
                )
