"""The article admin: one screen per article with its people, days and answers nested, content checks, share links, duplicate."""

import nested_admin
import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from careers.core.checks import ERROR, findings_for
from careers.core.inlines import SafeStackedInline, SafeTabularInline
from careers.core.publishing_admin import (
    PublishingAdmin,
    SafeAutocompleteSelectMultiple,
    VisibilityFilter,
)
from careers.core.registry import kind_of
from careers.core.times import TimeOfDayField, TypedDatesMixin, date_time_words

from .content_checks import describe_location
from .models import Answer, Article, ScheduleEntry, ShareLink, StaffProfile, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class TagsField(forms.ModelMultipleChoiceField):
    """Existing tags by id, and new ones by name ("new:在宅勤務", as the tag box sends a
    name typed there). New tags come back unsaved; ArticleAdmin.save_related() saves
    them with the article, so a form that fails creates nothing."""

    NEW = "new:"

    def __init__(self, *args, may_create=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_create = may_create

    def clean(self, value):
        value = list(value or [])
        names = list(
            dict.fromkeys(v[len(self.NEW) :].strip() for v in value if v.startswith(self.NEW))
        )
        tags = list(super().clean([v for v in value if not v.startswith(self.NEW)]) or [])
        if names and not self.may_create:
            raise ValidationError(
                "新しいタグを作る権限がありません。一覧にあるタグから選んでください。"
            )
        names = [name for name in names if name]
        for name in names:  # checked before any query: PostgreSQL refuses a NUL in one
            try:
                Tag(name=name).clean_fields(exclude=["slug"])
            except ValidationError as exc:
                messages = exc.message_dict.get("name", exc.messages)
                raise ValidationError([f"新しいタグ「{name}」：{m}" for m in messages]) from exc
        known = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        for name in names:
            tag = known.get(name) or Tag(name=name)
            if tag not in tags:
                tags.append(tag)
        return tags

    def has_changed(self, initial, data):
        return super().has_changed(
            initial, [v for v in data or [] if not str(v).startswith(self.NEW)]
        ) or any(str(v).startswith(self.NEW) for v in data or [])


class NewTagsWidget(SafeAutocompleteSelectMultiple):
    """The tag box, which keeps names typed for new tags when the form comes back with
    an error elsewhere."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        for index, raw in enumerate(v for v in value if str(v).startswith(TagsField.NEW)):
            label = f"{raw[len(TagsField.NEW) :]}（新しいタグ）"
            option = self.create_option(name, raw, label, True, len(groups) + index)
            groups.append((None, [option], len(groups) + index))
        return groups


class SortableInlineForm(forms.ModelForm):
    def has_changed(self):
        # The drag-and-drop script numbers every form, blank extra ones included; a new
        # form whose only change is its position is still blank and must not be validated.
        changed = set(self.changed_data)
        if self.instance._state.adding:
            changed.discard("position")
        return bool(changed)


class ScheduleEntryInline(SafeTabularInline):
    model = ScheduleEntry
    root_path = "profile__article"
    max_num = 40
    extra = 1
    fields = ["start", "end", "place", "title", "detail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 28})},
        # 9:00, ９：００, 9時30分, 0930…; no clock button and no time-zone note.
        models.TimeField: {"form_class": TimeOfDayField, "widget": TimeOfDayField.widget},
    }


class AnswerInline(SafeStackedInline):
    model = Answer
    root_path = "profile__article"
    max_num = 20
    form = SortableInlineForm
    extra = 1
    sortable_field_name = "position"
    fields = ["question", "body", "note", "position"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 5, "cols": 80})},
        models.PositiveIntegerField: {"widget": forms.HiddenInput},  # set by drag and drop
    }


class StaffProfileInline(SafeStackedInline):
    model = StaffProfile
    root_path = "article"
    max_num = 10
    form = SortableInlineForm
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


def share_link_field(request, link):
    """The link's full URL, ready to paste into an e-mail, with a copy button."""
    if not link.pk:
        return "保存すると URL が作られます"
    url = request.build_absolute_uri(link.get_absolute_url())
    field_id = f"share-link-{link.pk}"
    return format_html(
        '<input type="text" id="{0}" value="{1}" readonly class="share-link-url" '
        'aria-label="共有リンクの URL" size="48"> '
        '<button type="button" class="button" data-copy="{0}" hidden>コピー</button>',
        field_id,
        url,
    )


def visit_summary(link):
    if not link.visit_count:
        return "まだ開かれていません"
    first = timezone.localtime(link.first_visited_at).strftime("%-m/%-d %H:%M")
    last = timezone.localtime(link.last_visited_at).strftime("%-m/%-d %H:%M")
    return f"{link.visit_count} 回（最初 {first}、最後 {last}）"


class ShareLinkForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.revoked_at:
            # Revocation is final; the model holds the rule, the form shows it.
            when = date_time_words(self.instance.revoked_at)
            self.fields["revoked"].disabled = True
            self.fields["revoked"].help_text = f"{when} に無効にしました（元に戻せません）。"


class ShareLinkInline(SafeTabularInline):
    model = ShareLink
    form = ShareLinkForm
    root_path = "article"
    extra = 0
    view_on_site = False  # staff opening the link would count as the interviewee's visits
    fields = ["link", "expires_at", "revoked", "visits", "created_by"]
    readonly_fields = ["link", "visits", "created_by"]
    verbose_name_plural = "共有リンク（取材協力者の確認用。公開担当者が作成できます）"

    class Media:
        js = ["js/admin-copy.js"]

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request  # inline instances are made per request
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description="URL（メールに貼り付けて送れます）")
    def link(self, obj):
        return share_link_field(self.request, obj)

    @admin.display(description="閲覧")
    def visits(self, obj):
        return visit_summary(obj) if obj.pk else "-"


