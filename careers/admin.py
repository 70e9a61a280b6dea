from django import forms
from django.contrib import admin, messages
from django.db import models

from careers.core.publishing_admin import PublishingAdmin, TimingRowsInline, VisibilityFilter
from careers.core.times import TypedDatesMixin
from careers.events import Event
from careers.faq import FaqItem, FaqTheme
from careers.models import Department, EntryRoute, HomeMessage, JobCategory
from careers.news import NewsPost
from careers.pages import FreePage, PageSection
from careers.routes import ApplicationWindow, RoutePage, SelectionStep

admin.site.site_header = "採用インタビュー 管理画面"
admin.site.site_title = "採用インタビュー 管理"
admin.site.index_title = "記事と設定の管理"


@admin.register(JobCategory)
class JobCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    fields = ["name", "slug", "summary", "position"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(EntryRoute)
class EntryRouteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


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
        (None, {"fields": ["route", "status", "position", "loaded_token"]}),
        ("公開日時", {"fields": [("published_at", "expires_at")]}),
        ("内容", {"fields": ["lead", "audience", "eligibility", "conditions"]}),
        ("記録", {"fields": [("created_at", "updated_at", "updated_by")], "classes": ["collapse"]}),
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


@admin.register(NewsPost)
class NewsPostAdmin(PublishingAdmin):
    list_display = ["title", "visibility_label", "category", "pinned", "published_at", "edited_by"]
    list_filter = [VisibilityFilter, "category", "pinned"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "body"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "category", "pinned", "loaded_token"]}),
        ("公開日時", {"fields": [("published_at", "expires_at")]}),
        ("本文", {"fields": ["body"]}),
        ("記録", {"fields": [("created_at", "updated_at", "updated_by")], "classes": ["collapse"]}),
    ]


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
        (None, {"fields": ["theme", "position", "question", "answer", "status", "loaded_token"]}),
        ("公開日時", {"fields": [("published_at", "expires_at")]}),
        (
            "記録",
            {
                "fields": ["slug", ("created_at", "updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]


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
        (None, {"fields": ["title", "path", "status", "loaded_token"]}),
        ("ナビゲーション", {"fields": [("placement", "nav_order", "nav_label")]}),
        ("公開日時", {"fields": [("published_at", "expires_at")]}),
        ("はじめに", {"fields": ["lead"]}),
        ("記録", {"fields": [("created_at", "updated_at", "updated_by")], "classes": ["collapse"]}),
    ]


@admin.register(Event)
class EventAdmin(PublishingAdmin):
    list_display = ["title", "starts_at", "online", "visibility_label", "edited_by"]
    list_filter = [VisibilityFilter, "online"]
    list_select_related = ["updated_by"]
    search_fields = ["title", "body", "place"]
    date_hierarchy = "starts_at"
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "loaded_token"]}),
        ("日時と場所", {"fields": [("starts_at", "ends_at"), ("online", "place")]}),
        ("申込", {"fields": ["audience", "capacity_note", "registration_url"]}),
        ("内容", {"fields": ["body", "report"]}),
        ("公開日時", {"fields": [("published_at", "expires_at")]}),
        ("記録", {"fields": [("created_at", "updated_at", "updated_by")], "classes": ["collapse"]}),
    ]


@admin.register(HomeMessage)
class HomeMessageAdmin(admin.ModelAdmin):
    """One row: HR edits the lead of the home page; there is nothing to add or delete."""

    def has_add_permission(self, request):
        return not HomeMessage.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
