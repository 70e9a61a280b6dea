"""The names items share (job categories, departments, entry routes): renaming one changes every page that shows it (core.freshness). Imports core only."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from careers.core.models import NamedSlugModel, NormalizedTextField
from careers.core.publishing import address_name_problem


class JobCategory(NamedSlugModel):
    slug_prefix = "job"

    summary = NormalizedTextField(
        "紹介文", blank=True, help_text="職種ページの冒頭に表示する説明（Markdown が使えます）。"
    )
    position = models.PositiveIntegerField("表示順", default=0, help_text="小さい順に並びます。")

    class Meta:
        db_table = "careers_jobcategory"  # the table keeps the name it had before this app
        ordering = ["position", "name"]
        verbose_name = "職種"
        verbose_name_plural = "職種"

    def get_absolute_url(self):
        return reverse("careers:category-detail", kwargs={"slug": self.slug})


class Department(NamedSlugModel):
    slug_prefix = "dept"

    class Meta(NamedSlugModel.Meta):
        db_table = "careers_department"  # the table keeps the name it had before this app
        verbose_name = "所属局"
        verbose_name_plural = "所属局"


class EntryRoute(NamedSlugModel):
    slug_prefix = "route"

    class Kind(models.TextChoices):
        NEW_GRADUATE = "new_graduate", "新卒採用"
        EXPERIENCED = "experienced", "経験者採用"

    kind = models.CharField("区分", max_length=20, choices=Kind, default=Kind.NEW_GRADUATE)

    EXPERIENCED_WORDS = ("経験者", "キャリア", "社会人", "中途")

    class Meta(NamedSlugModel.Meta):
        db_table = "careers_entryroute"  # the table keeps the name it had before this app
        verbose_name = "採用区分"
        verbose_name_plural = "採用区分"

    def clean(self):
        super().clean()
        if message := address_name_problem(self):
            raise ValidationError({"slug": message})

    @classmethod
    def kind_for_name(cls, name):
        """A guess at a new route's kind from its name; HR can correct it in admin."""
        if any(word in name for word in cls.EXPERIENCED_WORDS):
            return cls.Kind.EXPERIENCED
        return cls.Kind.NEW_GRADUATE
