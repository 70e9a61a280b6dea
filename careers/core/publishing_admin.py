"""The admin half of the publishing layer (careers/core/publishing.py).

PublishingAdmin gives any Publishable content type, declaratively:

- the role rule: only users who may publish (Publishable.can_publish) set the
  published status or the publication dates, in the form, in the actions, in a
  crafted post, and through history and recover;
- actions "submit for review", "publish" and "unpublish" built on the model's
  own workflow methods (so they validate and check the permission), recording
  one revision per item;
- refusal of a save based on a form loaded before someone else's save;
- a preview link (the object's get_preview_url()) and the state in words;
- history and restore that keep the role rule (HistoryAdmin, careers/core/history_admin.py).

Every rule about what the public sees of an item is judged on the item as stored
(request.stored_state, read before a restore rewrites the database), never on the
version being restored or the form being posted: the form shows those fields
read-only, a restore keeps them, and after every save in this admin
publishing.refused_changes() compares the stored state with the saved one and
rolls the whole save back if it finds a change the user may not make.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from reversion.admin import VersionAdmin

from careers.core import presence
from careers.core.admin_widgets import (
    SafeAutocompleteSelect,
    SafeAutocompleteSelectMultiple,
    without_unreadable_choices,
)
from careers.core.history_admin import HistoryAdmin
from careers.core.publishing import (
    PublicState,
    Status,
    Visibility,
    refused_changes,
    timing_labels,
)
from careers.core.times import TypedDatesMixin, date_time_words, month_day_time

DATE_PARTS = ("__year", "__month", "__day", "__week", "__week_day", "__quarter", "__hour")


class VisibilityFilter(admin.SimpleListFilter):
    title = "公開状況"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Visibility.choices

    def queryset(self, request, queryset):
        if self.value() in Visibility.values:
            return queryset.with_visibility(self.value())
        return queryset


class PublishableAdminForm(forms.ModelForm):
    """Refuses a save based on a version other than the one stored (no lost updates)."""

    loaded_token = forms.CharField(label="読み込んだ版", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_token"].initial = self.instance.edit_token

    def full_clean(self):
        if self.is_bound:
            self.data = without_unreadable_choices(self)
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            model = type(self.instance)
            current = (
                model._default_manager.select_for_update(of=("self",))
                .select_related("updated_by")
                .get(pk=self.instance.pk)
            )
            if cleaned.get("loaded_token") != current.edit_token:
                # Carry the current token in the re-rendered form: saving again is then a
                # deliberate overwrite by someone who has seen this message.
                self.data = self.data.copy()
                self.data[self.add_prefix("loaded_token")] = current.edit_token
                who = current.updated_by
                name = presence.display_name(who) if who else "別の利用者"
                when = date_time_words(current.updated_at)
                raise forms.ValidationError(
                    f"この{model._meta.verbose_name}は、あなたが編集を始めた後に {name} さんが {when} に"
                    "保存しています。あなたの入力はこの画面に残っています。別の画面で最新の内容を確認し、"
                    "必要な変更を反映してから、もう一度保存してください（このまま保存すると上書きします）。",
                    code="stale",
                )
        return cleaned


class TimingRowsInline:
    """For the inline of rows that time what the public sees (a route page's windows):
    on a published item, a user who may not publish edits their text but cannot add,
    remove or retime them (Django ignores posted changes to what they may not change)."""

    def _locked(self, request, obj):
        return self.admin_site._registry[self.parent_model].timing_locked(request, obj)

    def _timing_fields(self):
        own = self.parent_model._meta
        return [
            field
            for relation, _, field in (p.rpartition("__") for p in self.parent_model.timing_fields)
            if relation and own.get_field(relation).related_model is self.model
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + self._timing_fields() if self._locked(request, obj) else readonly

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class PublishingAdmin(TypedDatesMixin, HistoryAdmin):
    form = PublishableAdminForm
    actions = ["submit_for_review", "publish", "unpublish"]
    # The dates only a publisher sets; subclasses list them in their fieldsets.
    publishing_fields = ["published_at", "expires_at"]

    def get_fieldsets(self, request, obj=None):
        """A type declares the fieldsets of its own content; the publishing layer adds what
        every type has: the token a save is checked against (in the first fieldset, hidden),
        the publication dates after the first fieldset (unless the type places them), and
        the record of who saved when, folded, at the end."""
        if not self.fieldsets:
            return super().get_fieldsets(request, obj)
        fieldsets = [
            (name, {**opts, "fields": list(opts["fields"])}) for name, opts in self.fieldsets
        ]
        named = set(flatten_fieldsets(fieldsets))
        if "loaded_token" not in named:
            fieldsets[0][1]["fields"].append("loaded_token")
        if "published_at" not in named:
            fieldsets.insert(1, ("公開日時", {"fields": [("published_at", "expires_at")]}))
        if "created_at" not in named:
            record = [("created_at", "updated_at", "updated_by")]
            fieldsets.append(("記録", {"fields": record, "classes": ["collapse"]}))
        return fieldsets

    def has_publish_permission(self, request, obj=None):
        return self.model.can_publish(request.user)

    # --- what the public sees is judged on the item as stored -------------------------

    def stored_state(self, request, obj=None):
        """The PublicState of the item being edited as stored before this request wrote
        anything; None for a new item. changeform_view() reads it once per request."""
        if hasattr(request, "stored_state"):
            return request.stored_state
        return obj.public_state() if obj is not None and obj.pk else None

    def stored_published(self, request, obj=None):
        stored = self.stored_state(request, obj)
        return stored is not None and stored.published

    def timing_locked(self, request, obj=None):
        """Whether this user sees the item's timing (and its timing rows) read-only."""
        return self.stored_published(request, obj) and not self.has_publish_permission(request)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_saveasnew" in request.POST and not self.save_as:
            # Django honours a posted 「新規として保存」 even where the button is not offered;
            # here it would copy a live item without the fields its form shows read-only.
            raise PermissionDenied("この画面では、別の項目として保存することはできません。")
        if object_id is not None and not hasattr(request, "stored_state"):
            stored = self.get_object(request, unquote(object_id))  # None for an id no row has
            request.stored_state = stored.public_state() if stored else None
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            *super().get_readonly_fields(request, obj),
            "created_at",
            "updated_at",
            "updated_by",
        ]
        published = self.stored_published(request, obj)
        if not self.has_publish_permission(request):
            # Setting the publication time is publishing; so is taking an item off line.
            readonly += self.publishing_fields
            if published:
                readonly.append("status")
        fields = {f.name for f in self.model._meta.fields}
        if published:
            readonly += [f for f in self.model.address_fields if f in fields]
        if self.timing_locked(request, obj):
            readonly += [f for f in self.model.timing_fields if f in fields]
        return list(dict.fromkeys(readonly))

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [c for c in Status.choices if c[0] != Status.PUBLISHED]
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
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Whatever the form, the restore or the post: judged on what was stored. Raising
        # rolls back the save with its rows and its revision (changeform_view is atomic).
        after = PublicState.of(form.instance)
        if refused := refused_changes(self.model, self.stored_state(request), after, request.user):
            raise PermissionDenied(" ".join(refused))
        # The rows are saved now: the search text can take them in.
        form.instance.refresh_derived()
        self.announce_schedule(request, form.instance)
        if form.instance.status == Status.REVIEW and form.initial.get("status") != Status.REVIEW:
            self.tell_publishers(request, form.instance)

    def tell_publishers(self, request, obj):
        """Mail the publishers that obj waits for review, with links to it and its changes."""
        opts = obj._meta
        item = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        changes = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[obj.pk])
        told = presence.tell_publishers_of_review(
            obj, request.user, request.build_absolute_uri(item), request.build_absolute_uri(changes)
        )
        if told:
            self.message_user(request, f"公開担当者 {told} 人にメールで確認を依頼しました。")

    # --- who else is editing ------------------------------------------------------------

    # templates/admin/change_form.html and change_list.html show what these views add
    # (the page's heartbeat, the count of items waiting for review) when it is there.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if obj is not None and self.has_change_permission(request, obj):
            others = presence.opened(obj, request.user)
            if message := presence.others_message(obj, others):
                self.message_user(request, message, messages.WARNING)
            if self.model.timing_fields and self.timing_locked(request, obj):
                self.message_user(
                    request,
                    f"公開中のため、{timing_labels(self.model)}の日時は公開担当の人だけが変えられます。"
                    "文章は直せます。",
                    messages.INFO,
                )
            opts = self.model._meta
            extra_context["presence_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_presence", args=[obj.pk]
            )
            extra_context["presence_seconds"] = presence.HEARTBEAT_SECONDS
        return super().change_view(request, object_id, form_url, extra_context)

    def presence_view(self, request, object_id):
        """The open edit page's heartbeat (POST), and its goodbye (POST closed=1)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        if request.POST.get("closed"):
            presence.closed(obj, request.user)
        else:
            presence.still_open(obj, request.user)
        return JsonResponse({"ok": True})

    @admin.display(description="最終更新者", ordering="updated_by__last_name")
    def edited_by(self, obj):
        return presence.display_name(obj.updated_by)

    def announce_schedule(self, request, obj):
        """Say when a scheduled item goes live or a live one ends, in words and local time."""
        if message := schedule_message(obj):
            self.message_user(request, message, messages.INFO)

    @admin.display(description="公開状況")
    def visibility_label(self, obj):
        return obj.visibility().label

    def get_view_on_site_url(self, obj=None):
        # Staff see any state at the preview URL, so the link is always useful.
        if obj is None or obj.pk is None:
            return None
        return obj.get_absolute_url() if obj.is_live() else obj.get_preview_url()

    # --- actions ------------------------------------------------------------------------

    @admin.action(description="確認待ちにする（公開担当者に確認を依頼）", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, "submit_for_review", "確認待ちにしました")

    @admin.action(description="公開する（公開日時が未設定なら今すぐ）", permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, "publish", "公開しました")

    @admin.action(description="公開を停止して下書きに戻す", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, "unpublish", "公開を停止しました")

    def _run(self, request, queryset, method, done):
        told = method == "submit_for_review"
        changed, refused = 0, []
        for obj in queryset:
            try:
                with transaction.atomic(), reversion.create_revision():
                    if not getattr(obj, method)(by=request.user):
                        continue
                    reversion.set_user(request.user)
                    reversion.set_comment(done)
            except (ValidationError, PermissionDenied) as exc:
                reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                refused.append(f"「{obj}」: {' '.join(reasons)}")
                continue
            self.log_change(request, obj, done)
            self.announce_schedule(request, obj)
            if told:
                self.tell_publishers(request, obj)
            changed += 1
        self.message_user(
            request, f"{changed} 件を{done.removesuffix('しました')}しました。", messages.SUCCESS
        )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    def changelist_view(self, request, extra_context=None):
        # A date part in the query (?published_at__year=…) that is no small number would be
        # a ValueError or an overflow deep in the query (a 500): the list drops it and says so.
        unreadable = [
            key
            for key, value in request.GET.items()
            if key.endswith(DATE_PARTS)
            and not (value.isascii() and value.isdigit() and len(value) <= 4)
        ]
        if unreadable:
            query = request.GET.copy()
            for key in unreadable:
                del query[key]
            self.message_user(
                request, "日付の絞り込みの値が読めないため、外しました。", messages.WARNING
            )
            return redirect(f"{request.path}?{query.urlencode()}")
        # VersionAdmin wraps the changelist in one revision, which would record every item
        # of a bulk action together (and restoring one would restore them all); the
        # actions above record one revision per item themselves.
        context = {
            "has_change_permission": self.has_change_permission(request),
            # 「確認待ち 3 件」 above the list, a link to them.
            "review_count": self.get_queryset(request).filter(status=Status.REVIEW).count(),
            "review_filter": f"?{VisibilityFilter.parameter_name}={Visibility.REVIEW}",
        }
        return super(VersionAdmin, self).changelist_view(
            request, {**context, **(extra_context or {})}
        )

    def get_urls(self):
        opts = self.model._meta
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{opts.app_label}_{opts.model_name}_compare",
        )
        heartbeat = path(
            "<path:object_id>/presence/",
            self.admin_site.admin_view(self.presence_view),
            name=f"{opts.app_label}_{opts.model_name}_presence",
        )
        return [compare, heartbeat, *super().get_urls()]


def schedule_message(obj, now=None):
    """「…」は 11月27日 10:00 に公開されます。 for a scheduled item; the end of a live one."""

    visibility = obj.visibility(now)
    if visibility == Visibility.SCHEDULED and obj.published_at:
        message = f"「{obj}」は {month_day_time(obj.published_at)} に公開されます。"
        if obj.expires_at:
            message += f"{month_day_time(obj.expires_at)} に公開を終了します。"
        return message
    if visibility == Visibility.LIVE and obj.expires_at:
        return f"「{obj}」は公開中です。{month_day_time(obj.expires_at)} に公開を終了します。"
    return None
