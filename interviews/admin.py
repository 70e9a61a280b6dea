import nested_admin
import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.admin import VersionAdmin
from reversion.models import Version

from careers.inlines import SafeStackedInline, SafeTabularInline

from .content_checks import check_article
from .models import Answer, Article, ScheduleEntry, ShareLink, StaffProfile, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SortableInlineForm(forms.ModelForm):
    def has_changed(self):
        # The drag-and-drop script numbers every form, blank extra ones included; a new
        # form whose only change is its position is still blank and must not be validated.
        changed = set(self.changed_data)
        if self.instance._state.adding:
            changed.discard("position")
        return bool(changed)


class NumericIdsMixin:
    """Autocomplete widgets look the submitted ids up when a form with errors is shown
    again; a crafted non-numeric id there is a ValueError (a 500). The field itself
    reports such a value as an invalid choice, so the widget can leave it out."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


class SafeAutocompleteSelect(NumericIdsMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(NumericIdsMixin, AutocompleteSelectMultiple):
    pass


class ScheduleEntryInline(SafeTabularInline):
    model = ScheduleEntry
    root_path = "profile__article"
    max_num = 40
    extra = 1
    fields = ["start", "end", "place", "title", "detail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 28})}
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
            when = timezone.localtime(self.instance.revoked_at).strftime("%Y年%-m月%-d日 %H:%M")
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


class StateFilter(admin.SimpleListFilter):
    title = "公開状況"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        if self.value() in Article.State.values:
            return queryset.in_state(self.value())
        return queryset


class ArticleAdminForm(forms.ModelForm):
    # The version of the article the editor loaded; a save based on another is refused.
    loaded_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin narrows this to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_token"].initial = self.instance.edit_token

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                Article.objects.select_for_update(of=("self",))
                .select_related("updated_by")
                .get(pk=self.instance.pk)
            )
            if cleaned.get("loaded_token") != current.edit_token:
                # Carry the current token in the re-rendered form: saving again is then a
                # deliberate overwrite by someone who has seen this message.
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_token")] = current.edit_token
                who = current.updated_by
                name = (who.get_full_name() or who.get_username()) if who else "別の利用者"
                when = timezone.localtime(current.updated_at).strftime("%Y年%-m月%-d日 %H:%M")
                raise forms.ValidationError(
                    f"この記事は、あなたが編集を始めた後に {name} さんが {when} に保存しています。"
                    "あなたの入力はこの画面に残っています。別の画面で最新の内容を確認し、"
                    "必要な変更を反映してから、もう一度保存してください（このまま保存すると上書きします）。",
                    code="stale",
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(VersionAdmin, nested_admin.NestedModelAdmin):
    form = ArticleAdminForm
    inlines = [StaffProfileInline, ShareLinkInline]
    list_display = ["title", "state_label", "published_at", "revised_at", "category"]
    list_filter = [StateFilter, "status", "category", "tags"]
    list_select_related = ["category"]
    search_fields = ["title", "slug", "lead", "profiles__label", "profiles__affiliation"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "tags"]
    actions = ["submit_for_review", "publish", "unpublish", "duplicate"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "status", "category", "tags", "loaded_token"]}),
        ("公開日時と日付", {"fields": [("published_at", "expires_at"), ("revised_at", "as_of")]}),
        ("リード文", {"fields": ["lead"]}),
        ("結び", {"fields": ["closing_heading", "closing_body"]}),
        (
            "画像と検索エンジン向けの情報",
            {"fields": [("hero_image", "hero_alt"), "meta_description"]},
        ),
        ("記録", {"fields": [("created_at", "updated_at", "updated_by")], "classes": ["collapse"]}),
    ]

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("interviews.publish_article")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets = [("内容チェック", {"fields": ["content_findings"]}), *fieldsets]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = ["created_at", "updated_at", "updated_by", "content_findings"]
        if not self.has_publish_permission(request):
            # Setting the publication time is publishing; so is taking an article off line.
            readonly += ["published_at", "expires_at"]
            if obj is not None and obj.status == Article.Status.PUBLISHED:
                readonly.append("status")
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value != Article.Status.PUBLISHED
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        restoring = getattr(request, "restoring", None)
        if restoring is not None and not self.has_publish_permission(request):
            # Restoring a version changes the content, never what the public sees: an
            # editor's restore keeps today's status and dates; a recovered article
            # comes back as a draft.
            if restoring.public_state is None:
                obj.status = Article.Status.DRAFT
            else:
                obj.status, obj.published_at, obj.expires_at = restoring.public_state
        super().save_model(request, obj, form, change)

    # --- history and recover ----------------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin wraps the changelist in one revision, which would record every
        # article of a bulk action together (and restoring one would restore them all);
        # the actions below record one revision per article themselves.
        context = {"has_change_permission": self.has_change_permission(request)}
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._article_version(request, version_id, object_id=unquote(object_id))
        current = Article.objects.filter(pk=version.object_id).first()
        if current is None:
            raise Http404("記事が見つかりません")
        request.restoring = Restoring(version, current)
        self._explain_restore(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self._article_version(request, version_id)
        if Article.objects.filter(pk=version.object_id).exists():
            messages.info(request, "この記事は削除されていません。履歴から以前の版に戻せます。")
            return redirect("admin:interviews_article_history", version.object_id)
        request.restoring = Restoring(version, None)
        self._explain_restore(request)
        return super().recover_view(request, version_id, extra_context)

    def _article_version(self, request, version_id, **lookups):
        """The version, if it is one of an article's and records no other article."""
        article_type = ContentType.objects.get_for_model(Article)
        version = get_object_or_404(
            Version.objects.select_related("revision"),
            pk=version_id,
            content_type=article_type,
            **lookups,
        )
        others = version.revision.version_set.filter(content_type=article_type).exclude(
            object_id=version.object_id
        )
        if others.exists():
            raise Http404("この版は複数の記事をまとめて記録したもので、ここからは戻せません。")
        return version

    def _explain_restore(self, request):
        if request.method == "GET" and not self.has_publish_permission(request):
            state = request.restoring.public_state
            messages.info(
                request,
                "公開状況（状態・公開日時・公開終了日時）は変わりません。"
                + (
                    "下書きとして復元します。"
                    if state is None
                    else "現在の公開状況のまま、内容だけを戻します。"
                ),
            )

    def construct_change_message(self, request, form, formsets, add=False):
        restoring = getattr(request, "restoring", None)
        if restoring is None:
            return super().construct_change_message(request, form, formsets, add)
        return restoring.describe(form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is ShareLink:
            for share_form in formset.forms:
                if share_form.instance.pk is None and share_form.has_changed():
                    share_form.instance.created_by = request.user
        super().save_formset(request, form, formset, change)

    @admin.display(description="点検結果")
    def content_findings(self, obj):
        findings = check_article(Article.objects.with_content().get(pk=obj.pk))
        if not findings:
            return "問題は見つかりませんでした。"
        items = format_html_join(
            "",
            '<li class="finding-{}"><strong>【{}】</strong>{}：{}</li>',
            ((f.severity, f.severity_label, f.location or "記事全体", f.message) for f in findings),
        )
        return format_html(
            "<p>保存済みの内容を点検した結果です（`check_content` と同じ基準）。</p><ul>{}</ul>",
            items,
        )

    @admin.display(description="公開状況")
    def state_label(self, obj):
        return obj.state().label

    def get_view_on_site_url(self, obj=None):
        # Staff see drafts at their public URL as a preview, so the link is always useful.
        return obj.get_absolute_url() if obj and obj.pk else None

    # --- actions --------------------------------------------------------------

    @admin.action(description="確認待ちにする（公開担当者に確認を依頼）", permissions=["change"])
    def submit_for_review(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.DRAFT):
            self._set_status(request, article, Article.Status.REVIEW, "確認待ちにしました")
            count += 1
        self.message_user(request, f"{count} 件の記事を確認待ちにしました。", messages.SUCCESS)

    @admin.action(description="公開する（公開日時が未設定なら今すぐ）", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            if article.published_at is None:
                article.published_at = timezone.now()
            self._set_status(request, article, Article.Status.PUBLISHED, "公開しました")
            count += 1
        self.message_user(request, f"{count} 件の記事を公開しました。", messages.SUCCESS)

    @admin.action(description="公開を停止して下書きに戻す", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            self._set_status(request, article, Article.Status.DRAFT, "公開を停止しました")
            count += 1
        self.message_user(request, f"{count} 件の記事の公開を停止しました。", messages.SUCCESS)

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

    def _set_status(self, request, article, status, comment):
        with transaction.atomic(), reversion.create_revision():
            article.status = status
            article.updated_by = request.user
            article.save()
            reversion.set_user(request.user)
            reversion.set_comment(comment)
        self.log_change(request, article, comment)


class Restoring:
    """A restore from history in progress: what the article was before it, for the
    role rule and for a log entry that says what really changed."""

    def __init__(self, version, current):
        self.version = version
        self.before = snapshot(current) if current else None
        self.public_state = (
            (current.status, current.published_at, current.expires_at) if current else None
        )

    def describe(self, article):
        saved = timezone.localtime(self.version.revision.date_created)
        when = f"{saved:%Y年%-m月%-d日 %H:%M} に保存した版"
        if self.before is None:
            return (
                f"削除した記事を {when} から復元しました（状態: {article.get_status_display()}）。"
            )
        after = snapshot(Article.objects.get(pk=article.pk))
        changed = [
            label for key, label in SNAPSHOT_LABELS.items() if self.before[key] != after[key]
        ]
        if not changed:
            return f"{when} に戻しました（内容に変わりはありませんでした）。"
        return f"{when} に戻しました。変わった項目: {'、'.join(changed)}。"


def _field_labels():
    labels = {
        f.name: str(f.verbose_name)
        for f in Article._meta.concrete_fields
        if f.editable and f.name not in ("id", "edit_token")
    }
    labels["tags"] = "タグ"
    labels["people"] = "登場する職員・スケジュール・回答"
    return labels


SNAPSHOT_LABELS = _field_labels()


def snapshot(article):
    """What an editor sees of an article, in a form two states can be compared in."""
    values = {
        name: getattr(article, name) for name in SNAPSHOT_LABELS if name not in ("tags", "people")
    }
    values["hero_image"] = article.hero_image.name
    values["tags"] = sorted(article.tags.values_list("name", flat=True))
    values["people"] = [
        (
            tuple(
                getattr(p, f.attname) for f in StaffProfile._meta.concrete_fields if f.name != "id"
            ),
            list(p.schedule.values_list("start", "end", "title", "detail", "place")),
            list(p.answers.values_list("position", "question", "body", "note")),
        )
        for p in article.profiles.all()
    ]
    return values


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
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
        return share_link_field(self.request, obj)

    @admin.display(description="閲覧")
    def visits(self, obj):
        return visit_summary(obj)

    def get_form(self, request, obj=None, **kwargs):
        self.request = request
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
