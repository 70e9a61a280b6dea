"""History and restore for every content type (django-reversion), keeping the role rule.

An editor's restore changes the content, never what the public sees: the item's status
and dates as stored, and a published item's timing and rows, are put back on the
restored version before the form is shown (Restoring.keep_public_state); nobody's
restore moves a published item's address. A version must belong to the item and record
no other; the log says what really changed; the compare view shows two versions, or a
version and the item now, field by field.

HistoryAdmin is a mixin of PublishingAdmin (careers/core/publishing_admin.py), whose
role rule (has_publish_permission) and stored state it uses.
"""

import dataclasses

from django.contrib import messages
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from reversion.admin import VersionAdmin
from reversion.models import Version

from careers.core import compare, presence
from careers.core.publishing import (
    Status,
    timing_labels,
    timing_relations,
)
from careers.core.times import date_time_words


class HistoryAdmin(VersionAdmin):
    def _reversion_order_version_queryset(self, request, queryset):
        """Each version with the time its item was deleted, if it was (the recover list
        shows that, not the time of the last version saved before)."""
        deleted_at = (
            LogEntry.objects.filter(
                content_type_id=OuterRef("content_type_id"),
                object_id=OuterRef("object_id"),
                action_flag=DELETION,
            )
            .order_by("-action_time")
            .values("action_time")[:1]
        )
        queryset = super()._reversion_order_version_queryset(request, queryset)
        return queryset.annotate(deleted_at=Subquery(deleted_at))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        restoring = getattr(request, "restoring", None)
        if obj is not None and restoring is not None:
            restoring.keep_public_state(obj, self.has_publish_permission(request))
        return obj

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._own_version(version_id, object_id=unquote(object_id))
        current = self.model._default_manager.filter(pk=version.object_id).first()
        if current is None:
            raise Http404("見つかりません")
        request.restoring = Restoring(version, current)
        request.stored_state = current.public_state()
        self._explain_restore(request)
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        version = self._own_version(version_id)
        if self.model._default_manager.filter(pk=version.object_id).exists():
            messages.info(request, "削除されていません。履歴から以前の版に戻せます。")
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", version.object_id)
        request.restoring = Restoring(version, None)
        # A deleted item is judged as the draft it comes back as, with its dates.
        fields = {f.attname for f in self.model._meta.concrete_fields}
        deleted = self.model(**{k: v for k, v in version.field_dict.items() if k in fields})
        request.stored_state = dataclasses.replace(deleted.public_state(), status=Status.DRAFT)
        self._explain_restore(request)
        return super().recover_view(request, version_id, extra_context)

    def _own_version(self, version_id, **lookups):
        """The version, if it is one of this model's and records no other item of it."""
        own_type = ContentType.objects.get_for_model(self.model)
        version = get_object_or_404(
            Version.objects.select_related("revision"),
            pk=version_id,
            content_type=own_type,
            **lookups,
        )
        others = version.revision.version_set.filter(content_type=own_type).exclude(
            object_id=version.object_id
        )
        if others.exists():
            raise Http404("この版は複数の項目をまとめて記録したもので、ここからは戻せません。")
        return version

    def _explain_restore(self, request):
        if request.method != "GET":
            return
        stored = request.restoring.current and request.stored_state
        kept = []
        if not self.has_publish_permission(request):
            kept.append("公開状況（状態・公開日時・公開終了日時）")
            if stored and stored.published and self.model.timing_fields:
                kept.append(timing_labels(self.model))
        if stored and stored.published:
            kept.append("URL")
        if not kept:
            return
        messages.info(
            request,
            f"{'・'.join(kept)}は変わりません。"
            + ("下書きとして復元します。" if stored is None else "今のまま、内容だけを戻します。"),
        )

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        compare_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[object_id])
        return super().history_view(
            request, object_id, {"compare_url": compare_url, **(extra_context or {})}
        )

    def compare_view(self, request, object_id):
        """Two versions of the item, or a version and the item now, field by field: what
        a publisher reads before publishing an editor's changes."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("見つかりません")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = list(
            Version.objects.get_for_object(obj).select_related("revision", "revision__user")
        )
        by_id = {str(v.pk): v for v in versions}
        older_id = request.GET.get("from") or (str(versions[1].pk) if len(versions) > 1 else "")
        newer_id = request.GET.get("to") or "current"
        if (older_id and older_id not in by_id) or (
            newer_id != "current" and newer_id not in by_id
        ):
            raise Http404("この項目の版ではありません。")
        older = by_id.get(older_id)
        if (
            older is not None
            and newer_id != "current"
            and by_id[newer_id].revision.date_created < older.revision.date_created
        ):
            older, newer_id = by_id[newer_id], older_id  # always old → new
        newer = None if newer_id == "current" else by_id[newer_id]
        changes = []
        if older is not None:
            after = compare.from_object(obj) if newer is None else compare.from_version(newer)
            changes = compare.differences(compare.from_version(older), after)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "object": obj,
            "title": f"「{obj}」の版を比べる",
            "versions": [(str(v.pk), version_label(v)) for v in versions],
            "older_id": str(older.pk) if older else "",
            "older": older,
            "newer": newer,
            "newer_id": newer_id,
            "changes": changes,
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/compare_versions.html", context)

    def construct_change_message(self, request, form, formsets, add=False):
        restoring = getattr(request, "restoring", None)
        if restoring is None:
            return super().construct_change_message(request, form, formsets, add)
        return restoring.describe(form.instance)


def version_label(version):
    """「2026年11月27日 10:35 山田（内容を変更しました）」 for a version in a list."""
    revision = version.revision
    user = revision.user
    who = presence.display_name(user)
    comment = Truncator(revision.get_comment()).chars(40)
    return f"{date_time_words(revision.date_created)} {who}" + (f"：{comment}" if comment else "")


class Restoring:
    """A restore from history in progress: what the item was before it, for the role
    rule and for a log entry that says what really changed."""

    def __init__(self, version, current):
        self.version = version
        self.current = current
        self.before = compare.from_object(current) if current else None
        # Read now: the restore rewrites the rows before the form is shown or saved.
        self.timing_rows = (
            {
                relation: list(getattr(current, relation).all())
                for relation in timing_relations(type(current))
            }
            if current
            else {}
        )

    def keep_public_state(self, obj, publisher):
        """Put back on the restored obj what this restore does not change: for an editor,
        the status and dates (a recovered item comes back as a draft) and a published
        item's timing with its rows; for everyone, a published item's address."""
        model, current = type(obj), self.current
        if current is None:
            if not publisher:
                obj.status = Status.DRAFT
            return
        kept = [] if publisher else ["status", "published_at", "expires_at"]
        if current.status == Status.PUBLISHED:
            kept += model.address_fields
            if not publisher:
                kept += [f for f in model.timing_fields if "__" not in f]
                for relation, rows in self.timing_rows.items():
                    related = getattr(obj, relation)
                    related.all().delete()
                    related.model._default_manager.bulk_create(rows)
        for name in kept:
            attname = model._meta.get_field(name).attname
            setattr(obj, attname, getattr(current, attname))

    def describe(self, obj):
        saved = timezone.localtime(self.version.revision.date_created)
        when = f"{date_time_words(saved)} に保存した版"
        if self.before is None:
            name = type(obj)._meta.verbose_name
            return f"削除した{name}を {when} から復元しました（状態: {obj.get_status_display()}）。"
        after = compare.from_object(type(obj)._default_manager.get(pk=obj.pk))
        # A field of the item by its name; a row by the row it is in (「【Case1】Aさん」).
        changed = list(
            dict.fromkeys(
                change.where.split(" › ")[0] if change.where else change.field
                for change in compare.differences(self.before, after)
            )
        )
        if not changed:
            return f"{when} に戻しました（内容に変わりはありませんでした）。"
        return f"{when} に戻しました。変わった項目: {'、'.join(changed)}。"
