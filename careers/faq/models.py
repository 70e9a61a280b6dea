"""Frequently asked questions (よくある質問): questions HR groups by theme and orders, each
published on its own like any other content, shown on one page with an anchor each and
described to search engines as a FAQPage. The interviews' questions are not FAQs (they
are asked of one person about their own work) and stay out of it."""

import reversion
from django.db import models
from django.urls import reverse
from django.utils import timezone

from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP
from careers.core.slugs import readable_slug_field, title_slug
from careers.core.validation import CheckedTextModel


class FaqTheme(CheckedTextModel):
    name = models.CharField("テーマ", max_length=100, unique=True)
    position = models.PositiveIntegerField("表示順", default=0, help_text="小さい順に並びます。")

    class Meta:
        db_table = "careers_faqtheme"  # the table keeps the name it had before this app
        ordering = ["position", "id"]
        verbose_name = "よくある質問のテーマ"
        verbose_name_plural = "よくある質問のテーマ"

    def __str__(self):
        return self.name


@reversion.register()
class FaqItem(Publishable):
    theme = models.ForeignKey(
        FaqTheme, verbose_name="テーマ", on_delete=models.PROTECT, related_name="items"
    )
    question = models.CharField("質問", max_length=200)
    # Names the question in export files (faq/<slug>.yaml), the same on every site the
    # content is carried to; the page's anchor (#q12) is the row's own.
    slug = readable_slug_field(
        "書き出し（export_content）のファイル名に使う半角の小文字英数字とハイフン。"
        "空欄のまま保存すると質問のローマ字から付けます。"
    )
    answer = models.TextField("回答", help_text=MARKDOWN_HELP)
    position = models.PositiveIntegerField(
        "表示順", default=0, help_text="テーマの中で小さい順に並びます。"
    )

    class Meta(Publishable.Meta):
        db_table = "careers_faqitem"  # the table keeps the name it had before this app
        ordering = ["theme__position", "theme_id", "position", "id"]
        verbose_name = "よくある質問"
        verbose_name_plural = "よくある質問"
        permissions = [("publish_faqitem", "よくある質問を公開・公開停止できる")]

    def __str__(self):
        return self.question

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = title_slug(FaqItem, self.question, "faq", timezone.localdate())
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        """The id of the question on the FAQ page: stable whatever HR rewords."""
        return f"q{self.pk}"

    def get_absolute_url(self):
        return f"{reverse('faq')}#{self.anchor}"

    def get_preview_url(self):
        return reverse("faq-preview")
