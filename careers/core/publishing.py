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

What the public sees of an item, where and when, is more than its status: its
address (address_fields: a slug, a path, the route a route page belongs to) and
its own clock (timing_fields: an event's time, a route page's application
windows) decide it too. PublicState is that, read from the item as stored, and
refused_changes() is the one rule of who may change it, which every path that
saves an item through the admin (form, restore, recover, inline rows, a crafted
post) applies after its writes and before its transaction commits.

One module, just over 400 lines: the workflow and the rule of who may change what the
public sees are one rule, and apart each would need the other's states and messages.

The admin half (actions, role rules, preview, history and restore) is
careers/publishing_admin.PublishingAdmin.
"""

import dataclasses
import datetime
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from careers.core import freshness
from careers.core.search import normalize
from careers.core.times import date_time_words
from careers.core.validation import CheckedTextModel, validate_date_in_range

PUBLISHED_NEEDS_DATE = "公開するには公開日時が必要です。"
EXPIRY_AFTER_PUBLICATION = "公開終了日時は公開日時より後にしてください。"
ALREADY_EXPIRED = "公開終了日時（{expires}）を過ぎているため公開できません。公開終了日時を変えるか、空欄にしてください。"
PUBLISHERS_ONLY = "公開と公開停止は、公開担当の人だけができます。"
DATES_PUBLISHERS_ONLY = "公開日時と公開終了日時を決められるのは、公開担当の人だけです。"
LIVE_ADDRESS_FIXED = (
    "公開中の{noun}の URL（{fields}）は変えられません。"
    "変えるには、公開担当の人がいったん下書きに戻してください。"
)
NAME_IN_LIVE_ADDRESS = (
    "公開中の{noun}「{item}」の URL がこのスラッグでできているため、変えられません。"
    "変えるには、公開担当の人がその{noun}をいったん下書きに戻してください。"
)
LIVE_TIMING_PUBLISHERS_ONLY = "公開中の{noun}の{fields}を変えられるのは、公開担当の人だけです。"


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
    # Everything searchable in one normalised column (careers/core/search.py).
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

    # Relations whose names the derived columns show (search_document() reads them): renaming
    # one of those names refreshes the item (careers.core.freshness.refresh_items_showing).
    derived_from_names = ()

    def derived_values(self):
        """Columns computed from the item and its rows; content types add theirs."""
        return {"search_text": normalize("\n".join(t for t in self.search_document() if t))}

    def refresh_derived(self):
        """Store the derived columns; call after saving the item and its rows."""
        values = self.derived_values()
        for name, value in values.items():
            setattr(self, name, value)
        type(self)._default_manager.filter(pk=self.pk).update(**values)
        freshness.changed(type(self))  # lists filter and search by these columns

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
    # closing). Paths from the item; freshness.next_boundary() takes the next of them all.
    boundary_fields = ("published_at", "expires_at")

    @classmethod
    def upcoming_moments(cls, now):
        """A query per boundary field for the first such moment after now of a published
        item of this type (careers.core.freshness asks every type's in one statement)."""
        return [
            cls._default_manager.filter(status=Status.PUBLISHED, **{f"{path}__gt": now})
            .order_by(path)
            .values_list(path, flat=True)[:1]
            for path in cls.boundary_fields
        ]

    # The fields a public URL is made of: fixed while the item is published (it is in
    # feeds, shares and search engines). Returning the item to draft frees them.
    address_fields = ("slug",)
    # What besides the publication dates decides when the public sees what: an event's
    # time, a route page's windows (paths through rows, like boundary_fields). On a
    # published item only a publisher changes them; editors keep editing the text.
    timing_fields = ()

    def public_state(self):
        """Where and when the public sees this item, as stored (its timing rows are read
        from the database, not from a prefetch)."""
        return PublicState.of(self)

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
            expires = date_time_words(self.expires_at)
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


@dataclasses.dataclass(frozen=True)
class PublicState:
    """What decides where and when the public sees an item: its status, publication
    dates, address and timing. Two states are compared field by field."""

    status: str
    published_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    address: tuple
    timing: tuple

    @classmethod
    def of(cls, item):
        model = type(item)
        timing = []
        for relation, fields in _timing_paths(model).items():
            if relation is None:
                timing += [getattr(item, model._meta.get_field(f).attname) for f in fields]
            else:
                rows = getattr(item, relation).order_by("pk").values_list("pk", *fields)
                timing.append(tuple(rows) if item.pk else ())
        return cls(
            status=item.status,
            published_at=item.published_at,
            expires_at=item.expires_at,
            address=tuple(
                getattr(item, model._meta.get_field(f).attname) for f in model.address_fields
            ),
            timing=tuple(timing),
        )

    @property
    def published(self):
        return self.status == Status.PUBLISHED


def _timing_paths(model):
    """{None: [own fields], relation: [fields of its rows]} from model.timing_fields."""
    paths = {}
    for path in model.timing_fields:
        relation, _, field = path.rpartition("__")
        paths.setdefault(relation or None, []).append(field)
    return paths


def timing_relations(model):
    """The row relations model.timing_fields go through (a route page's "windows")."""
    return [relation for relation in _timing_paths(model) if relation is not None]


def timing_labels(model):
    """HR's names of what timing_fields cover: 「開始日時・終了日時」, 「受付期間」."""
    labels = []
    for relation, fields in _timing_paths(model).items():
        if relation is None:
            labels += [str(model._meta.get_field(f).verbose_name) for f in fields]
        else:
            labels.append(str(model._meta.get_field(relation).related_model._meta.verbose_name))
    return "・".join(labels)


def refused_changes(model, before, after, user):
    """Why user may not take an item of model from before (its PublicState as stored;
    None for a new one) to after: HR's messages, none when the change is allowed.

    The one rule of who decides what the public sees: only a publisher publishes,
    unpublishes or dates an item, and retimes a published one; nobody moves a
    published item's address."""
    refused = []
    noun = model._meta.verbose_name
    was_published = before is not None and before.published
    if not model.can_publish(user):
        if was_published != after.published:
            refused.append(PUBLISHERS_ONLY)
        dates_before = (before.published_at, before.expires_at) if before else (None, None)
        if dates_before != (after.published_at, after.expires_at):
            refused.append(DATES_PUBLISHERS_ONLY)
        if was_published and before.timing != after.timing:
            refused.append(
                LIVE_TIMING_PUBLISHERS_ONLY.format(noun=noun, fields=timing_labels(model))
            )
    if was_published and before.address != after.address:
        labels = "・".join(str(model._meta.get_field(f).verbose_name) for f in model.address_fields)
        refused.append(LIVE_ADDRESS_FIXED.format(noun=noun, fields=labels))
    return refused


def address_name_problem(name):
    """The message refusing a new slug for a shared name (a route) that the address of a
    published item is made of (a route page's /routes/<route's slug>/), or None: the
    address rule of refused_changes(), for a change made on the name rather than the item."""
    stored = type(name)._default_manager.filter(pk=name.pk).values_list("slug", flat=True).first()
    if stored is None or stored == name.slug:
        return None
    for model in freshness.our_models():
        if not issubclass(model, Publishable):
            continue
        for field_name in model.address_fields:
            field = model._meta.get_field(field_name)
            if field.is_relation and field.related_model is type(name):
                item = model._default_manager.filter(
                    status=Status.PUBLISHED, **{field_name: name}
                ).first()
                if item is not None:
                    noun = model._meta.verbose_name
                    return NAME_IN_LIVE_ADDRESS.format(noun=noun, item=item)
    return None
