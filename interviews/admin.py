import nested_admin
from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from .models import Answer, Article, ScheduleEntry, StaffProfile, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ScheduleEntryInline(nested_admin.NestedTabularInline):
    model = ScheduleEntry
    extra = 1
    fields = ["start", "end", "place", "title", "detail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 28})}
    }


class AnswerInline(nested_admin.NestedStackedInline):
    model = Answer
    extra = 1
    sortable_field_name = "position"
    fields = ["question", "body", "note", "position"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 5, "cols": 80})},
        models.PositiveIntegerField: {"widget": forms.HiddenInput},  # set by drag and drop
    }


class StaffProfileInline(nested_admin.NestedStackedInline):
    model = StaffProfile
    sortable_field_name = "position"
    inlines = [ScheduleEntryInline, AnswerInline]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})},
        models.PositiveIntegerField: {"widget": forms.HiddenInput},  # set by drag and drop
    }
    fieldsets = [
        (None, {"fields": [("case_label", "label"), "position"]}),
        (
            "プロフィール",
            {
                "fields": [
                    "job_category",
                    "affiliation",
                    "affiliation_short",
                    ("department", "entry_route"),
                    "duties",
                    "career",
                    "motivation",
                    ("photo", "photo_alt"),
                ]
            },
        ),
    ]

    def get_extra(self, request, obj=None, **kwargs):
        # A new article starts with forms for the usual two people.
        return 2 if obj is None else 0


@admin.register(Article)
class ArticleAdmin(nested_admin.NestedModelAdmin):
    inlines = [StaffProfileInline]
    list_display = ["title", "status", "public_state", "published_at", "revised_at", "category"]
    list_filter = ["status", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "lead", "profiles__label", "profiles__affiliation"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "category", "tags"]}),
        ("日付", {"fields": [("published_at", "expires_at"), ("revised_at", "as_of")]}),
        ("リード文", {"fields": ["lead"]}),
        ("結び", {"fields": ["closing_heading", "closing_body"]}),
        (
            "画像と検索エンジン向けの情報",
            {"fields": [("hero_image", "hero_alt"), "meta_description"]},
        ),
        ("記録", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    @admin.display(description="公開状況")
    def public_state(self, obj):
        now = timezone.now()
        if obj.status != Article.Status.PUBLISHED:
            return obj.get_status_display()
        if obj.published_at and obj.published_at > now:
            return "公開予約"
        if obj.expires_at and obj.expires_at <= now:
            return "公開終了"
        return "公開中"
