"""The employer in figures (数字でみる): numbers HR publishes (職員数 1,234人, as of a day,
with its source), grouped by theme in HR's order, each optionally broken down into rows
(20代 120 / 30代 300 …) that the page draws as a bar chart. Published like any other
content; a figure as of more than a year ago is flagged by the content checks."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from careers.core.publishing import Publishable
from careers.core.rendering import MARKDOWN_HELP
from careers.core.slugs import readable_slug_field, title_slug
from careers.core.validation import CheckedTextModel, validate_date_in_range

NUMBER_HELP = "例: 1234、1,234、12.5（全角の数字でもかまいません）。"
NOT_NEGATIVE = "数値は 0 以上にしてください。"
STALE_AFTER_YEARS = 1


def shown(value):
    """A number as the page shows it: thousands grouped, no trailing zeros (1,234.5)."""
    return f"{value.normalize():,f}"


class FigureTheme(CheckedTextModel):
    name = models.CharField(
        "テーマ", max_length=100, unique=True, help_text="例: 職員、働き方、育成"
    )
    position = models.PositiveIntegerField("表示順", default=0, help_text="小さい順に並びます。")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "数字でみるのテーマ"
        verbose_name_plural = "数字でみるのテーマ"

    def __str__(self):
        return self.name


@reversion.register(follow=["breakdown"])
class Figure(Publishable):
    theme = models.ForeignKey(
        FigureTheme, verbose_name="テーマ", on_delete=models.PROTECT, related_name="figures"
    )
    position = models.PositiveIntegerField(
        "表示順", default=0, help_text="テーマの中で小さい順に並びます。"
    )
    label = models.CharField("項目", max_length=100, help_text="例: 職員数、平均有給休暇取得日数")
    # Names the figure in export files and is its anchor on the page (/figures/#figure-<slug>),
    # the same on every site the content is carried to.
    slug = readable_slug_field(
        "ページ内のリンク（/figures/#figure-スラッグ）と書き出しのファイル名に使う半角の小文字英数字と"
        "ハイフン。空欄のまま保存すると項目のローマ字から付けます。公開中は変更できません。"
    )
    value = models.DecimalField("数値", max_digits=12, decimal_places=2, help_text=NUMBER_HELP)
    unit = models.CharField("単位", max_length=20, blank=True, help_text="例: 人、%、日")
    as_of = models.DateField(
        "時点",
        validators=[validate_date_in_range],
        help_text="いつの数値か。ページに「2026年4月1日時点」と表示します。",
    )
    source = models.CharField(
        "出典", max_length=200, blank=True, help_text="例: 職員数調査（人事課）"
    )
    note = models.TextField("注記", blank=True, help_text=MARKDOWN_HELP)
    breakdown_title = models.CharField(
        "内訳の見出し",
        max_length=50,
        blank=True,
        help_text="例: 年代別。内訳を入れると、ページに棒グラフと表で表示します。",
    )

    class Meta(Publishable.Meta):
        ordering = ["theme__position", "theme_id", "position", "id"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figure_value_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]
        verbose_name = "数字でみる"
        verbose_name_plural = "数字でみる"
        permissions = [("publish_figure", "数字でみるを公開・公開停止できる")]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = title_slug(Figure, self.label, "figure", timezone.localdate())
        super().save(*args, **kwargs)

    def content_errors(self):
        return {"value": NOT_NEGATIVE} if self.value is not None and self.value < 0 else {}

    def search_document(self):
        return super().search_document() + [row.label for row in self.breakdown.all()]

    @property
    def anchor(self):
        return f"figure-{self.slug}"

    @property
    def shown_value(self):
        return shown(self.value)

    @property
    def plain_value(self):
        """The number for machines (the page's <data value>): 1234.5, never 1.2E+3."""
        return f"{self.value.normalize():f}"

    @property
    def breakdown_heading(self):
        """「職員数の内訳（年代別）」: the chart's and the table's name."""
        return f"{self.label}の内訳" + (
            f"（{self.breakdown_title}）" if self.breakdown_title else ""
        )

    def is_stale(self, today=None):
        """Whether the figure is as of more than STALE_AFTER_YEARS ago."""
        today = today or timezone.localdate()
        try:
            limit = today.replace(year=today.year - STALE_AFTER_YEARS)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - STALE_AFTER_YEARS, day=28)
        return self.as_of < limit

    def get_absolute_url(self):
        return f"{reverse('figures:list')}#{self.anchor}"

    def get_preview_url(self):
        return reverse("figures:preview", kwargs={"slug": self.slug})


@reversion.register()
class FigureBreakdownRow(CheckedTextModel):
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="breakdown")
    position = models.PositiveIntegerField("順番", default=0)
    label = models.CharField("項目", max_length=40, help_text="例: 20代")
    value = models.DecimalField("数値", max_digits=12, decimal_places=2, help_text=NUMBER_HELP)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figurebreakdownrow_value_not_negative",
                violation_error_message=NOT_NEGATIVE,
            ),
        ]
        verbose_name = "内訳"
        verbose_name_plural = "内訳"

    def __str__(self):
        return self.label

    def clean(self):
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": NOT_NEGATIVE})

    @property
    def shown_value(self):
        return shown(self.value)
