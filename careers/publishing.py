"""The publishing layer: draft → review → published, with scheduling and expiry.

Any content HR publishes (interviews, and the portal's other types) inherits
Publishable. It brings the fields, the invariants (as database constraints and in
clean(), with their messages as constants that the importer and the content
checks reuse), the one definition of "visible to the public"
(PublishableQuerySet.live(), used by every public surface), the state in words
(Visibility), the one rule of who may publish (can_publish()), and the workflow
itself: submit_for_review(), publish() and unpublish() check the permission and
validate before they save. No cron job is involved: a scheduled item is live
from the moment its time has come, an expired one is not.

The admin half (actions, role rules, preview, history and restore) is
careers/publishing_admin.PublishingAdmin.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from .search import normalize
from .validation import CheckedTextModel, validate_date_in_range

PUBLISHED_NEEDS_DATE = "公開するには公開日時が必要です。"
EXPIRY_AFTER_PUBLICATION = "公開終了日時は公開日時より後にしてください。"
ALREADY_EXPIRED = "公開終了日時（{expires}）を過ぎているため公開できません。公開終了日時を変えるか、空欄にしてください。"
PUBLISHERS_ONLY = "公開と公開停止は、公開担当の人だけができます。"


class Status(models.TextChoices):
    """What HR sets."""

    DRAFT = "draft", "下書き"
    REVIEW = "review", "確認待ち"
    PUBLISHED = "published", "公開"


class Visibility(models.TextChoices):
    """What the public sees right now, in HR's words: the status plus the clock."""

    DRAFT = "draft", "下書き"
    REVIEW = "review", "確認待ち"
    SCHEDULED = "scheduled", "公開予約"
    LIVE = "live", "公開中"
    EXPIRED = "expired", "公開終了"


class PublishableQuerySet(models.QuerySet):
    def live(self, now=None):
        """The one definition of "visible to the public"."""
        now = now or timezone.now()
        return self.filter(status=Status.PUBLISHED, published_at__lte=now).exclude(
            expires_at__lte=now
        )

    def with_visibility(self, visibility, now=None):
        """Items in one of the states HR sees in admin (the SQL twin of visibility())."""
        now = now or timezone.now()
        published = self.filter(status=Status.PUBLISHED)
        match visibility:
            case Visibility.DRAFT:
                return self.filter(status=Status.DRAFT)
            case Visibility.REVIEW:
                return self.filter(status=Status.REVIEW)
            case Visibility.SCHEDULED:
                return published.filter(Q(published_at__gt=now) | Q(published_at__isnull=True))
            case Visibility.LIVE:
                return self.live(now)
            case Visibility.EXPIRED:
                return published.filter(published_at__lte=now, expires_at__lte=now)
        raise ValueError(f"unknown visibility {visibility!r}")