@admin.register(Article)
class ArticleAdmin(PublishingAdmin, nested_admin.NestedModelAdmin):
    inlines = [StaffProfileInline, ShareLinkInline]
    list_display = [
        "title",
        "visibility_label",
        "published_at",
        "category",
        "updated_at",
        "edited_by",
    ]
    list_filter = [VisibilityFilter, "category", "tags"]
    list_select_related = ["category", "updated_by"]
    search_fields = ["title", "slug", "lead", "profiles__label", "profiles__affiliation"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags"]
    actions = [*PublishingAdmin.actions, "duplicate"]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "status", "category", "tags", "featured"]},
        ),
        ("公開日時と日付", {"fields": [("published_at", "expires_at"), ("revised_at", "as_of")]}),
        ("リード文", {"fields": ["lead"]}),
        ("結び", {"fields": ["closing_heading", "closing_body"]}),
        (
            "画像と検索エンジン向けの情報",
            {"fields": [("hero_image", "hero_alt"), "meta_description"]},
        ),
    ]

    class Media:
        js = ["js/admin-new-tags.js", "js/admin-article-form.js"]
        css = {"all": ["css/admin-article.css"]}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name != "tags":
            return field
        may_create = request.user.has_perm("interviews.add_tag")
        tags = TagsField(
            queryset=field.queryset,
            widget=field.widget,
            required=False,
            label=field.label,
            may_create=may_create,
            help_text="一覧にないタグは、名前を入力して Enter で新しく作れます。"
            if may_create
            else "",
        )
        if may_create:
            tags.widget = NewTagsWidget(db_field, self.admin_site, attrs={"data-new-tag": "1"})
        return tags

    def save_related(self, request, form, formsets, change):
        for tag in form.cleaned_data.get("tags", []):
            if tag.pk is None:
                tag.save()
                self.log_addition(request, tag, [{"added": {}}])
        super().save_related(request, form, formsets, change)
        self.warn_of_errors(request, form)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets = [("内容チェック", {"fields": ["content_findings"]}), *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "content_findings"]

    def save_formset(self, request, form, formset, change):
        if formset.model is ShareLink:
            for share_form in formset.forms:
                if share_form.instance.pk is None and share_form.has_changed():
                    share_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="点検結果")
    def content_findings(self, obj):
        article = Article.objects.with_content().get(pk=obj.pk)
        findings = findings_for(kind_of(Article), article)
        if not findings:
            return "問題は見つかりませんでした。"
        items = format_html_join(
            "",
            '<li class="finding-{}"><strong>【{}】</strong>{}：{}</li>',
            (
                (f.severity, f.severity_label, describe_location(article, f.location), f.message)
                for f in findings
            ),
        )
        return format_html("<p>保存済みの内容を点検した結果です。</p><ul>{}</ul>", items)

    def warn_of_errors(self, request, form):
        # The form accepts what only the whole article can judge (overlapping times on a
        # live article among them): say it now, not only in the check box at the top.
        # A draft in progress is spared what is merely unfinished (no answers yet).
        article = Article.objects.with_content().get(pk=form.instance.pk)
        draft = article.status == Article.Status.DRAFT
        for finding in findings_for(kind_of(Article), article):
            if finding.severity == ERROR and (not draft or finding.code == "schedule-overlap"):
                where = describe_location(article, finding.location)
                self.message_user(
                    request, f"内容チェック：{where}：{finding.message}", messages.WARNING
                )

    @admin.action(description="複製する（下書きとして）", permissions=["add"])
    def duplicate(self, request, queryset):
        for article in queryset:
            with transaction.atomic(), reversion.create_revision():
                copy = article.duplicate(user=request.user)
                reversion.set_user(request.user)
                reversion.set_comment(f"「{article.title}」から複製しました")
            self.log_addition(request, copy, [{"added": {}}])
        self.message_user(
            request, f"{queryset.count()} 件の記事を下書きとして複製しました。", messages.SUCCESS
        )


@admin.register(ShareLink)
class ShareLinkAdmin(TypedDatesMixin, admin.ModelAdmin):
    form = ShareLinkForm
    list_display = ["article", "expires_at", "revoked", "visits", "created_by", "created_at"]
    list_filter = ["revoked"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]

    class Media:
        js = ["js/admin-copy.js"]

    def get_fields(self, request, obj=None):
        fields = ["article", "expires_at", "revoked"]
        if obj is not None:
            fields = ["link", *fields, "revoked_at", "visits", "created_by", "created_at"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = ["link", "visits", "created_by", "created_at", "revoked_at"]
        if obj is not None:
            readonly.append("article")  # a link belongs to its article for good
        return readonly

    @admin.display(description="URL（メールに貼り付けて送れます）")
    def link(self, obj):
        return share_link_field(obj.shown_to, obj)

    @admin.display(description="閲覧")
    def visits(self, obj):
        return visit_summary(obj)

    def get_object(self, request, object_id, from_field=None):
        # The admin instance serves every request; the object is this request's own.
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.shown_to = request
        return obj

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
