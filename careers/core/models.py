"""Core's models: the content tokens the freshness rule keeps (ContentVersion), who has an edit page open (EditingSession), and the abstract pieces the types share (NamedSlugModel, NormalizedTextField). Imports no other app."""

from django import forms
from django.conf import settings
from django.db import models

from careers.core.slugs import ascii_slug, unique_slug
from careers.core.validation import CheckedTextModel

SLUG_HELP = "URL に使う半角英数字とハイフン（例: zaitakukinmu）。空欄のまま保存すると名称のローマ字から付けます。"


def unix_newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class NormalizedTextFormField(forms.CharField):
    """The form side: what the browser sent, with "\n" line breaks, so that a textarea
    nobody touched compares equal to the stored text (no 「リード文 を変更しました」 in
    the history for a save that changed nothing)."""

    def to_python(self, value):
        return unix_newlines(super().to_python(value))


class NormalizedTextField(models.TextField):
    """A TextField that stores line breaks as "\n" whatever the browser sent.

    Browsers submit textareas with CRLF; stored as is, they would leak into
    exports and make the same text compare unequal.
    """

    def get_prep_value(self, value):
        return unix_newlines(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NormalizedTextFormField, **kwargs})


class NamedSlugModel(CheckedTextModel):
    """Reference data addressed by a name in admin and in import files."""

    slug_prefix = "item"
    # A name items share: renaming one changes every page that shows it (freshness).
    shared_names = True

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("スラッグ", max_length=80, unique=True, blank=True, help_text=SLUG_HELP)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The name as loaded: a save that keeps it renames nothing (freshness).
        instance.loaded_name = instance.__dict__.get("name")  # never loads a deferred name
        return instance

    @property
    def renamed(self):
        """Whether saving this row changes its name (True when it was not loaded)."""
        return getattr(self, "loaded_name", None) != self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = ascii_slug(self.name, self.slug_prefix)
            self.slug = unique_slug(type(self), base, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class ContentVersion(models.Model):
    """Which version of the public content the site shows: a new random token at every change.

    Cached pages are stored under the token they were rendered for, so a page can
    never be served after a change, on any process or machine. Random rather than a
    counter: a database restored from a backup must not bring back an old token.
    """

    key = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        db_table = "careers_contentversion"  # the table keeps the name it had before this app
        verbose_name = "公開内容の版"
        verbose_name_plural = "公開内容の版"

    def __str__(self):
        return self.token


class EditingSession(models.Model):
    """Someone has an item's edit page open: kept fresh by the page while it is open, so
    that whoever opens the item next is told (careers/core/presence.py)."""

    public_content = False  # no page shows it (careers/core/freshness.py)

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    opened_at = models.DateTimeField("開いた日時")
    seen_at = models.DateTimeField("最後に確認した日時")

    class Meta:
        db_table = "careers_editingsession"  # the table keeps the name it had before this app
        verbose_name = "編集中の画面"
        verbose_name_plural = "編集中の画面"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_editing_session_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} が {self.content_type} {self.object_id} を編集中"