class Publishable(CheckedTextModel):
    # A concrete model also declares Meta.permissions = [("publish_<model name>", …)].
    Status = Status
    Visibility = Visibility

    status = models.CharField(
        "状態", max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "公開日時",
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="この日時になると公開されます。ページには「公開日」として表示されます。",
    )
    expires_at = models.DateTimeField(
        "公開終了日時",
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text="空欄なら公開を続けます。",
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最終更新者",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # A new random value on every save; a form loaded with another value is refused
    # (no lost updates). Random rather than a counter: restoring an old version from
    # history writes that version's value back, which must not match other old forms.
    edit_token = models.CharField("編集トークン", max_length=32, blank=True, editable=False)
    # Everything searchable in one normalised column (careers/search.py).
    search_text = models.TextField("検索用の文字列", blank=True, editable=False)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        # What live() reads, so that counting and listing live items never reads their rows.
        indexes = [
            models.Index(
                fields=["status", "published_at", "expires_at"], name="%(app_label)s_%(class)s_live"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="%(class)s_published_has_date",
                violation_error_message=PUBLISHED_NEEDS_DATE,
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(expires_at__gt=F("published_at")),
                name="%(class)s_expires_after_publish",
                violation_error_message=EXPIRY_AFTER_PUBLICATION,
            ),
        ]

    def save(self, *args, **kwargs):
        self.edit_token = secrets.token_hex(8)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "edit_token", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.status == Status.PUBLISHED and not self.published_at:
            errors["published_at"] = PUBLISHED_NEEDS_DATE
        if self.published_at and self.expires_at and self.expires_at <= self.published_at:
            errors["expires_at"] = EXPIRY_AFTER_PUBLICATION
        errors.update(self.content_errors())
        if errors:
            raise ValidationError(errors)

    def content_errors(self):
        """{field: message} for a content type's own invariants, reported together with
        the publishing ones; types override."""
        return {}

    # --- search ----------------------------------------------------------------------------

    def search_document(self):
        """The texts a search should find this item by; content types add their rows."""
        return [
            getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and f.editable
            and f.name not in ("status", "slug")
        ]

    def derived_values(self):
        """Columns computed from the item and its rows; content types add theirs."""
        return {"search_text": normalize("\n".join(t for t in self.search_document() if t))}

    def refresh_derived(self):
        """Store the derived columns; call after saving the item and its rows."""
        from .page_cache import content_changed

        values = self.derived_values()
        for name, value in values.items():
            setattr(self, name, value)
        type(self)._default_manager.filter(pk=self.pk).update(**values)
        content_changed()  # lists filter and search by these columns

    # --- where it stands ---------------------------------------------------------------

    def visibility(self, now=None):
        now = now or timezone.now()
        if self.status == Status.DRAFT:
            return Visibility.DRAFT
        if self.status == Status.REVIEW:
            return Visibility.REVIEW
        if self.published_at is None or self.published_at > now:
            return Visibility.SCHEDULED
        if self.expires_at is not None and self.expires_at <= now:
            return Visibility.EXPIRED
        return Visibility.LIVE

    def is_live(self, now=None):
        return self.visibility(now) == Visibility.LIVE

    # The moments a published item of this type changes what the public sees: going live,
    # expiring, and for some types their own clock (a route page's windows opening and
    # closing). Paths from the item; page_cache.next_boundary() takes the next of them all.
    boundary_fields = ("published_at", "expires_at")

    # --- who may do what -------------------------------------------------------------------

    @classmethod
    def publish_permission(cls):
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"

    @classmethod
    def can_publish(cls, user):
        """The one rule of who changes what the public sees."""
        return user.is_active and user.has_perm(cls.publish_permission())

    @classmethod
    def can_preview(cls, user):
        opts = cls._meta
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    # --- the workflow ----------------------------------------------------------------------
    # Each returns True when it changed something and raises ValidationError (with HR's
    # message) or PermissionDenied instead of saving an item the rules do not allow.

    def submit_for_review(self, by):
        if self.status != Status.DRAFT:
            return False
        self.status = Status.REVIEW
        return self._save_checked(by)

    def publish(self, by, now=None):
        self._require_publisher(by)
        if self.status == Status.PUBLISHED:
            return False
        if self.published_at is None:
            self.published_at = now or timezone.now()
        if self.expires_at is not None and self.expires_at <= self.published_at:
            expires = timezone.localtime(self.expires_at).strftime("%Y年%-m月%-d日 %H:%M")
            raise ValidationError({"expires_at": ALREADY_EXPIRED.format(expires=expires)})
        self.status = Status.PUBLISHED
        return self._save_checked(by)

    def unpublish(self, by):
        self._require_publisher(by)
        if self.status != Status.PUBLISHED:
            return False
        self.status = Status.DRAFT
        return self._save_checked(by)

    def _require_publisher(self, user):
        if not self.can_publish(user):
            raise PermissionDenied(PUBLISHERS_ONLY)

    def _save_checked(self, by):
        self.full_clean()
        self.updated_by = by
        self.save()
        return True
