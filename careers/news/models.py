"""News (お知らせ): dated posts HR publishes, optionally pinned to the top, with their own
list, pages and Atom feed, and the latest on the home page. Published like any other
content (careers/core/publishing.py); an expiry takes a post down on time."""

import reversion
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP
from careers.core.slugs import readable_slug_field, title_slug


class NewsCategory(models.TextChoices):
    EXAM = "exam", "採用試験"
    EVENT = "event", "イベント"
    OTHER = "other", "その他"


@reversion.register()
class NewsPost(Publishable):
    Category = NewsCategory

    title = models.CharField("タイトル", max_length=200)
    slug = readable_slug_field(
        "URL に使う半角の小文字英数字とハイフン。空欄のまま保存するとタイトルのローマ字から付けます。"
        "公開中は変更できません。"
    )
    category = models.CharField(
        "分類", max_length=20, choices=NewsCategory, default=NewsCategory.OTHER
    )
    pinned = models.BooleanField(
        "一覧の先頭に固定する",
        default=False,
        help_text="重要なお知らせを、新しいお知らせより上に表示します。",
    )
    body = models.TextField("本文", blank=True, help_text=MARKDOWN_HELP)

    class Meta(Publishable.Meta):
        db_table = "careers_newspost"  # the table keeps the name it had before this app
        # Pinned first, then newest; undated drafts first in admin (as articles).
        ordering = [
            "-pinned",
            models.F("published_at").desc(nulls_first=True),
            "-id",
        ]
        verbose_name = "お知らせ"
        verbose_name_plural = "お知らせ"
        permissions = [("publish_newspost", "お知らせを公開・公開停止できる")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            day = (
                timezone.localdate(self.published_at) if self.published_at else timezone.localdate()
            )
            self.slug = title_slug(NewsPost, self.title, "news", day)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def get_preview_url(self):
        return reverse("news:preview", kwargs={"slug": self.slug})
